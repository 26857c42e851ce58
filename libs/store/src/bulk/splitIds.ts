/** Splits a `string_agg(id, ''::bytea)` result into 32-byte ids (views, no copy). */
export function splitIds(packed: Buffer | null): Uint8Array[] {
  if (!packed) return []
  const ids = new Array<Uint8Array>(packed.length / 32)
  for (let i = 0; i < ids.length; i++) ids[i] = packed.subarray(i * 32, i * 32 + 32)
  return ids
}
