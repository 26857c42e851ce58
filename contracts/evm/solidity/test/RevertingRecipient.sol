// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMessageRecipient} from "../IMessageRecipient.sol";

/// @notice Test recipient that reverts while `reverting` is set, then accepts: exercises the failed
///         bitmap and the retry of a failed message.
contract RevertingRecipient is IMessageRecipient {
    bool public reverting = true;
    uint256 public handled;
    bytes public lastPayload;

    error Rejected(uint32 origin, bytes32 sender);

    function setReverting(bool reverting_) external {
        reverting = reverting_;
    }

    function handle(uint32 origin, bytes32 sender, bytes calldata payload) external {
        if (reverting) revert Rejected(origin, sender);
        handled += 1;
        lastPayload = payload;
    }
}
