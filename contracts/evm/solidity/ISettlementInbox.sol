// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title ISettlementInbox
/// @notice Types, events and errors of the destination-side settlement inbox. Each error's comment
///         says why the rejection exists (PROTOCOL.md sections cited).
interface ISettlementInbox {
    /// @notice PROTOCOL.md "Batch header and its signatures": the EIP-712 struct relayers sign.
    struct BatchHeader {
        uint32 destination;
        uint64 batchIndex;
        bytes32 root;
        uint32 messageCount;
        bytes32 previousBatchHash;
    }

    event BatchSubmitted(uint64 indexed batchIndex, bytes32 indexed batchHash, bytes32 root, uint32 messageCount);
    /// @notice The message `id` executed. Nothing else is logged, since everything else is derivable
    ///         (PROTOCOL.md "Execution events"): origin and nonce from the message the id hashes, the
    ///         carrying batch from the same transaction's calldata. One topic and no data: ~1.1k gas
    ///         less per message than logging batch, leaf, origin and nonce.
    event MessageExecuted(bytes32 indexed id);
    /// @notice The recipient failed within the message's gas limit (reverted, ran out of gas, has no
    ///         code); the message stays executable, from any batch carrying it.
    event MessageFailed(
        bytes32 indexed id, uint64 indexed batchIndex, uint32 leafIndex, uint32 origin, uint64 nonce, bytes reason
    );
    /// @notice `execute` met a message that had already executed (another executor got there first) and
    ///         went on with the others instead of reverting (PROTOCOL.md "Replay protection").
    event MessageSkipped(bytes32 indexed id, uint64 indexed batchIndex, uint32 leafIndex);

    // ---- submitBatch ----
    /// The pauser stopped the inbox (a compromised relayer set or a bug): nothing settles or executes.
    error Paused();
    /// A batch is signed for one destination inbox (PROTOCOL.md: the EIP-712 domain binds chainId,
    /// the header binds the domain); a message or header for another chain must never land here.
    error WrongDestination(uint32 destination, uint32 localDomain);
    /// Batches form a hash chain (PROTOCOL.md "Batch 0 has previousBatchHash = 0 ..."): an index below
    /// the next one is already settled, and accepting it again would fork the chain.
    error BatchAlreadySubmitted(uint64 batchIndex);
    /// A gap would leave a batch the chain can never link back to; batches settle strictly in order.
    error BatchOutOfOrder(uint64 batchIndex, uint64 expected);
    /// The header must extend the stored chain (PROTOCOL.md: batch k carries batch k-1's batchHash),
    /// so relayers cannot settle a batch built on a history the inbox never saw.
    error PreviousBatchMismatch(bytes32 previousBatchHash, bytes32 expected);
    /// PROTOCOL.md: n >= 1 leaves, and the published ids are exactly the header's messageCount leaves.
    error MessageCountMismatch(uint256 ids, uint32 messageCount);
    /// PROTOCOL.md "What a batch publishes": a root whose leaves were not published cannot be accepted.
    error RootMismatch(bytes32 computed, bytes32 root);
    /// Signatures are 65 bytes r ++ s ++ v with v in {27, 28}; anything else cannot be recovered.
    error InvalidSignature(uint256 position);
    /// PROTOCOL.md: low-s only, so a signature has one encoding and cannot be malleated into a second.
    error SignatureMalleable(uint256 position);
    /// PROTOCOL.md: strictly ascending signers, so one relayer cannot be counted twice.
    error DuplicateSigner(address signer);
    /// PROTOCOL.md: signers ordered by strictly ascending address (makes the duplicate check one comparison).
    error SignersNotSorted(address signer, address previous);
    /// Only the current relayer set may settle: an outsider, or a relayer rotated out, signs nothing here.
    error UnknownSigner(address signer);
    /// Fewer than `threshold` relayers vouched for the root: k-of-n is the whole trust model.
    error InsufficientQuorum(uint256 have, uint256 need);

    // ---- execute ----
    /// The header must hash to the batch stored at its index, so a proof is only ever checked
    /// against a root that a quorum settled.
    error UnknownBatch(uint64 batchIndex);
    /// messages and leafIndices pair up one to one.
    error LengthMismatch(uint256 messages, uint256 leafIndices);
    /// A message shorter than the 85-byte header (PROTOCOL.md "Message") cannot be decoded.
    error MalformedMessage(uint256 position);
    /// Only v2 messages are defined (PROTOCOL.md "Message": version = 2).
    error UnsupportedVersion(bytes32 id, uint8 version);
    /// The ids must be leaves of the settled root at the claimed indices, at least one of them
    /// (PROTOCOL.md "Multiproof").
    error InvalidProof();
    /// Too little gas is left to call the recipient with exactly the message's gas limit (plus
    /// EXECUTE_GAS_RESERVE and the 1/64 EIP-150 withholds): the executor under-funded the call, so
    /// nothing is recorded (PROTOCOL.md "Execution gas"). Send more gas, or this message alone.
    error InsufficientGasForRecipient(bytes32 id, uint256 gasLimit);
    /// Reason recorded in MessageFailed when the recipient is not an EVM address or has no code.
    error RecipientHasNoCode(bytes32 recipient);

    // Governance (relayer set, rotation, pause): IRelayerQuorum.
}
