// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMessageRecipient} from "../solidity/IMessageRecipient.sol";

/// @notice Counts deliveries per tag (the payload is `abi.encode(tag)`): the invariants read it to see
///         what executed, how often.
contract CountingRecipient is IMessageRecipient {
    mapping(uint256 tag => uint256 count) public counts;

    function handle(uint32, bytes32, bytes calldata payload) external {
        counts[abi.decode(payload, (uint256))] += 1;
    }
}

/// @notice Always reverts.
contract RejectingRecipient is IMessageRecipient {
    function handle(uint32, bytes32, bytes calldata) external pure {
        revert("rejected");
    }
}

/// @notice Burns every unit of gas it is given (INVALID): the hostile recipient per-message gas limits guard against.
contract GasBurningRecipient is IMessageRecipient {
    function handle(uint32, bytes32, bytes calldata) external pure {
        assembly {
            invalid()
        }
    }
}
