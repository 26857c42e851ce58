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
    function submitBatch(BatchHeader calldata header, bytes32[] calldata messageIds, bytes[] calldata signatures)
        external
    {
        if (paused) revert Paused();
        if (header.destination != localDomain) revert WrongDestination(header.destination, localDomain);
        uint64 index = nextBatchIndex;
        if (header.batchIndex < index) revert BatchAlreadySubmitted(header.batchIndex);
        if (header.batchIndex > index) revert BatchOutOfOrder(header.batchIndex, index);
        bytes32 previous = index == 0 ? bytes32(0) : batchHashes[index - 1];
        if (header.previousBatchHash != previous) revert PreviousBatchMismatch(header.previousBatchHash, previous);
        if (messageIds.length == 0 || messageIds.length != header.messageCount) {
            revert MessageCountMismatch(messageIds.length, header.messageCount);
        }
        // PROTOCOL.md "What a batch publishes": the root is recomputed from the published ids.
        bytes32 computed = MerkleMultiproof.rootFromCalldata(messageIds);
        if (computed != header.root) revert RootMismatch(computed, header.root);
        bytes32 structHash = batchHash(header);
        _verifyQuorum(_digest(structHash), signatures);
        batchHashes[index] = structHash;
        nextBatchIndex = index + 1;
        emit BatchSubmitted(index, structHash, header.root, header.messageCount);
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
        for (uint256 i; i < count; ++i) {
            ids[i] = _checkedId(messages[i], i);
        }
        if (!MerkleMultiproof.verifyMultiproof(header.root, header.messageCount, leafIndices, ids, proof)) {
            revert InvalidProof();
        }
        for (uint256 i; i < count; ++i) {
            _deliver(batchIndex, leafIndices[i], ids[i], messages[i]);
        }
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

    /// @dev Checks a message's header fields and returns its id. A message of another version or
    ///      destination inside a settled batch means the quorum signed garbage: reject the whole call.
    function _checkedId(bytes calldata message, uint256 position) private view returns (bytes32 id) {
        if (message.length < Message.HEADER_LENGTH) revert MalformedMessage(position);
        id = Message.idCalldata(message);
        (uint8 version,, uint32 destination) = Message.headerCalldata(message);
        if (version != Message.VERSION) revert UnsupportedVersion(id, version);
        if (destination != localDomain) revert WrongDestination(destination, localDomain);
    }

    /// @dev PROTOCOL.md "Replay protection": the key is the message's (origin, nonce), proven through
    ///      its id, never the (batchIndex, leafIndex) that carries it, so a second batch holding the
    ///      same message, or one batch holding it twice, cannot execute it again: it is skipped.
    function _deliver(uint64 batchIndex, uint32 leafIndex, bytes32 id, bytes calldata message) private {
        (uint32 origin, uint64 nonce) = Message.originNonceCalldata(message);
        uint256 word = nonce >> 8;
        uint256 bit = _bit(nonce);
        uint256 slot = _slotOf(_executed[origin], word);
        uint256 bits;
        assembly ("memory-safe") {
            bits := sload(slot)
        }
        if (bits & bit != 0) {
            emit MessageSkipped(id, batchIndex, leafIndex);
            return;
        }
        // Effects before the call: a re-entrant execute of this message sees it executed.
        assembly ("memory-safe") {
            sstore(slot, or(bits, bit))
        }
        (bool ok, bytes memory reason) = _callRecipient(id, origin, message);
        if (ok) {
            emit MessageExecuted(id, batchIndex, leafIndex, origin, nonce);
        } else {
            // Re-read: a re-entrant call may have set other bits of this word meanwhile.
            _executed[origin][word] &= ~bit;
            _failed[origin][word] |= bit;
            emit MessageFailed(id, batchIndex, leafIndex, origin, nonce, reason);
        }
    }

    /// @dev Calls IMessageRecipient.handle(origin, sender, payload) with exactly the message's gas limit,
    ///      building the calldata at the free memory pointer without claiming it, so delivering 1000
    ///      messages does not grow memory.
    function _callRecipient(bytes32 id, uint32 originDomain, bytes calldata message)
        private
        returns (bool ok, bytes memory reason)
    {
        bytes32 recipient = Message.recipientCalldata(message);
        address target = address(uint160(uint256(recipient)));
        // A bytes32 recipient that is not a left-padded EVM address must never be truncated into one.
        if (uint256(recipient) >> 160 != 0 || target.code.length == 0) {
            return (false, abi.encodeWithSelector(RecipientHasNoCode.selector, recipient));
        }
        bytes32 sender = Message.senderCalldata(message);
        uint256 gasLimit = Message.gasLimitCalldata(message);
        bytes4 selector = IMessageRecipient.handle.selector;
        bool starved;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let length := sub(message.length, 85)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), and(originDomain, 0xffffffff)) // small types may carry dirty high bits in Yul
            mstore(add(ptr, 0x24), sender)
            mstore(add(ptr, 0x44), 0x60)
            mstore(add(ptr, 0x64), length)
            mstore(add(add(ptr, 0x84), and(length, not(31))), 0) // zero the padding of the last word
            calldatacopy(add(ptr, 0x84), add(message.offset, 85), length)
            // Exact gas (as Chainlink CCIP's CallWithExactGas): EIP-150 forwards at most all but 1/64 of
            // what is left, so the call gets exactly `gasLimit` only if g - g/64 > gasLimit once the
            // reserve is set aside; otherwise the executor, not the recipient, is short of gas.
            let g := gas()
            switch lt(g, EXECUTE_GAS_RESERVE)
            case 1 { starved := 1 }
            default {
                g := sub(g, EXECUTE_GAS_RESERVE)
                starved := iszero(gt(sub(g, div(g, 64)), gasLimit))
            }
            if iszero(starved) {
                ok := call(gasLimit, target, 0, ptr, add(0x84, and(add(length, 31), not(31))), 0, 0)
            }
        }
        if (starved) revert InsufficientGasForRecipient(id, gasLimit);
        if (ok) return (true, reason);
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

    /// @dev Solidity's slot of `bits[word]`, computed once so that the hot path's read and write of the
    ///      executed word share one keccak (Solidity recomputes it per access).
    function _slotOf(mapping(uint256 word => uint256 bits) storage bits, uint256 word)
        private
        pure
        returns (uint256 slot)
    {
        assembly ("memory-safe") {
            mstore(0x00, word)
            mstore(0x20, bits.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _bit(uint64 nonce) private pure returns (uint256) {
        return uint256(1) << (nonce & 0xff);
    }
}
