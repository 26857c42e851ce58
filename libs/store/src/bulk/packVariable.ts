/** Concatenates variable-length `values` and returns each one's 1-based start and length for `substring`. */
export function packVariable(values: readonly Uint8Array[]): { data: Buffer; starts: number[]; lengths: number[] } {
  const starts = new Array<number>(values.length)
  const lengths = new Array<number>(values.length)
  let offset = 1
  for (let i = 0; i < values.length; i++) {
    const length = (values[i] as Uint8Array).length // reason: i < values.length
    starts[i] = offset
    lengths[i] = length
    offset += length
  }
  return { data: Buffer.concat(values as Uint8Array[]), starts, lengths } // reason: not mutated
}
