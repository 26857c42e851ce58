// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IMessageRecipient
/// @notice Implemented by every contract that receives relaymesh messages. SettlementInbox calls it
///         once per proven message, with exactly the message's gas limit; a revert (or running out of
///         that gas) marks the message failed (retryable), never executed.
/// @dev A message does not name the inbox that executes it (PROTOCOL.md "For app authors"): anyone can
///      deploy another inbox with relayers of their choosing and call `handle` with any origin, sender
///      and payload. An implementation must accept exactly one inbox (immutable, checked against
///      `msg.sender`) and then check `origin` and `sender`.
interface IMessageRecipient {
    /// @param origin the source domain (PROTOCOL.md "Chain identifiers")
    /// @param sender the source-chain sender, bytes32 (an EVM address left-padded with zeros)
    /// @param payload the application bytes
    function handle(uint32 origin, bytes32 sender, bytes calldata payload) external;
}
