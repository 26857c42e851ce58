// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Message} from "./Message.sol";

/// @title Outbox
/// @notice Source side of relaymesh: numbers and publishes outgoing messages. Relayers read the
///         `Dispatch` log (the whole encoded message) and prove it with a receipt proof, so nothing
///         but the nonce is stored.
contract Outbox {
    /// @notice Most messages one `dispatchBatch` call may carry (PROTOCOL.md "Multi-dispatch").
    uint256 public constant MAX_BATCH_MESSAGES = 1024;
    /// @notice Most payload bytes, summed over its messages, one `dispatchBatch` call may carry.
    /// @dev With `MAX_BATCH_MESSAGES` this bounds the call's receipt (~0.7 MB with every log), so a
    ///      relayer can always carry it, proof included, in one bundle part under NATS's default
    ///      1 MiB `max_payload` (PROTOCOL.md "Multi-dispatch").
    uint256 public constant MAX_BATCH_PAYLOAD_BYTES = 262_144;

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
    /// @notice `dispatchBatch` got arrays of different lengths: message `i` is
    ///         `(destinations[i], recipients[i], gasLimits[i], payloads[i])`, so all four must match.
    error BatchLengthMismatch(uint256 destinations, uint256 recipients, uint256 gasLimits, uint256 payloads);
    /// @notice `dispatchBatch` got no message (almost certainly a caller bug; it would only burn gas).
    error BatchEmpty();
    /// @notice `dispatchBatch` got more than `MAX_BATCH_MESSAGES` messages.
    error BatchTooLarge(uint256 count, uint256 limit);
    /// @notice `dispatchBatch` payloads sum to more than `MAX_BATCH_PAYLOAD_BYTES`.
    error BatchPayloadTooLarge(uint256 length, uint256 limit);

    constructor(uint32 localDomain_) {
        localDomain = localDomain_;
    }

    /// @notice Sends `payload` to `recipient` on `destination`; the destination inbox calls the
    ///         recipient with `Message.DEFAULT_GAS_LIMIT` (200,000) gas.
    /// @return id keccak256 of the encoded message (PROTOCOL.md "Message id")
    function dispatch(uint32 destination, bytes32 recipient, bytes calldata payload) external returns (bytes32 id) {
        uint64 current = nonce;
        nonce = current + 1;
        id = _dispatch(current, destination, recipient, Message.DEFAULT_GAS_LIMIT, payload);
    }

    /// @notice Sends `payload` to `recipient` on `destination`; the destination inbox calls the
    ///         recipient with exactly `gasLimit` gas, and a call that fails within it marks the
    ///         message failed and retryable (PROTOCOL.md "Execution gas").
    /// @return id keccak256 of the encoded message (PROTOCOL.md "Message id")
    function dispatch(uint32 destination, bytes32 recipient, uint32 gasLimit, bytes calldata payload)
        external
        returns (bytes32 id)
    {
        uint64 current = nonce;
        nonce = current + 1;
        id = _dispatch(current, destination, recipient, gasLimit, payload);
    }

    /// @notice Sends many messages in one transaction: message `i` is `payloads[i]` to `recipients[i]`
    ///         on `destinations[i]`, executed with `gasLimits[i]` gas. Each one is exactly what
    ///         `dispatch(destination, recipient, gasLimit, payload)` would have sent: its own
    ///         `Dispatch` event, consecutive nonces in array order, the same payload limit. The batch
    ///         pays the transaction base cost and the nonce write once (PROTOCOL.md "Multi-dispatch").
    /// @dev Reverts as a whole on any failed check, so either every message is numbered or none.
    /// @param destinations Destination domain per message.
    /// @param recipients Recipient (bytes32) per message.
    /// @param gasLimits Gas the destination inbox calls the recipient with, per message.
    /// @param payloads Payload per message, each at most 65,536 bytes; at most
    ///        `MAX_BATCH_PAYLOAD_BYTES` in total, at most `MAX_BATCH_MESSAGES` messages.
    /// @return ids The message ids (keccak256 of each encoding), in array order.
    function dispatchBatch(
        uint32[] calldata destinations,
        bytes32[] calldata recipients,
        uint32[] calldata gasLimits,
        bytes[] calldata payloads
    ) external returns (bytes32[] memory ids) {
        uint256 count = payloads.length;
        if (destinations.length != count || recipients.length != count || gasLimits.length != count) {
            revert BatchLengthMismatch(destinations.length, recipients.length, gasLimits.length, count);
        }
        if (count == 0) revert BatchEmpty();
        if (count > MAX_BATCH_MESSAGES) revert BatchTooLarge(count, MAX_BATCH_MESSAGES);
        uint256 total;
        for (uint256 i; i < count; ++i) {
            total += payloads[i].length;
        }
        if (total > MAX_BATCH_PAYLOAD_BYTES) revert BatchPayloadTooLarge(total, MAX_BATCH_PAYLOAD_BYTES);
        uint64 first = nonce;
        nonce = first + uint64(count);
        ids = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            ids[i] = _dispatchScoped(first + uint64(i), destinations[i], recipients[i], gasLimits[i], payloads[i]);
        }
    }

    /// @dev Checks, encodes, hashes and emits one message numbered `current`.
    function _dispatch(
        uint64 current,
        uint32 destination,
        bytes32 recipient,
        uint32 gasLimit,
        bytes calldata payload
    ) private returns (bytes32 id) {
        if (payload.length > Message.MAX_PAYLOAD_LENGTH) {
            revert PayloadTooLarge(payload.length, Message.MAX_PAYLOAD_LENGTH);
        }
        bytes memory message = Message.encode(
            current, localDomain, bytes32(uint256(uint160(msg.sender))), destination, recipient, gasLimit, payload
        );
        id = Message.id(message);
        emit Dispatch(id, destination, current, message);
    }

    /// @dev `_dispatch`, then hands its scratch memory back: the encoded message is dead once
    ///      emitted, and without this a 1,024-message batch would pay quadratic memory expansion.
    function _dispatchScoped(
        uint64 current,
        uint32 destination,
        bytes32 recipient,
        uint32 gasLimit,
        bytes calldata payload
    ) private returns (bytes32 id) {
        uint256 freePointer;
        assembly ("memory-safe") {
            freePointer := mload(0x40)
        }
        id = _dispatch(current, destination, recipient, gasLimit, payload);
        assembly ("memory-safe") {
            mstore(0x40, freePointer)
        }
    }
}
