// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Ownable2Step
/// @notice Single owner handed over in two steps (as OpenZeppelin's `Ownable2Step`): the owner names
///         a successor, who must accept. A typo in the new address cannot lose the token's admin.
abstract contract Ownable2Step {
    address public owner;
    /// @notice Named by the owner; becomes owner on `acceptOwnership`. Zero when none.
    address public pendingOwner;

    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    /// Only the address the owner named can take ownership.
    error NotPendingOwner(address caller);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(address owner_) {
        _transferOwnership(owner_);
    }

    /// @notice Names `newOwner` as successor (zero cancels a pending handover); ownership moves only
    ///         when they accept.
    function transferOwnership(address newOwner) external onlyOwner {
        pendingOwner = newOwner;
        emit OwnershipTransferStarted(owner, newOwner);
    }

    function acceptOwnership() external {
        if (msg.sender != pendingOwner) revert NotPendingOwner(msg.sender);
        _transferOwnership(msg.sender);
    }

    function _transferOwnership(address newOwner) private {
        delete pendingOwner;
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }
}
