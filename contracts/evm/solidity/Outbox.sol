// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Message} from "./Message.sol";

/// @title Outbox
/// @notice Source side of relaymesh: numbers and publishes outgoing messages. Relayers read the
///         `Dispatch` log (the whole encoded message) and prove it with a receipt proof, so nothing
///         but the nonce is stored.
contract Outbox {
    /// @notice The domain of this chain; written into every message as its origin.
    uint32 public immutable localDomain;
    /// @notice The nonce the next message gets (per outbox, starts at 0).
    uint64 public nonce;

    /// @notice Emitted once per message; `message` is the full PROTOCOL.md encoding, so a relayer
    ///         never has to reconstruct it from other fields.
    event Dispatch(bytes32 indexed id, uint32 indexed destination, uint64 indexed nonce, bytes message);

    /// @notice Rejected because the destination executes `handle` with the payload in calldata and
    ///         the spec caps it (PROTOCOL.md "Message": payload limit 65,536 bytes) so that every
    ///         dispatched message stays executable within a block.
    error PayloadTooLarge(uint256 length, uint256 limit);

    constructor(uint32 localDomain_) {
        localDomain = localDomain_;
    }

    /// @notice Sends `payload` to `recipient` on `destination`.
    /// @return id keccak256 of the encoded message (PROTOCOL.md "Message id")
    function dispatch(uint32 destination, bytes32 recipient, bytes calldata payload) external returns (bytes32 id) {
        if (payload.length > Message.MAX_PAYLOAD_LENGTH) {
            revert PayloadTooLarge(payload.length, Message.MAX_PAYLOAD_LENGTH);
        }
        uint64 current = nonce;
        nonce = current + 1;
        bytes memory message = Message.encode(
            current, localDomain, bytes32(uint256(uint160(msg.sender))), destination, recipient, payload
        );
        id = Message.id(message);
        emit Dispatch(id, destination, current, message);
    }
}
