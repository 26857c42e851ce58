// snappyjs ships no types; only the block-format decoder is used (test vectors).
declare module 'snappyjs' {
  export function uncompress(compressed: Uint8Array): Uint8Array
  export function compress(uncompressed: Uint8Array): Uint8Array
}
