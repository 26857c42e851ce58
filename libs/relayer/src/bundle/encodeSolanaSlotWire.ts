import { BUNDLE_WIRE_HEAD_BYTES, BUNDLE_WIRE_LIMITS } from './BundleWire.js'
import type { SolanaSlotWire } from './SolanaSlotWire.js'
import { invalid, traceparentBytes, WireWriter, writeHead, writeTraceparent } from './WireWriter.js'

export type EncodeSolanaSlotWireParameters = Omit<
  SolanaSlotWire,
  'source' | 'messageCount' | 'part' | 'partCount' | 'parentHash'
>

const utf8 = new TextEncoder()

function checkSizes(p: EncodeSolanaSlotWireParameters): void {
  if (p.transactions.length > BUNDLE_WIRE_LIMITS.solanaTransactions)
    throw invalid(`${p.transactions.length} transactions`)
  if (p.signatures.length > BUNDLE_WIRE_LIMITS.solanaSignatures) throw invalid(`${p.signatures.length} signatures`)
  for (const s of p.signatures)
    if (s.signer.length !== 32 || s.signature.length !== 64) throw invalid('a signer is 32 bytes, a signature 64')
  for (const t of p.transactions) if (t.signature.length !== 64) throw invalid('a transaction signature is 64 bytes')
  for (const c of p.claims) if (c.messageId.length !== 32) throw invalid('a message id is 32 bytes')
  if (p.blockTime !== undefined && (!Number.isSafeInteger(p.blockTime) || p.blockTime < 0))
    throw invalid(`block time ${p.blockTime}`)
}

/**
 * Encodes a Solana slot bundle in the binary wire form (`BundleWire.ts`, source 1), one part per slot: one
 * allocation, raw bytes copied once.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` when a field does not fit its wire type.
 * @example
 * const bytes = encodeSolanaSlotWire({
 *   origin,
 *   blockNumber: BigInt(slot),
 *   blockHash,
 *   observedAt: Date.now(),
 *   blockTime,
 *   commitment,
 *   signatures,
 *   transactions,
 *   claims,
 * })
 */
export function encodeSolanaSlotWire(p: EncodeSolanaSlotWireParameters): Uint8Array {
  checkSizes(p)
  const errors = p.transactions.map((t) =>
    t.err === null || t.err === undefined ? null : utf8.encode(JSON.stringify(t.err)),
  )
  let size = BUNDLE_WIRE_HEAD_BYTES + 9 + 4 + p.commitment.length + 4 + 96 * p.signatures.length + 4 + 4
  p.transactions.forEach((t, i) => (size += 64 + 4 + (errors[i]?.length ?? 0) + 4 + t.wire.length))
  for (const c of p.claims) size += 32 + traceparentBytes(c.traceparent)
  const w = new WireWriter(size)
  writeHead(w, {
    ...p,
    source: 'solana',
    parentHash: new Uint8Array(32),
    part: 0,
    partCount: 1,
    messageCount: p.claims.length,
  })
  w.u8(p.blockTime === undefined ? 0 : 1)
  w.view.setBigUint64(w.at, BigInt(p.blockTime ?? 0))
  w.at += 8
  w.u32(p.commitment.length)
  w.raw(p.commitment)
  w.u32(p.signatures.length)
  for (const s of p.signatures) {
    w.raw(s.signer)
    w.raw(s.signature)
  }
  w.u32(p.transactions.length)
  p.transactions.forEach((t, i) => {
    w.raw(t.signature)
    w.u32(errors[i]?.length ?? 0)
    if (errors[i]) w.raw(errors[i])
    w.u32(t.wire.length)
    w.raw(t.wire)
  })
  w.u32(p.claims.length)
  for (const c of p.claims) {
    w.raw(c.messageId)
    writeTraceparent(w, c.traceparent)
  }
  return w.bytes
}
