// What sibling libs may need beyond the public entry (STYLE.md: `index.ts` is
// small, `internal.ts` holds the rest). Not a stable API.
export { getKeccakKernel, KERNEL_HEAP } from './keccakKernel.js'
export type { KeccakKernel } from './keccakKernel.js'
export { ZERO_HASHES, MAX_MERKLE_DEPTH } from './zeroHashes.js'
export { merkleLayers } from './merkleLayers.js'
export type { MerkleLayers } from './merkleLayers.js'
export { tryHexToBytes } from './tryHexToBytes.js'
export { tryHexInto } from './tryHexInto.js'
export { resolveMaxPayloadBytes } from './resolveMaxPayloadBytes.js'
