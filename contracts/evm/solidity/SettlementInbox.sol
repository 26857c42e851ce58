// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMessageRecipient} from "./IMessageRecipient.sol";
import {Message} from "./Message.sol";
import {MerkleMultiproof} from "./MerkleMultiproof.sol";
import {RelayerQuorum} from "./RelayerQuorum.sol";

/// @title SettlementInbox
/// @notice Destination side of relaymesh (PROTOCOL.md "Batch header and its signatures", "What a batch
///         publishes", "Replay protection"). A k-of-n relayer quorum settles one Merkle root per batch;
///         anyone then executes the batch's messages with (multi)proofs, many per transaction.
/// @dev Storage per batch is one slot (its EIP-712 hash). Replay protection is per message, not per
///      batch slot: two packed bitmaps keyed by the message's (origin, nonce), word `nonce >> 8`, bit
///      `nonce & 255`. Nonces are per Outbox and each origin has exactly one trusted Outbox, so the key
///      names one message whichever batch (or leaf) carries it, and an origin's consecutive messages
///      share a word: one fresh slot per 256 messages per origin, every other write a warm or
///      non-zero slot.
contract SettlementInbox is RelayerQuorum {
    /// @notice Longest revert reason copied into MessageFailed; a recipient cannot return-bomb the executor.
    uint256 public constant MAX_REASON_LENGTH = 256;
    /// @notice Gas `execute` keeps back, beyond a message's gas limit and the 1/64 EIP-150 withholds,
    ///         before calling its recipient: the CALL itself and the failure bookkeeping after it
    ///         (failed bit in a fresh word, `MessageFailed` with a 256-byte reason). So a call that
    ///         fails always had its full gas limit, and recording the failure cannot run out of gas
    ///         (PROTOCOL.md "Execution gas").
    uint256 public constant EXECUTE_GAS_RESERVE = 40_000;

    uint32 public immutable localDomain;

    /// @notice EIP-712 hashStruct of each settled batch header, by index.
    mapping(uint64 batchIndex => bytes32 batchHash) public batchHashes;
    mapping(uint32 origin => mapping(uint256 word => uint256 bits)) private _executed;
    mapping(uint32 origin => mapping(uint256 word => uint256 bits)) private _failed;

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

    /// @notice True once the message (origin, nonce) executed successfully, whichever batch carried it.
    function isExecuted(uint32 origin, uint64 nonce) external view returns (bool) {
        return _executed[origin][nonce >> 8] & _bit(nonce) != 0;
    }

    /// @notice True when the message's last attempt failed and it has not executed since.
    /// @dev A successful retry does not clear the failed bit (that would cost an SLOAD on every
    ///      success); the executed bit takes precedence here.
    function isFailed(uint32 origin, uint64 nonce) external view returns (bool) {
        uint256 word = nonce >> 8;
        uint256 bit = _bit(nonce);
        return _failed[origin][word] & bit != 0 && _executed[origin][word] & bit == 0;
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

    /// @dev What `_deliverRun` stopped at; anything but DELIVERED is finished by `_finishDelivery`.
    uint256 private constant DELIVERED = 0;
    uint256 private constant SKIPPED = 1;
    uint256 private constant RECIPIENT_FAILED = 2;
    uint256 private constant NO_CODE = 3;
    uint256 private constant STARVED = 4;
    /// @dev Literals, so that assembly can read them: IMessageRecipient.handle.selector (left-aligned) and
    ///      MessageExecuted.selector, the topic of `MessageExecuted(bytes32)`. The e2e tests decode the
    ///      logs with the generated ABI, so a mismatch fails them.
    uint256 private constant HANDLE_SELECTOR = 0x56d5d475 << 224;
    bytes32 private constant MESSAGE_EXECUTED_TOPIC = 0xe7d1e1f435233f7a187624ac11afaf32ee0da368cef8a5625be394412f619254;

    /// @dev Where a calldata message sits, for `_deliverRun`: offset << 32 | length.
    function _span(bytes calldata message) private pure returns (uint256 span) {
        assembly {
            span := or(shl(32, message.offset), message.length)
        }
    }

    /// @dev Delivers every message (ids and spans in leaf order of this call). `leafList` is the calldata
    ///      offset of the `uint32[]` leaf indices, or zero when message i is leaf i (submitAndExecute).
    function _deliverAll(uint64 batchIndex, bytes32[] memory ids, uint256[] memory spans, uint256 leafList) private {
        uint256 count = ids.length;
        uint256 at;
        while (true) {
            uint256 outcome;
            (at, outcome) = _deliverRun(ids, spans, at);
            if (at == count) return;
            uint256 leaf = at;
            if (leafList != 0) {
                assembly {
                    leaf := calldataload(add(leafList, shl(5, at)))
                }
            }
            uint256 span = spans[at];
            bytes calldata message;
            assembly {
                message.offset := shr(32, span)
                message.length := and(span, 0xffffffff)
            }
            _finishDelivery(batchIndex, uint32(leaf), ids[at], message, outcome);
            ++at;
        }
    }

    /// @dev PROTOCOL.md "Replay protection": the key is the message's (origin, nonce), proven through
    ///      its id, never the (batchIndex, leafIndex) that carries it, so a second batch holding the
    ///      same message, or one batch holding it twice, cannot execute it again: it is skipped.
    ///      The common case, in one assembly loop from message `from` on, stopping at the first message
    ///      that needs more (returned with its outcome; `at == ids.length` when none does): one keccak
    ///      (two when the origin changes), one SLOAD and one SSTORE of the executed word, one CALL, one
    ///      LOG2 per message. The executed bit is set before the call (a re-entrant execute of this
    ///      message sees it executed), then IMessageRecipient.handle(origin, sender, payload) is called
    ///      with exactly the message's gas limit, its calldata built at the free memory pointer without
    ///      claiming it, so delivering 1000 messages does not grow memory. A bytes32 recipient that is
    ///      not a left-padded EVM address is never truncated into one (NO_CODE, as an address without code).
    function _deliverRun(bytes32[] memory ids, uint256[] memory spans, uint256 from)
        private
        returns (uint256 at, uint256 outcome)
    {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let lastDomain := not(0)
            // The parts of the handle calldata that are the same for every message.
            mstore(ptr, HANDLE_SELECTOR)
            mstore(add(ptr, 0x44), 0x60)
            for { at := from } lt(at, mload(ids)) { at := add(at, 1) } {
                // Blocks end variables early: the legacy pipeline (forge) has only 16 stack slots.
                let span := mload(add(spans, shl(5, add(at, 1))))
                let data := shr(32, span)
                let domain := and(shr(152, calldataload(data)), 0xffffffff)
                // Solidity's slot of _executed[domain][nonce >> 8]. Scratch word 0x20 keeps the inner hash
                // for the origin (nothing else in this loop writes scratch space).
                if xor(domain, lastDomain) {
                    mstore(0x00, domain)
                    mstore(0x20, _executed.slot)
                    mstore(0x20, keccak256(0x00, 0x40))
                    lastDomain := domain
                }
                {
                    let nonce := and(shr(184, calldataload(data)), 0xffffffffffffffff)
                    mstore(0x00, shr(8, nonce))
                    let slot := keccak256(0x00, 0x40)
                    let bit := shl(and(nonce, 0xff), 1)
                    let bits := sload(slot)
                    if and(bits, bit) {
                        outcome := SKIPPED
                        break
                    }
                    sstore(slot, or(bits, bit))
                }
                let recipient := calldataload(add(data, 49))
                if or(shr(160, recipient), iszero(extcodesize(recipient))) {
                    outcome := NO_CODE
                    break
                }
                let length := sub(and(span, 0xffffffff), 85)
                mstore(add(ptr, 0x04), domain) // leaves the selector's 4 bytes in place
                mstore(add(ptr, 0x24), calldataload(add(data, 13))) // sender
                mstore(add(ptr, 0x64), length)
                mstore(add(add(ptr, 0x84), and(length, not(31))), 0) // zero the padding of the last word
                calldatacopy(add(ptr, 0x84), add(data, 85), length)
                let gasLimit := shr(224, calldataload(add(data, 81)))
                // Exact gas (as Chainlink CCIP's CallWithExactGas): EIP-150 forwards at most all but 1/64
                // of what is left, so the call gets exactly `gasLimit` only if h - h/64 > gasLimit, where
                // h = gasleft - EXECUTE_GAS_RESERVE; otherwise the executor, not the recipient, is short of
                // gas. With integer division h - floor(h/64) = ceil(63h/64), so the test is 63h > 64 gasLimit,
                // that is 63 gasleft > 64 gasLimit + 63 EXECUTE_GAS_RESERVE (false whenever gasleft <= reserve).
                if iszero(gt(mul(63, gas()), add(shl(6, gasLimit), mul(63, EXECUTE_GAS_RESERVE)))) {
                    outcome := STARVED
                    break
                }
                if iszero(call(gasLimit, recipient, 0, ptr, add(0x84, and(add(length, 31), not(31))), 0, 0)) {
                    outcome := RECIPIENT_FAILED
                    break
                }
                log2(0, 0, MESSAGE_EXECUTED_TOPIC, mload(add(ids, shl(5, add(at, 1)))))
            }
        }
    }

    /// @dev Finishes the delivery `_deliverRun` stopped at: a skip, or a failure (the executed bit it set
    ///      is cleared and the failed bit set), or the executor's shortage of gas (reverts everything).
    function _finishDelivery(uint64 batchIndex, uint32 leafIndex, bytes32 id, bytes calldata message, uint256 outcome)
        private
    {
        if (outcome == SKIPPED) {
            emit MessageSkipped(id, batchIndex, leafIndex);
            return;
        }
        if (outcome == STARVED) revert InsufficientGasForRecipient(id, Message.gasLimitCalldata(message));
        // Read the recipient's revert data first: nothing below makes a call.
        bytes memory reason = outcome == NO_CODE
            ? abi.encodeWithSelector(RecipientHasNoCode.selector, Message.recipientCalldata(message))
            : _returnedReason();
        (uint32 origin, uint64 nonce) = Message.originNonceCalldata(message);
        uint256 word = nonce >> 8;
        uint256 bit = _bit(nonce);
        // Re-read: a re-entrant call may have set other bits of this word meanwhile.
        _executed[origin][word] &= ~bit;
        _failed[origin][word] |= bit;
        emit MessageFailed(id, batchIndex, leafIndex, origin, nonce, reason);
    }

    /// @dev The last call's revert data, at most MAX_REASON_LENGTH bytes: a recipient cannot return-bomb
    ///      the executor.
    function _returnedReason() private pure returns (bytes memory reason) {
        uint256 size;
        assembly {
            size := returndatasize()
        }
        if (size > MAX_REASON_LENGTH) size = MAX_REASON_LENGTH;
        reason = new bytes(size);
        assembly ("memory-safe") {
            returndatacopy(add(reason, 0x20), 0, size)
        }
    }

    function _bit(uint64 nonce) private pure returns (uint256) {
        return uint256(1) << (nonce & 0xff);
    }
}
