// Test-only: one destination's settlement world held in memory (the store's batches and messages, the inbox, a tx
// manager that mines at once, and a follower that records each mined tx at once), behind the settler's own
// interfaces (`SettlerStore`, `SettlerInbox`, `TxManager`): the settler's shell runs on it with no Postgres, NATS or
// chain.
import { createLogger } from '@relaymesh/telemetry'
import { bytesToHex, encodeMessage, keccak256, MESSAGE_VERSION } from '@relaymesh/protocol'
import { StoreError, type ExecutableMessageRow, type StoredMessageRow } from '@relaymesh/store'
import type { Hex, TransactionReceipt } from 'viem'
import type { BatchRow } from '../../batch/BatchRow.js'
import type { SettlerDeps } from '../SettlerDeps.js'
import type { SettlerInbox } from '../SettlerInbox.js'
import type { SettlerStore } from '../SettlerStore.js'
import type { TxManager } from '../txManager.js'
import type { TxRequest } from '../TxRequest.js'

export const DESTINATION = 56
const ZERO = `0x${'00'.repeat(32)}` as Hex
const hash = (tag: number, n: bigint) =>
  `0x${tag.toString(16).padStart(8, '0')}${n.toString(16).padStart(56, '0')}` as Hex

type MessageState = 'batched' | 'settled' | 'executed' | 'failed'
export type FakeMessage = { row: StoredMessageRow & { leaf_index: number }; batchIndex: bigint; state: MessageState }
export type FakeBatch = BatchRow & { since: number }

export type InMemorySettlerOptions = {
  /** Whether the inbox's `submitAndExecute` estimate passes (one-shot settlement) or reverts (two steps). */
  oneShot: boolean
}

export type InMemorySettler = {
  deps: SettlerDeps
  batches: Map<bigint, FakeBatch>
  messages: FakeMessage[]
  /** The txs mined, in order. */
  mined: TxRequest[]
  /** The inbox: the hash at each settled index. */
  onChain: Map<bigint, Hex>
  /**
   * Adds the next batch, of `count` messages, in `state`: a `settled` one is on chain with its messages `settled`,
   * any other is not, with its messages `batched`.
   */
  addBatch(state: BatchRow['state'], count: number): FakeBatch
  /** Called after each mined tx has been recorded (as the follower would). */
  onMined?: (() => void) | undefined
}

/** The destination's state the fakes share. */
type World = Omit<InMemorySettler, 'deps' | 'addBatch'> & { now: number; block: bigint; nonce: bigint }

/**
 * A settler's dependencies over an in-memory destination. Time moves only when the settler sleeps or a tx is mined.
 *
 * @example
 * const world = createInMemorySettler({ oneShot: false })
 * world.addBatch('signed', 3)
 * await settleDestination(world.deps, options, signal)
 */
export function createInMemorySettler(options: InMemorySettlerOptions): InMemorySettler {
  const world: World = {
    now: 1_000_000,
    block: 0n,
    nonce: 0n,
    batches: new Map(),
    messages: [],
    onChain: new Map(),
    mined: [],
  }
  const settler: InMemorySettler = Object.assign(world, {
    addBatch: (state: BatchRow['state'], count: number) => addBatch(world, state, count),
    deps: {
      destination: DESTINATION,
      store: inMemoryStore(world),
      inbox: inMemoryInbox(world, options),
      txs: instantTxManager(world),
      logger: createLogger({ name: 'settler', level: 'silent' }),
      clock: { now: () => world.now },
      sleep: async (ms: number) => {
        world.now += ms
      },
    },
  })
  return settler
}

function addBatch(world: World, state: BatchRow['state'], count: number): FakeBatch {
  const batchIndex = BigInt(world.batches.size)
  const batch: FakeBatch = {
    batchIndex,
    batchHash: hash(1, batchIndex),
    root: hash(2, batchIndex),
    messageCount: count,
    previousBatchHash: batchIndex === 0n ? ZERO : hash(1, batchIndex - 1n),
    state,
    traceparent: null,
    createdAt: new Date(world.now),
    since: world.now,
  }
  world.batches.set(batchIndex, batch)
  if (state === 'settled') world.onChain.set(batchIndex, batch.batchHash)
  for (let leaf = 0; leaf < count; leaf++)
    world.messages.push({
      row: { ...storedMessage(world.nonce++), leaf_index: leaf },
      batchIndex,
      state: state === 'settled' ? 'settled' : 'batched',
    })
  return batch
}

const messagesOf = (world: World, batchIndex: bigint) =>
  world.messages.filter((m) => m.batchIndex === batchIndex).sort((a, b) => a.row.leaf_index - b.row.leaf_index)
const sortedBatches = (world: World) => [...world.batches.values()].sort((a, b) => Number(a.batchIndex - b.batchIndex))
const lowestExecutable = (world: World) =>
  sortedBatches(world).find((b) => world.messages.some((m) => m.batchIndex === b.batchIndex && m.state === 'settled'))

