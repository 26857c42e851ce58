// The Solana watcher's running message count (MEMO_FORMAT.md "Nonces") over a fake JSON-RPC whose blocks
// hold real outbox transactions: it carries the count from slot to slot, restarts it each epoch, and a
// restart without state reads the same count from the chain.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex, domains, type Hex } from '@relaymesh/protocol'
import {
  encodeOutboxMemo,
  MEMO_PROGRAM_ADDRESS,
  solanaMessageNonce,
  countEpochMessagesBefore,
  type SolanaRpcRequest,
} from '@relaymesh/solana'
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from '@relaymesh/solana/web3'
import bs58 from 'bs58'
import { pad } from 'viem'
import {
  CURSOR_SAVE_INTERVAL_MS,
  pollSolanaWatcher,
  type SolanaWatcherDeps,
  type SolanaWatcherState,
} from './pollSolanaWatcher.js'
import { solanaChainSchema } from './solanaChainSchema.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'

const origin = domains.solanaLocal
const feeAccount = Keypair.generate().publicKey.toBase58()
const sender = Keypair.generate()
const SLOTS_PER_EPOCH = 10
const config = solanaChainSchema.parse({
  domain: origin,
  name: 'solana-test',
  rpcUrl: 'http://127.0.0.1:1',
  feeAccount,
  slotsPerEpoch: SLOTS_PER_EPOCH,
  signaturesPageSize: 2,
  committee: {
    schedule: [{ fromEpoch: 0, members: [{ pubkey: feeAccount, stake: 1 }] }],
    signerUrls: ['http://127.0.0.1:1'],
  },
})

let payloadSeq = 0
/** One outbox transaction with `memos` messages (fee `memos * 5000`), base64 wire bytes. */
function outboxTx(memos: number, slot: number): { signature: string; wire: string } {
  const blockhash = bs58.encode(new Uint8Array(32).fill(slot + 1))
  const tx = new Transaction({ feePayer: sender.publicKey, blockhash, lastValidBlockHeight: 1000 })
  tx.add(
    SystemProgram.transfer({
      fromPubkey: sender.publicKey,
      toPubkey: new PublicKey(feeAccount),
      lamports: 5000 * memos,
    }),
  )
  for (let i = 0; i < memos; i++) {
    const payload: Hex = `0x${(payloadSeq++).toString(16).padStart(4, '0')}`
    const memo = encodeOutboxMemo({
      version: 2,
      nonce: 0n,
      origin,
      sender: bytesToHex(sender.publicKey.toBytes()),
      destination: 31337,
      recipient: pad('0x12', { size: 32 }),
      gasLimit: 200_000,
      payload,
    })
    tx.add(
      new TransactionInstruction({
        programId: new PublicKey(MEMO_PROGRAM_ADDRESS),
        keys: [{ pubkey: sender.publicKey, isSigner: true, isWritable: false }],
        data: Buffer.from(memo),
      }),
    )
  }
  tx.sign(sender)
  return { signature: bs58.encode(tx.signature!), wire: tx.serialize().toString('base64') } // reason: signed just above
}

/** Messages per outbox transaction, per slot: epoch 0 = slots 0-9, epoch 1 = 10-19, epoch 2 = 20-29. */
const LAYOUT: Record<number, number[]> = { 3: [2], 7: [1, 2], 12: [1], 15: [3], 27: [1] }
const blocks = new Map(
  Object.entries(LAYOUT).map(([slot, txs]) => [Number(slot), txs.map((n) => outboxTx(n, Number(slot)))]),
)

/**
 * The node: `getSlot` answers `finalized`; signatures newest first, paged by `before`; blocks with their transactions.
 */
function fakeRpc(finalized: { slot: number }, calls: string[]): SolanaRpcRequest {
  const signatures = [...blocks].flatMap(([slot, txs]) => txs.map((t) => ({ signature: t.signature, slot }))).reverse()
  return async (method, params) => {
    calls.push(method)
    if (method === 'getSlot') return finalized.slot
    if (method === 'getSignaturesForAddress') {
      const { limit, before } = params[1] as { limit: number; before?: string }
      const visible = signatures.filter((s) => s.slot <= finalized.slot)
      const from = before ? visible.findIndex((s) => s.signature === before) + 1 : 0
      return visible.slice(from, from + limit)
    }
    if (method === 'getBlock') {
      const slot = params[0] as number
      // later slots answer first: counts must still chain in slot order
      await new Promise((resolve) => setTimeout(resolve, 30 - slot))
      const txs = blocks.get(slot) ?? []
      return {
        blockhash: bs58.encode(new Uint8Array(32).fill(slot + 1)),
        parentSlot: slot - 1,
        blockTime: null,
        transactions: txs.map((t) => ({ transaction: [t.wire, 'base64'], meta: { err: null } })),
      }
    }
    throw new Error(`unexpected ${method}`)
  }
}

