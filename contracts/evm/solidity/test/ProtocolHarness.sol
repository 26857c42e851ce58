// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Message} from "../Message.sol";
import {MerkleMultiproof} from "../MerkleMultiproof.sol";

/// @notice Exposes the protocol libraries' pure functions so the parity test can compare them with
///         the TypeScript twin through eth_call.
contract ProtocolHarness {
    function encodeMessage(
        uint64 nonce,
        uint32 origin,
        bytes32 sender,
        uint32 destination,
        bytes32 recipient,
        uint32 gasLimit,
        bytes calldata payload
    ) external pure returns (bytes memory) {
        return Message.encode(nonce, origin, sender, destination, recipient, gasLimit, payload);
    }

    function decodeMessage(bytes memory message) external pure returns (Message.Fields memory) {
        return Message.decode(message);
    }

    function messageId(bytes memory message) external pure returns (bytes32) {
        return Message.id(message);
    }

    /// @notice Ids of many messages in one call (keeps the parity test's eth_calls few).
    function messageIds(bytes[] calldata messages) external pure returns (bytes32[] memory ids) {
        ids = new bytes32[](messages.length);
        for (uint256 i; i < messages.length; ++i) {
            ids[i] = Message.idCalldata(messages[i]);
        }
    }

    function depth(uint256 n) external pure returns (uint256) {
        return MerkleMultiproof.depth(n);
    }

    function rootFromLeaves(bytes32[] memory leaves) external pure returns (bytes32) {
        return MerkleMultiproof.rootFromLeaves(leaves);
    }

    function verifyProof(bytes32 root, uint256 n, uint256 index, bytes32 leaf, bytes32[] calldata proof)
        external
        pure
        returns (bool)
    {
        return MerkleMultiproof.verify(root, n, index, leaf, proof);
    }

    function verifyMultiproof(
        bytes32 root,
        uint256 n,
        uint32[] calldata indices,
        bytes32[] memory leaves,
        bytes32[] calldata proof
    ) external pure returns (bool) {
        return MerkleMultiproof.verifyMultiproof(root, n, indices, leaves, proof);
    }
}