function inMemoryStore(world: World): SettlerStore {
  return {
    listBatches: async (p) =>
      sortedBatches(world)
        .filter((b) => b.state === p.state)
        .slice(0, p.limit),
    findBatch: async (p) => world.batches.get(p.batchIndex) ?? null,
    getBatchMessageIds: async (p) => messagesOf(world, p.batchIndex).map((m) => m.row.id),
    getBatchSignatures: async () => [new Uint8Array(65).fill(1), new Uint8Array(65).fill(2)],
    listBatchMessages: async (p) => messagesOf(world, p.batchIndex).map((m) => m.row),
    listExecutableMessages: async (p) => {
      const batch = lowestExecutable(world)
      if (!batch) return []
      return messagesOf(world, batch.batchIndex)
        .filter((m) => m.state === 'settled')
        .slice(0, p.limit)
        .map((m): ExecutableMessageRow => ({ ...m.row, batch_index: batch.batchIndex.toString() }))
    },
    getSettlementWaits: async () => {
      const signed = sortedBatches(world).find((b) => b.state === 'signed')
      const ready = lowestExecutable(world)
      return {
        signedWaitingMs: signed ? world.now - signed.since : null,
        executableWaitingMs: ready ? world.now - ready.since : null,
      }
    },
    transitionBatch: async (p) => {
      const batch = world.batches.get(p.batchIndex)
      const allowed = { signed: ['proposed', 'submitted'], submitted: ['signed'] }[p.to]
      if (!batch || !allowed.includes(batch.state))
        throw new StoreError('ILLEGAL_TRANSITION', `batch cannot move to ${p.to}`, { meta: { state: batch?.state } })
      batch.state = p.to
      batch.since = world.now
    },
    refuseBatch: async (p) => {
      const batch = world.batches.get(p.batchIndex)
      if (batch) batch.state = 'refused'
    },
    markMessagesFailed: async (p) => {
      const ids = new Set(p.ids.map((id) => bytesToHex(id)))
      for (const m of world.messages) if (ids.has(bytesToHex(m.row.id))) m.state = 'failed'
    },
    getInboxFollowerCursor: async () => world.block,
  }
}

function inMemoryInbox(world: World, options: InMemorySettlerOptions): SettlerInbox {
  return {
    address: '0x00000000000000000000000000000000000000b0',
    nextBatchIndex: async () => BigInt(world.onChain.size),
    batchHash: async (batchIndex) => world.onChain.get(batchIndex) ?? ZERO,
    estimateSubmitBatch: async () => 200_000n,
    estimateSubmitAndExecute: async (args) => {
      if (!options.oneShot) throw new Error('submitAndExecute estimate reverted')
      return 300_000n + BigInt(args[0].messageCount) * 50_000n
    },
    estimateExecute: async (args) => 60_000n + BigInt(args[1].length) * 50_000n,
  }
}

/** A tx manager whose txs mine at once, followed at once: the inbox settles or executes, the follower records it. */
function instantTxManager(world: World): TxManager {
  const mine = (request: TxRequest) => {
    world.block++
    world.now += 1_000
    world.mined.push(request)
    const batch = world.batches.get(request.batchIndex)
    if (!batch) throw new Error(`no batch ${request.batchIndex}`)
    if (request.kind === 'submitBatch') {
      world.onChain.set(batch.batchIndex, batch.batchHash)
      batch.state = 'settled'
      batch.since = world.now
      for (const m of messagesOf(world, batch.batchIndex)) m.state = 'settled'
    }
    const { leafFrom, leafTo } = request
    if (leafFrom !== undefined && leafTo !== undefined)
      for (const m of messagesOf(world, batch.batchIndex))
        if (m.row.leaf_index >= leafFrom && m.row.leaf_index < leafTo) m.state = 'executed'
  }
  return {
    async send(request, hooks) {
      // A node's round trip: timers (the test's deadline) get their turn even while the settler never sleeps.
      await new Promise((resolve) => setImmediate(resolve))
      const txHash = hash(3, world.block + 1n)
      await hooks?.onBroadcast?.(txHash)
      mine(request)
      world.onMined?.()
      // reason: the settler reads the receipt's block, gas and hash only
      const receipt = { blockNumber: world.block, gasUsed: request.gas, transactionHash: txHash } as TransactionReceipt
      return { txHash, receipt, row: world.block }
    },
    resume: async () => ({ done: [] }),
  }
}

/** A message to `DESTINATION` whose stored fields hash to its id (the settler re-encodes and checks them). */
function storedMessage(nonce: bigint): StoredMessageRow {
  const fields = {
    version: MESSAGE_VERSION,
    nonce,
    origin: 1,
    sender: `0x${'11'.repeat(32)}` as Hex,
    destination: DESTINATION,
    recipient: `0x${'22'.repeat(32)}` as Hex,
    gasLimit: 100_000,
    payload: '0x01' as Hex,
  }
  const hex = (h: Hex) => Buffer.from(h.slice(2), 'hex')
  return {
    id: Buffer.from(keccak256(encodeMessage(fields))),
    nonce: nonce.toString(),
    origin: String(fields.origin),
    sender: hex(fields.sender),
    recipient: hex(fields.recipient),
    gas_limit: String(fields.gasLimit),
    payload: hex(fields.payload),
  }
}