type SavedCursor = { slot?: number; messagesBefore?: number | null }

function watcher(finalized: { slot: number }, cursor: SavedCursor) {
  const published: SolanaSlotBundle[] = []
  const calls: string[] = []
  const request = fakeRpc(finalized, calls)
  const deps: SolanaWatcherDeps = {
    request,
    loadCursor: async () =>
      cursor.slot === undefined ? undefined : { slot: cursor.slot, messagesBefore: cursor.messagesBefore ?? null },
    saveCursor: async (slot, messagesBefore) => void Object.assign(cursor, { slot, messagesBefore }),
    countMessagesBefore: (slot) =>
      countEpochMessagesBefore(request, {
        slot,
        slotsPerEpoch: SLOTS_PER_EPOCH,
        origin,
        feeAccount,
        minFeeLamports: 5000n,
        pageSize: 2,
      }),
    collectSignatures: async () => [],
    publish: async (bundle) => void published.push(bundle),
    observe: () => undefined,
    now: () => 0,
    committees: new Map(),
  }
  return { deps, published, calls }
}

const ranges = (bundles: readonly SolanaSlotBundle[]) =>
  bundles.map((b) => [b.slot, b.commitment.epoch, b.commitment.messagesBefore, b.commitment.messageCount])

describe('pollSolanaWatcher: the running message count', () => {
  it('carries the count slot to slot within an epoch and restarts it at each epoch, without reading the chain again', async () => {
    const finalized = { slot: 8 }
    const cursor: SavedCursor = {}
    const state: SolanaWatcherState = {}
    const w = watcher(finalized, cursor)
    await pollSolanaWatcher(config, w.deps, state)
    assert.deepEqual(ranges(w.published), [
      [3, 0, 0, 2],
      [7, 0, 2, 3],
    ])
    assert.deepEqual(state.count, { next: 9, messagesBefore: 5 })
    assert.deepEqual(cursor, { slot: 8, messagesBefore: 5 }, 'saved with the cursor')
    finalized.slot = 29
    await pollSolanaWatcher(config, w.deps, state)
    assert.deepEqual(ranges(w.published), [
      [3, 0, 0, 2],
      [7, 0, 2, 3],
      [12, 1, 0, 1],
      [15, 1, 1, 3],
      [27, 2, 0, 1],
    ])
    assert.deepEqual(state.count, { next: 30, messagesBefore: 0 }, 'slot 30 opens epoch 3')
    const getBlocks = w.calls.filter((c) => c === 'getBlock').length
    assert.equal(getBlocks, 5, 'one getBlock per outbox slot: the count never re-read from the chain')
  })

  it('the same commitments whatever the fetch concurrency (slots read and signed at once, counts chained in slot order)', async () => {
    const runs = []
    for (const fetchConcurrency of [1, 2, 8]) {
      const w = watcher({ slot: 29 }, {})
      await pollSolanaWatcher({ ...config, fetchConcurrency }, w.deps, {})
      runs.push(ranges(w.published))
    }
    assert.deepEqual(runs[1], runs[0])
    assert.deepEqual(runs[2], runs[0])
  })

  it('nonces: dense within an epoch, each epoch above the last', async () => {
    const w = watcher({ slot: 29 }, {})
    await pollSolanaWatcher(config, w.deps, {})
    const { extractSlotMessages } = await import('@relaymesh/solana')
    const nonces = w.published.flatMap((b) =>
      extractSlotMessages({
        slot: b.slot,
        epoch: b.commitment.epoch,
        messagesBefore: b.commitment.messagesBefore,
        origin,
        feeAccount,
        minFeeLamports: 5000n,
        transactions: b.transactions.map((t) => ({ meta: { err: t.err }, transaction: [t.wire, 'base64'] as const })),
      }).messages.map((m) => m.message.nonce),
    )
    assert.deepEqual(
      nonces,
      [0, 1, 2, 3, 4]
        .map((i) => solanaMessageNonce(0, i))
        .concat(
          [0, 1, 2, 3].map((i) => solanaMessageNonce(1, i)),
          [solanaMessageNonce(2, 0)],
        ),
    )
  })

  it("a restart from a cursor saved with its count carries on without reading the chain's history", async () => {
    const w = watcher({ slot: 29 }, { slot: 13, messagesBefore: 1 })
    await pollSolanaWatcher(config, w.deps, {})
    assert.deepEqual(ranges(w.published), [
      [15, 1, 1, 3],
      [27, 2, 0, 1],
    ])
    assert.equal(w.calls.filter((c) => c === 'getBlock').length, 2, 'only the two new outbox slots')
  })

  it('a restart without a saved count (cursor written by another writer) reads the same count from the chain', async () => {
    const uninterrupted = watcher({ slot: 29 }, {})
    await pollSolanaWatcher(config, uninterrupted.deps, {})
    for (const stoppedAt of [3, 7, 8, 12, 14]) {
      const restarted = watcher({ slot: 29 }, { slot: stoppedAt })
      await pollSolanaWatcher(config, restarted.deps, {})
      assert.deepEqual(
        ranges(restarted.published),
        ranges(uninterrupted.published.filter((b) => b.slot > stoppedAt)),
        `cursor at ${stoppedAt}`,
      )
    }
  })

  it('reads its cursor from the store once: later polls go on from the cursor it saved', async () => {
    const finalized = { slot: 13 }
    const w = watcher(finalized, {})
    let loads = 0
    const load = w.deps.loadCursor
    w.deps.loadCursor = () => (loads++, load())
    const state = {}
    await pollSolanaWatcher(config, w.deps, state)
    assert.equal(await pollSolanaWatcher(config, w.deps, state), undefined, 'nothing new: no slot read again')
    finalized.slot = 29
    await pollSolanaWatcher(config, w.deps, state)
    assert.equal(loads, 1)
    const uninterrupted = watcher({ slot: 29 }, {})
    await pollSolanaWatcher(config, uninterrupted.deps, {})
    assert.deepEqual(ranges(w.published), ranges(uninterrupted.published))
  })

  it('state for another cursor (moved by someone else) is not trusted: the count comes from the chain', async () => {
    const w = watcher({ slot: 16 }, { slot: 12 })
    await pollSolanaWatcher(config, w.deps, { count: { next: 9, messagesBefore: 5 } })
    assert.deepEqual(ranges(w.published), [[15, 1, 1, 3]])
  })

  it('writes its cursor at most once a second while publishing and always at the end; a failed poll goes on from memory', async () => {
    const cursor: SavedCursor = {}
    const w = watcher({ slot: 29 }, cursor)
    const saves: number[] = []
    const save = w.deps.saveCursor
    w.deps.saveCursor = (slot, messagesBefore) => (saves.push(slot), save(slot, messagesBefore))
    let clock = 0
    w.deps.now = () => clock
    const publish = w.deps.publish
    let failOnce = true
    w.deps.publish = async (bundle) => {
      if (bundle.slot === 15 && failOnce) {
        failOnce = false
        throw new Error('stream unavailable')
      }
      clock += CURSOR_SAVE_INTERVAL_MS / 3 // three publishes a second
      await publish(bundle)
    }
    const state: SolanaWatcherState = {}
    await assert.rejects(pollSolanaWatcher(config, w.deps, state), /stream unavailable/)
    assert.deepEqual(saves, [3], 'slots 3, 7 and 12 published; only the first written within the second')
    assert.deepEqual(state.cursor, { slot: 12, messagesBefore: 1 }, 'the poll failed at 15: memory holds 12')
    await pollSolanaWatcher(config, w.deps, state)
    assert.deepEqual(saves, [3, 15, 29], 'the next write once a second has passed, and the end of the poll')
    assert.deepEqual(cursor, { slot: 29, messagesBefore: 0 }, 'slot 30 opens epoch 3')
    const uninterrupted = watcher({ slot: 29 }, {})
    await pollSolanaWatcher(config, uninterrupted.deps, {})
    assert.deepEqual(ranges(w.published), ranges(uninterrupted.published), 'each slot published once, in order')
  })
})
