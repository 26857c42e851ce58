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
export type { TrieNode } from './buildReceiptsTrie.js'
export { bytesToHex, hexToBytes, keccak256 } from './hex.js'
