import type { VerifiedBundle } from '../SourceChain.js'

/**
 * A verified part whose messages go to `destinations` (one message each, id byte `idSeed + i`), for tests of what
 * the verifier does around verification; `refused` claims ride along.
 */
export function verifiedBundleOf(p: {
  destinations: readonly number[]
  idSeed?: number
  refused?: VerifiedBundle['refused']
}): VerifiedBundle {
  const count = p.destinations.length
  const ids = new Uint8Array(32 * count)
  for (let i = 0; i < count; i++) ids.fill((p.idSeed ?? 1) + i, 32 * i, 32 * i + 32)
  return {
    origin: 1,
    block: { number: 42n, hash: new Uint8Array(32).fill(0xbb), parentHash: new Uint8Array(32) },
    verification: 'confirmations',
    messages: {
      count,
      ids,
      senders: new Uint8Array(32 * count),
      recipients: new Uint8Array(32 * count),
      gasLimits: new Uint32Array(count),
      payloads: new Uint8Array(),
      payloadEnds: new Uint32Array(count),
      txHashes: new Uint8Array(32 * count),
      txHashEnds: new Uint32Array(count).map((_, i) => 32 * (i + 1)),
      destinations: Uint32Array.from(p.destinations),
      nonces: new BigUint64Array(count),
      logIndexes: new Uint32Array(count),
      traceparents: Array.from({ length: count }, () => undefined),
    },
    refused: p.refused ?? [],
    observedAt: 0,
    where: { blockNumber: '42' },
    sentAt: 0,
  }
}
