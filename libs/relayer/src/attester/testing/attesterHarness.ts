// Test-only: the attester's int tests share one fake Solana chain (a committee schedule, slots with and without
// messages, two forks), a database, and the ways they start, wait on and ask an attester.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { buildSlotCommitment, devKeyFromSeed, type CommitteeSchedule, type SlotCommitment } from '@relaymesh/solana'
import { createDb, migrate, type CreateDbReturnType } from '@relaymesh/store'
import { createLogger, type Tracer } from '@relaymesh/telemetry'
import { createTestDatabases } from '../../testing/testInfra.js'
import { startAttester, type Attester, type AttesterChain } from '../startAttester.js'

export const key = devKeyFromSeed(createHash('sha256').update('attester-test').digest())
const other = devKeyFromSeed(createHash('sha256').update('attester-test-other').digest())
export const TOKEN = 'relayer-r1-token-0123456789'
export const SLOTS_PER_EPOCH = 8
export const DOMAIN = 900
export const HASHES = ['11111111111111111111111111111111', 'SysvarC1ock11111111111111111111111111111111'] as const
// Epoch 0 and 2: this key and another; epoch 1: the other key alone (this attester must not sign it).
export const schedule: CommitteeSchedule = [
  {
    fromEpoch: 0,
    members: [
      { pubkey: key.publicKey, stake: 30n },
      { pubkey: other.publicKey, stake: 10n },
    ],
  },
  { fromEpoch: 1, members: [{ pubkey: other.publicKey, stake: 10n }] },
  {
    fromEpoch: 2,
    members: [
      { pubkey: key.publicKey, stake: 30n },
      { pubkey: other.publicKey, stake: 10n },
    ],
  },
]

const ID = `0x${'ab'.repeat(32)}` as const
/** Outbox message ids of a slot: two in every third slot (slots % 5 === 4 have no block). */
const idsAt = (slot: number) => (slot % 5 !== 4 && slot % 3 === 0 ? [ID, ID] : [])
/** The epoch's messages before a slot, as the chain shows them. */
export const countBefore = (slot: number) => {
  let n = 0
  for (let s = slot - (slot % SLOTS_PER_EPOCH); s < slot; s++) n += idsAt(s).length
  return n
}
/**
 * A chain of `finalized` slots whose blocks hash to HASHES[fork] (another fork: other commitments for the same
 * slots); `reads` counts the slots whose messages a count read from the chain went through.
 */
export function fakeChain(finalized: number, fork: 0 | 1, reads = { slots: 0 }): AttesterChain {
  return {
    domain: DOMAIN,
    slotsPerEpoch: SLOTS_PER_EPOCH,
    finalizedSlot: async () => finalized,
    messagesBefore: async (slot) => {
      reads.slots += slot % SLOTS_PER_EPOCH
      return countBefore(slot)
    },
    messagesBetween: async (from, to) => {
      let n = 0
      for (let s = from; s <= to; s++) n += idsAt(s).length
      reads.slots += Math.max(0, to - from + 1)
      return n
    },
    commitmentAt: async (slot, messagesBefore): Promise<SlotCommitment | null> =>
      slot % 5 === 4
        ? null
        : buildSlotCommitment({
            domain: DOMAIN,
            slot,
            blockhash: HASHES[fork],
            slotsPerEpoch: SLOTS_PER_EPOCH,
            messagesBefore,
            ids: idsAt(slot),
          }),
  }
}

export type AttesterHarness = {
  store: CreateDbReturnType
  /** Starts an attester with this key and `schedule` on `chain`; `stop` aborts it and waits for it to end. */
  run(
    chain: AttesterChain,
    burst?: number,
    keepSlots?: number,
    tracer?: Tracer,
  ): Promise<{ attester: Attester; stop(): Promise<void> }>
  close(): Promise<void>
}

/** A database of its own, migrated, and a way to run attesters on it. */
export async function startAttesterHarness(): Promise<AttesterHarness> {
  const dbs = await createTestDatabases(['attester'])
  const store = createDb({ connectionString: dbs.url('attester'), max: 2 })
  await migrate(store.db)
  const logger = createLogger({ name: 'attester-test', level: 'silent' })
  const run = async (chain: AttesterChain, burst = 100, keepSlots?: number, tracer?: Tracer) => {
    const stop = new AbortController()
    const attester = await startAttester({
      db: store.db,
      key,
      chain,
      schedule,
      tokens: [TOKEN],
      rateLimit: { ratePerSecond: 1, burst },
      host: '127.0.0.1',
      port: 0,
      logger,
      signal: stop.signal,
      // The rate limiter's clock (its only use), stopped: no token comes back during a test, so which request is
      // refused depends on the requests alone, not on whether a busy machine sent them within a second.
      clock: { now: () => 0 },
      pollIntervalMs: 20,
      keepSlots,
      tracer,
    })
    return {
      attester,
      stop: async () => {
        stop.abort()
        await attester.done
      },
    }
  }
  const close = async () => {
    await store.close()
    await dbs.drop()
  }
  return { store, run, close }
}

/** Waits (60 s at most) until the attester has processed `slot`. */
export async function waitSigned(attester: Attester, slot: number): Promise<void> {
  const deadline = Date.now() + 60_000
  while (attester.lastSigned() < slot && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  assert.ok(attester.lastSigned() >= slot, `processed up to ${slot}`)
}

/** GET `path` from the attester, with `token` as a bearer token when given. */
export const get = (attester: Attester, path: string, token?: string) =>
  fetch(`${attester.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})
