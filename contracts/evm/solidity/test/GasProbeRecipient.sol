// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMessageRecipient} from "../IMessageRecipient.sol";

/// @notice Records the gas it was called with (read first thing in `handle`), so a test can check
///         that the inbox calls a recipient with exactly its message's gas limit.
contract GasProbeRecipient is IMessageRecipient {
    uint256 public gasAtEntry;

    function handle(uint32, bytes32, bytes calldata) external {
        gasAtEntry = gasleft();
    }
}
