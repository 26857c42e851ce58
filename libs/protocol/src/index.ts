// @relaymesh/protocol: the wire protocol of PROTOCOL.md, pure and synchronous
// (no IO), so it runs the same in services, worker threads and tests.
export type { Hex } from './Hex.js'
export { ProtocolError } from './ProtocolError.js'
export type { ProtocolErrorCode, ProtocolErrorParameters } from './ProtocolError.js'

// Messages
export {
  DEFAULT_GAS_LIMIT,
  DEFAULT_MAX_PAYLOAD_BYTES,
  MESSAGE_GAS_LIMIT_OFFSET,
  MESSAGE_HEADER_BYTES,
  MESSAGE_NONCE_OFFSET,
  MESSAGE_VERSION,
} from './Message.js'
export type { Message, MessageCodecOptions } from './Message.js'
export { encodeMessage } from './encodeMessage.js'
export { encodeMessageHex } from './encodeMessageHex.js'
export { decodeMessage } from './decodeMessage.js'
export { messageId } from './messageId.js'
export { messageIds } from './messageIds.js'
export { MAX_PACKED_MESSAGE_BYTES, packMessages } from './packMessages.js'
export { unpackMessages } from './unpackMessages.js'
export { addressToBytes32 } from './addressToBytes32.js'
export { bytes32ToAddress } from './bytes32ToAddress.js'

// Chains
export { domains } from './domains.js'
export type { Domain, DomainName } from './domains.js'
export { chains, chainsByDomain } from './chains.js'
export type { ChainInfo, ChainKind } from './chains.js'
export { chainInfo } from './chainInfo.js'
export { chainKind } from './chainKind.js'
export { domainName } from './domainName.js'
export { isKnownDomain } from './isKnownDomain.js'

// Hashing
export { keccak256 } from './keccak256.js'
export { keccak256Batch } from './keccak256Batch.js'
export { keccak256Batch64 } from './keccak256Batch64.js'
export { bytesToHex } from './bytesToHex.js'
export { hexToBytes } from './hexToBytes.js'

// Batch Merkle tree
export type { MerkleLeaves } from './MerkleLeaves.js'
export { createMerkleTree } from './createMerkleTree.js'
export type { MerkleTree } from './createMerkleTree.js'
export { merkleRoot } from './merkleRoot.js'
export { merkleDepth } from './merkleDepth.js'
export { verifyMerkleProof } from './verifyMerkleProof.js'
export type { VerifyMerkleProofParameters } from './verifyMerkleProof.js'
export { verifyMerkleMultiproof } from './verifyMerkleMultiproof.js'
export type { VerifyMerkleMultiproofParameters } from './verifyMerkleMultiproof.js'
export { BATCH_HEADER_TYPES, batchTypedData, hashBatchHeader } from './batchHeader.js'
export type { BatchDomain, BatchHeader } from './batchHeader.js'
export { RELAYER_SET_UPDATE_TYPES, relayerSetUpdateTypedData } from './relayerSetUpdate.js'
export type { RelayerSetUpdate } from './relayerSetUpdate.js'
