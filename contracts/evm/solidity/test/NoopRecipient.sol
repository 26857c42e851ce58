// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMessageRecipient} from "../IMessageRecipient.sol";

/// @notice Accepts every message and does nothing: the gas bench's recipient, so the figures measure
///         the inbox alone.
contract NoopRecipient is IMessageRecipient {
    function handle(uint32, bytes32, bytes calldata) external {}
}
