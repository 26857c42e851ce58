// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Message
/// @notice The relaymesh v2 message codec (PROTOCOL.md "Message"): packed, big-endian, no padding.
///         version(1) | nonce(8) | origin(4) | sender(32) | destination(4) | recipient(32) | gasLimit(4) | payload(rest)
/// @dev The TypeScript twin (`@relaymesh/protocol`) must produce the same bytes; the parity test
///      compares both through `ProtocolHarness`.
library Message {
    uint8 internal constant VERSION = 2;
    /// PROTOCOL.md: "Header is 85 bytes".
    uint256 internal constant HEADER_LENGTH = 85;
    /// PROTOCOL.md "Message": the gas limit `Outbox.dispatch` without one gives a message.
    uint32 internal constant DEFAULT_GAS_LIMIT = 200_000;
    /// PROTOCOL.md: "payload limit 65,536 bytes by default".
    uint256 internal constant MAX_PAYLOAD_LENGTH = 65_536;

    uint256 private constant SENDER_OFFSET = 13;
    uint256 private constant DESTINATION_OFFSET = 45;
    uint256 private constant RECIPIENT_OFFSET = 49;
    uint256 private constant GAS_LIMIT_OFFSET = 81;

    /// @notice A message shorter than its 85-byte header cannot be decoded (PROTOCOL.md "Message").
    error MessageTooShort(uint256 length);

    struct Fields {
        uint8 version;
        uint64 nonce;
        uint32 origin;
        bytes32 sender;
        uint32 destination;
        bytes32 recipient;
        uint32 gasLimit;
        bytes payload;
    }

    /// @notice Encodes a v2 message; `abi.encodePacked` gives exactly the spec's layout.
    function encode(
        uint64 nonce,
        uint32 origin,
        bytes32 sender,
        uint32 destination,
        bytes32 recipient,
        uint32 gasLimit,
        bytes calldata payload
    ) internal pure returns (bytes memory) {
        return abi.encodePacked(VERSION, nonce, origin, sender, destination, recipient, gasLimit, payload);
    }

    /// @notice Message id = keccak256(encoding) (PROTOCOL.md "Message").
    function id(bytes memory message) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            result := keccak256(add(message, 0x20), mload(message))
        }
    }

    /// @notice Decodes every field of a message held in memory.
    function decode(bytes memory message) internal pure returns (Fields memory f) {
        uint256 length = message.length;
        if (length < HEADER_LENGTH) revert MessageTooShort(length);
        uint256 head;
        bytes32 sender;
        uint256 mid;
        bytes32 recipient;
        uint256 tail;
        assembly ("memory-safe") {
            let p := add(message, 0x20)
            head := mload(p) // version | nonce | origin in the top 13 bytes
            sender := mload(add(p, SENDER_OFFSET))
            mid := mload(add(p, DESTINATION_OFFSET))
            recipient := mload(add(p, RECIPIENT_OFFSET))
            tail := mload(add(p, GAS_LIMIT_OFFSET))
        }
        f.version = uint8(head >> 248);
        f.nonce = uint64(head >> 184);
        f.origin = uint32(head >> 152);
        f.sender = sender;
        f.destination = uint32(mid >> 224);
        f.recipient = recipient;
        f.gasLimit = uint32(tail >> 224);
        uint256 payloadLength = length - HEADER_LENGTH;
        bytes memory payload = new bytes(payloadLength);
        assembly ("memory-safe") {
            mcopy(add(payload, 0x20), add(add(message, 0x20), HEADER_LENGTH), payloadLength)
        }
        f.payload = payload;
    }

    // ---- calldata accessors, used by SettlementInbox.execute on its hot path ----

    /// @notice Hashes a calldata message without building a memory `bytes` (one copy into scratch memory).
    function idCalldata(bytes calldata message) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, message.offset, message.length)
            result := keccak256(ptr, message.length)
        }
    }

    /// @notice version, origin and destination of a calldata message whose length is already checked.
    function headerCalldata(bytes calldata message)
        internal
        pure
        returns (uint8 version, uint32 origin, uint32 destination)
    {
        uint256 head;
        uint256 mid;
        assembly {
            head := calldataload(message.offset)
            mid := calldataload(add(message.offset, DESTINATION_OFFSET))
        }
        version = uint8(head >> 248);
        origin = uint32(head >> 152);
        destination = uint32(mid >> 224);
    }

    /// @notice origin and nonce of a calldata message whose length is already checked: together they
    ///         name the message (PROTOCOL.md "Replay protection").
    function originNonceCalldata(bytes calldata message) internal pure returns (uint32 origin, uint64 nonce) {
        uint256 head;
        assembly {
            head := calldataload(message.offset)
        }
        nonce = uint64(head >> 184);
        origin = uint32(head >> 152);
    }

    function senderCalldata(bytes calldata message) internal pure returns (bytes32 sender) {
        assembly {
            sender := calldataload(add(message.offset, SENDER_OFFSET))
        }
    }

    function recipientCalldata(bytes calldata message) internal pure returns (bytes32 recipient) {
        assembly {
            recipient := calldataload(add(message.offset, RECIPIENT_OFFSET))
        }
    }

    /// @notice The gas the inbox calls the recipient with (PROTOCOL.md "Message", "Execution gas").
    function gasLimitCalldata(bytes calldata message) internal pure returns (uint32 gasLimit) {
        uint256 tail;
        assembly {
            tail := calldataload(add(message.offset, GAS_LIMIT_OFFSET))
        }
        gasLimit = uint32(tail >> 224);
    }

    function payloadCalldata(bytes calldata message) internal pure returns (bytes calldata) {
        return message[HEADER_LENGTH:];
    }
}
