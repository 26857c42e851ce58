// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Message} from "./Message.sol";
import {MerkleMultiproof} from "./MerkleMultiproof.sol";
import {MessageDelivery} from "./MessageDelivery.sol";
import {RelayerQuorum} from "./RelayerQuorum.sol";

/// @title SettlementInbox
/// @notice Destination side of relaymesh (PROTOCOL.md "Batch header and its signatures", "What a batch
///         publishes", "Replay protection"). A k-of-n relayer quorum settles one Merkle root per batch;
///         anyone then executes the batch's messages with (multi)proofs, many per transaction.
/// @dev Storage per batch is one slot (its EIP-712 hash). Delivery and replay protection (per message,
///      keyed by (origin, nonce)) are MessageDelivery's.
contract SettlementInbox is RelayerQuorum, MessageDelivery {
    uint32 public immutable localDomain;

    /// @notice EIP-712 hashStruct of each settled batch header, by index.
    mapping(uint64 batchIndex => bytes32 batchHash) public batchHashes;

    constructor(
        uint32 localDomain_,
        address pauser_,
        address[] memory relayers_,
        uint8 threshold_,
        uint64 rotationDelay_
    ) RelayerQuorum(pauser_, relayers_, threshold_, rotationDelay_) {
        localDomain = localDomain_;
    }

    /// @notice batchHash of the last settled batch, or zero before batch 0 (PROTOCOL.md hash chain).
    function lastBatchHash() public view returns (bytes32) {
        uint64 next = nextBatchIndex;
        return next == 0 ? bytes32(0) : batchHashes[next - 1];
    }

    /// @notice Settles one batch: the header, every message id as calldata, and the quorum's signatures.
    ///         Its messages are then executed with multiproofs (`execute`).
    function submitBatch(BatchHeader calldata header, bytes32[] calldata messageIds, bytes[] calldata signatures)
        external
    {
        uint64 index = _nextBatch(header, messageIds.length);
        // PROTOCOL.md "What a batch publishes": the root is recomputed from the published ids.
        bytes32 computed = MerkleMultiproof.rootFromCalldata(messageIds);
        if (computed != header.root) revert RootMismatch(computed, header.root);
        _settle(index, header, signatures);
    }

    /// @notice Settles one batch and executes every one of its messages in the same transaction
    ///         (PROTOCOL.md "One-shot settlement"): `messages` is the batch's messages in leaf order, each
    ///         as a 3-byte big-endian length then its bytes; the ids are their hashes and the root is
    ///         recomputed from them, so neither the ids nor a proof travel. Delivery is `execute`'s:
    ///         exact gas per recipient, failures recorded and retryable (then through `execute` with a
    ///         multiproof), messages already executed skipped with `MessageSkipped`.
    /// @dev All or nothing like `submitBatch`: a bad header, root or quorum, a malformed message or list,
    ///      and too little gas for a message's limit (`InsufficientGasForRecipient`) revert the whole
    ///      call, which then settles nothing; the batch can still be settled with `submitBatch`.
    function submitAndExecute(BatchHeader calldata header, bytes calldata messages, bytes[] calldata signatures)
        external
    {
        uint256 count = header.messageCount;
        uint64 index = _nextBatch(header, count);
        (bytes32[] memory ids, uint256[] memory spans) = _packedIds(messages, count);
        bytes32 computed = MerkleMultiproof.rootFromLeaves(ids);
        if (computed != header.root) revert RootMismatch(computed, header.root);
        _settle(index, header, signatures);
        _deliverAll(index, ids, spans, 0);
    }

    /// @notice Executes messages of a settled batch, proven together by one multiproof.
    /// @dev Each recipient is called with exactly its message's gas limit. A recipient that fails within
    ///      it (reverts, runs out of gas, has no code) marks its message failed and the rest go on; a
    ///      failed message can be executed again later. A message already executed (say by someone who
    ///      front-ran this call) is skipped with `MessageSkipped`, so it cannot revert the batch. What
    ///      reverts the whole call: a bad batch, proof or message header, and too little gas left for a
    ///      message's limit (`InsufficientGasForRecipient`: the executor's fault, nothing is recorded).
    function execute(
        BatchHeader calldata header,
        bytes[] calldata messages,
        uint32[] calldata leafIndices,
        bytes32[] calldata proof
    ) external {
        if (paused) revert Paused();
        uint64 batchIndex = header.batchIndex;
        bytes32 stored = batchHashes[batchIndex];
        if (stored == bytes32(0) || stored != batchHash(header)) revert UnknownBatch(batchIndex);
        uint256 count = messages.length;
        if (count != leafIndices.length) revert LengthMismatch(count, leafIndices.length);
        bytes32[] memory ids = new bytes32[](count);
        uint256[] memory spans = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            bytes calldata message = messages[i];
            ids[i] = _checkedId(message, i);
            spans[i] = _span(message);
        }
        if (!MerkleMultiproof.verifyMultiproof(header.root, header.messageCount, leafIndices, ids, proof)) {
            revert InvalidProof();
        }
        uint256 leafList;
        assembly {
            leafList := leafIndices.offset
        }
        _deliverAll(batchIndex, ids, spans, leafList);
    }

    /// @notice EIP-712 hashStruct(header) (PROTOCOL.md "batchHash").
    function batchHash(BatchHeader calldata header) public pure returns (bytes32) {
        return keccak256(
            abi.encode(
                BATCH_HEADER_TYPEHASH,
                header.destination,
                header.batchIndex,
                header.root,
                header.messageCount,
                header.previousBatchHash
            )
        );
    }

    /// @notice The EIP-712 digest relayers sign for `header`.
    function digest(BatchHeader calldata header) external view returns (bytes32) {
        return _digest(batchHash(header));
    }

    /// @dev The checks of a batch that would settle next: not paused, this destination, the next index,
    ///      extending the stored chain, and `leaves` (ids or messages) being its messageCount >= 1 leaves.
    function _nextBatch(BatchHeader calldata header, uint256 leaves) private view returns (uint64 index) {
        if (paused) revert Paused();
        if (header.destination != localDomain) revert WrongDestination(header.destination, localDomain);
        index = nextBatchIndex;
        if (header.batchIndex < index) revert BatchAlreadySubmitted(header.batchIndex);
        if (header.batchIndex > index) revert BatchOutOfOrder(header.batchIndex, index);
        bytes32 previous = index == 0 ? bytes32(0) : batchHashes[index - 1];
        if (header.previousBatchHash != previous) revert PreviousBatchMismatch(header.previousBatchHash, previous);
        if (leaves == 0 || leaves != header.messageCount) revert MessageCountMismatch(leaves, header.messageCount);
    }

    /// @dev Checks the quorum over a batch whose root is already recomputed, then stores it.
    function _settle(uint64 index, BatchHeader calldata header, bytes[] calldata signatures) private {
        bytes32 structHash = batchHash(header);
        _verifyQuorum(_digest(structHash), signatures);
        batchHashes[index] = structHash;
        nextBatchIndex = index + 1;
        emit BatchSubmitted(index, structHash, header.root, header.messageCount);
    }

    /// @dev The ids of `count` length-prefixed messages packed in `packed`, each message's header checked
    ///      as `_checkedId` does; the list must hold exactly `count` messages and nothing after them. One
    ///      assembly loop (a copy and a keccak per message); the first bad message is then re-read by
    ///      `_revertBadMessage` for its precise error.
    function _packedIds(bytes calldata packed, uint256 count)
        private
        view
        returns (bytes32[] memory ids, uint256[] memory spans)
    {
        ids = new bytes32[](count);
        spans = new uint256[](count);
        uint256 local = localDomain;
        uint256 version = Message.VERSION;
        uint256 bad = type(uint256).max;
        uint256 cursor;
        uint256 end;
        assembly ("memory-safe") {
            cursor := packed.offset
            end := add(cursor, packed.length)
            let ptr := mload(0x40)
            let out := add(ids, 0x20)
            let spanOut := add(spans, 0x20)
            for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                let length := shr(232, calldataload(cursor))
                let data := add(cursor, 3)
                cursor := add(data, length)
                if or(
                    or(lt(length, 85), gt(cursor, end)),
                    or(xor(shr(248, calldataload(data)), version), xor(shr(224, calldataload(add(data, 45))), local))
                ) {
                    bad := i
                    break
                }
                calldatacopy(ptr, data, length)
                mstore(add(out, shl(5, i)), keccak256(ptr, length))
                mstore(add(spanOut, shl(5, i)), or(shl(32, data), length))
            }
        }
        if (bad != type(uint256).max) _revertBadMessage(packed, bad);
        if (cursor != end) revert MalformedMessage(count);
    }

    /// @dev Reverts with the error of message `position` of a packed list, known to be bad.
    function _revertBadMessage(bytes calldata packed, uint256 position) private view {
        uint256 cursor;
        for (uint256 i; i < position; ++i) {
            cursor += 3 + uint24(bytes3(packed[cursor:cursor + 3]));
        }
        uint256 length = uint24(bytes3(packed[cursor:cursor + 3]));
        if (length < Message.HEADER_LENGTH || cursor + 3 + length > packed.length) revert MalformedMessage(position);
        _checkedId(packed[cursor + 3:cursor + 3 + length], position);
    }

    /// @dev Checks a message's header fields and returns its id. A message of another version or
    ///      destination inside a settled batch means the quorum signed garbage: reject the whole call.
    function _checkedId(bytes calldata message, uint256 position) private view returns (bytes32 id) {
        if (message.length < Message.HEADER_LENGTH) revert MalformedMessage(position);
        id = Message.idCalldata(message);
        (uint8 version,, uint32 destination) = Message.headerCalldata(message);
        if (version != Message.VERSION) revert UnsupportedVersion(id, version);
        if (destination != localDomain) revert WrongDestination(destination, localDomain);
    }
}
