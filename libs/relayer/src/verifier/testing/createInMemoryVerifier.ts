import type { BusMessage } from '@relaymesh/bus'
import { bytesToHex } from '@relaymesh/protocol'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import type { RejectionInput } from '@relaymesh/store'
import { pad, type Hex } from 'viem'
import { incomingBundleCodec, type IncomingBundle, type VerifiedNotice } from '../../bundle/bundleCodec.js'
import type { FinalityStatus } from '../../finality/FinalityProvider.js'
import { syntheticBlock, syntheticMessages, type SyntheticReceipt } from '../../testing/syntheticBlock.js'
import { buildBlockBundleWires } from '../../watcher/buildBlockBundleWires.js'
import { bundleRejections } from '../bundleRejections.js'
import { countByDestination } from '../countByDestination.js'
import { createEvmSource } from '../createEvmSource.js'
import { createVerifierPool } from '../createVerifierPool.js'
import type { SourceChains } from '../verifyAndStoreBundle.js'
import { verificationRejections } from '../verificationRejections.js'
import type { VerifierDeps } from '../VerifierDeps.js'

const ORIGIN = 1
const OUTBOX: Hex = '0x00000000000000000000000000000000000000aa'

/** The real EVM source over the finality the test sets per block (final by default), verifying inline. */
function evmSources(finality: ReadonlyMap<Hex, FinalityStatus>): SourceChains {
  return {
    evm: createEvmSource(
      {
        chains: new Map([[ORIGIN, { config: { outbox: OUTBOX } }]]),
        config: { chains: [56, 97].map((domain) => ({ domain })), maxPayloadBytes: 65_536 },
      },
      {
        finality: {
          check: async (block) => finality.get(block.hash) ?? { status: 'final', verification: 'confirmations' },
        },
        pool: createVerifierPool({ threads: 0 }),
      },
    ),
    solana: {
      verify: () => Promise.reject(new Error('no Solana part in these tests')),
      claimsOf: () => ({ claims: [], where: {} }),
    },
  }
}

/**
 * A verifier's world in memory, behind `VerifierDeps`: the real EVM source (receipt proofs verified inline, no worker
 * threads) over a finality the test sets per block, a store of message ids and rejection rows (the store's rules: an
 * id stored once, the rest known), and the wake-ups sent. `failNotify` makes the next wake-ups throw. `part` builds a
 * real bundle part of a synthetic block, as the watcher publishes it.
 */
export function createInMemoryVerifier() {
  const world = {
    stored: new Map<string, number>(),
    rejections: [] as RejectionInput[],
    notices: [] as VerifiedNotice[],
    finality: new Map<Hex, FinalityStatus>(),
    failNotify: 0,
  }
  const sources = evmSources(world.finality)
  const deps: VerifierDeps = {
    store: {
      async persistVerification({ bundle, firstDelivery }) {
        const { ids, count, destinations } = bundle.messages
        const insertedIds: Uint8Array[] = []
        const knownIds: Uint8Array[] = []
        for (let i = 0; i < count; i++) {
          const id = ids.slice(32 * i, 32 * i + 32)
          if (world.stored.has(bytesToHex(id))) knownIds.push(id)
          else {
            world.stored.set(bytesToHex(id), destinations[i] as number) // reason: i < count
            insertedIds.push(id)
          }
        }
        const rows = verificationRejections({ bundle, knownIds, firstDelivery })
        world.rejections.push(...rows)
        const { length: inserted } = insertedIds
        const destinationsOf = countByDestination(destinations)
        return {
          inserted,
          insertedIds,
          known: knownIds.length,
          knownIds,
          rejected: rows.length,
          destinations: destinationsOf,
        }
      },
      async rejectBundle(p) {
        world.rejections.push(...bundleRejections(p))
      },
    },
    notifyVerified: async (notice) => {
      if (world.failNotify > 0) {
        world.failNotify--
        throw new Error('NATS unavailable')
      }
      world.notices.push(notice)
    },
    traces: { inBundleSpan: (_m, run) => run({ setAttributes: () => undefined }), recordBundle: async () => undefined },
    clock: { now: () => 0 },
  }
  return Object.assign(world, { deps, sources, part })
}

/** Block `number` holding `messages` (per destination), as one bundle part delivered `deliveryCount` times. */
function part(p: {
  number: bigint
  messages: Record<number, number>
  deliveryCount?: number
}): BusMessage<IncomingBundle> {
  const receipts: SyntheticReceipt[] = []
  for (const [destination, count] of Object.entries(p.messages))
    receipts.push(
      ...syntheticMessages({
        origin: ORIGIN,
        destination: Number(destination),
        outbox: OUTBOX,
        count,
        firstNonce: p.number * 1_000n + BigInt(receipts.length),
      }).receipts,
    )
  const { block } = syntheticBlock(receipts, p.number, pad('0x01'), (h) => hashBlockHeader(h))
  const [wire] = buildBlockBundleWires({ origin: ORIGIN, outbox: OUTBOX, block, receipts, maxBytes: 1 << 20, now: 0 })
  if (!wire) throw new Error(`block ${p.number} holds no message`)
  return {
    subject: 'bundles',
    data: incomingBundleCodec.decode(wire.bytes, incomingBundleCodec.contentType),
    headers: undefined,
    deliveryCount: p.deliveryCount ?? 1,
    streamSequence: Number(p.number),
    msgId: undefined,
  }
}

export type InMemoryVerifier = ReturnType<typeof createInMemoryVerifier>
