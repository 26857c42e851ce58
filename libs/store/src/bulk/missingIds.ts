/** The ids of `requested` that are not in `returned` (both as bytes); hex sets, only called on the slow path. */
export function missingIds(requested: readonly Uint8Array[], returned: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set(returned.map((id) => Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex')))
  return requested.filter((id) => !seen.has(Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex')))
}
