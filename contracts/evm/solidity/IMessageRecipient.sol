// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IMessageRecipient
/// @notice Implemented by every contract that receives relaymesh messages. SettlementInbox calls it
///         once per proven message; a revert marks the message failed (retryable), never executed.
interface IMessageRecipient {
    /// @param origin the source domain (PROTOCOL.md "Chain identifiers")
    /// @param sender the source-chain sender, bytes32 (an EVM address left-padded with zeros)
    /// @param payload the application bytes
    function handle(uint32 origin, bytes32 sender, bytes calldata payload) external;
}
