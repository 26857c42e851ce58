import { bytesToHex } from '@relaymesh/protocol'
import { decodeBundleWire } from '../bundle/decodeBundleWire.js'
import type { FinalityProvider } from '../finality/FinalityProvider.js'
import { RelayerError } from '../RelayerError.js'
import { decideFinalityVerdict } from './decideFinalityVerdict.js'
import type { VerifierPool } from './createVerifierPool.js'
import type { SourceChain } from './SourceChain.js'
import { toVerifiedBundle } from './toVerifiedBundle.js'

/**
 * The EVM source chains (Ethereum and BSC light clients, or confirmations): a part's block must be final in this
 * relayer's own view (`finality`: not yet final is retried, never refused; orphaned is `BLOCK_NOT_CANONICAL`), then
 * its receipts are proven in the verifier's worker pool (`verifyBundle`). The pool is the caller's to close.
 *
 * @example
 * const evm = createEvmSource(ctx, { finality, pool: createVerifierPool({ threads: 2 }) })
 */
export function createEvmSource(
  ctx: {
    chains: ReadonlyMap<number, { config: { outbox: string } }>
    config: { chains: ReadonlyArray<{ domain: number }>; maxPayloadBytes: number }
  },
  p: { finality: FinalityProvider; pool: VerifierPool },
): SourceChain {
  const destinations = ctx.config.chains.map((c) => c.domain)
  return {
    async verify({ head, bytes }) {
      const chain = ctx.chains.get(head.origin)
      if (!chain)
        return { ok: false, refused: { code: 'UNKNOWN_ROUTE', reason: `origin ${head.origin} is not configured` } }
      const block = { origin: head.origin, number: head.blockNumber, hash: bytesToHex(head.blockHash) }
      const verdict = decideFinalityVerdict(await p.finality.check(block))
      if (verdict.kind === 'retry') throw new RelayerError(verdict.reason, { code: verdict.code, action: 'retry' })
      if (verdict.kind === 'refuse') return { ok: false, refused: verdict.refused }
      const outcome = await p.pool.verifyEvm({
        wire: bytes,
        outbox: chain.config.outbox.toLowerCase() as `0x${string}`, // reason: config validated a 20-byte hex address
        destinations: destinations.filter((d) => d !== head.origin),
        maxPayloadBytes: ctx.config.maxPayloadBytes,
      })
      if (!outcome.ok) return { ok: false, refused: { code: outcome.code, reason: outcome.message } }
      return { ok: true, bundle: toVerifiedBundle(head, outcome.result, verdict.verification) }
    },
    claimsOf(bytes) {
      const wire = decodeBundleWire(bytes)
      const claims = wire.receipts.flatMap((r) =>
        r.logs.map((l) => ({
          messageId: l.messageId,
          details: { txHash: bytesToHex(r.txHash), logIndex: l.logIndex },
        })),
      )
      return { claims, where: { blockNumber: wire.blockNumber.toString() } }
    },
  }
}
