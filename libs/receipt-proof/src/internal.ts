/**
 * Building blocks for sibling libs (other tries, other headers); not part of
 * the stable public API.
 */
export { encodeHexPrefix } from './encodeHexPrefix.js'
export { decodeHexPrefix } from './decodeHexPrefix.js'
export type { DecodeHexPrefixReturnType } from './decodeHexPrefix.js'
export { receiptTrieKey } from './receiptTrieKey.js'
export { encodeRlpListOfEncoded } from './encodeRlp.js'
export { asRlpBytes, asRlpList } from './decodeRlp.js'
export { BASE_HEADER_FIELDS, FORK_HEADER_FIELDS, HEADER_FIELDS } from './BlockHeader.js'
export type { HeaderFieldKind } from './BlockHeader.js'
export { buildTrie } from './buildTrie.js'
export type { Trie, TrieEntry, TrieNode } from './buildTrie.js'
export { getTrieProof } from './getTrieProof.js'
export type { TrieProof } from './getTrieProof.js'
export { parseTrieRoot, verifyTrieProof, walkTrieProof } from './verifyTrieProof.js'
export type { ProofNodeSource, VerifyTrieProofParameters } from './verifyTrieProof.js'
export { bytesEqual, bytesToHex, bytesToNibbles, hexToBytes, keccak256 } from './hex.js'
