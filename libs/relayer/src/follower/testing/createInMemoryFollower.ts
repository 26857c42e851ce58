// Test-only: one destination's follower world held in memory (the chain's blocks, logs and txs; the store's batches
// and messages), behind the follower's own interfaces (`FollowerChain`, `FollowerStore`): the follower's shell runs on
// it with no Postgres, NATS or chain.
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { StoreError, type MessageState, type RejectionInput } from '@relaymesh/store'
import { createLogger, trace } from '@relaymesh/telemetry'
import { encodeAbiParameters, encodeEventTopics, numberToHex, type AbiEvent, type Address, type Hex } from 'viem'
import type { BatchRow } from '../../batch/BatchRow.js'
import type { RpcInboxLog } from '../decodeInboxLogs.js'
import type { FollowerChain } from '../FollowerChain.js'
import type { FollowerDeps } from '../FollowerDeps.js'
import type { FollowerStore } from '../FollowerStore.js'

export const DESTINATION = 56

export type FakeMessage = { state: MessageState; batchIndex: bigint | undefined; attempts: number; failedTxs: Hex[] }

export type InMemoryFollower = {
  deps: FollowerDeps
  batches: Map<bigint, BatchRow>
  /** By id (hex). */
  messages: Map<Hex, FakeMessage>
  rejections: RejectionInput[]
  cursor: bigint | null
  head: bigint
  /** The chain's logs by block, in order; every block up to `head` exists. */
  logs: Map<bigint, RpcInboxLog[]>
  /** The chain's txs: their calldata and sender. */
  txs: Map<Hex, { input: Hex; from: Address }>
  /** `getInboxLogs` calls, each its range. */
  reads: [bigint, bigint][]
  /** The follower's clock. */
  now: number
  /** Appends an inbox event at `block` in tx `txHash`. */
  emit(block: bigint, txHash: Hex, eventName: string, args: Record<string, unknown>): void
}

/**
 * A follower's dependencies over an in-memory destination. Blocks are 12 s apart from time 0 (block `n` at `12 n`
 * s).
 *
 * @example
 * const world = createInMemoryFollower()
 * world.emit(3n, tx, 'MessageExecuted', { id })
 * await followInbox(world.deps, {}, options)
 */
export function createInMemoryFollower(): InMemoryFollower {
  const world = {
    batches: new Map(),
    messages: new Map(),
    rejections: [],
    cursor: null,
    head: 0n,
    logs: new Map(),
    txs: new Map(),
    reads: [],
    now: 0,
  } as unknown as InMemoryFollower // reason: `deps` and `emit` are set just below
  world.emit = (block, txHash, eventName, args) => {
    if (block > world.head) world.head = block
    const logs = world.logs.get(block) ?? []
    logs.push(encodeLog(eventName, args, { block, txHash, logIndex: logs.length }))
    world.logs.set(block, logs)
  }
  world.deps = {
    destination: DESTINATION,
    store: inMemoryStore(world),
    chain: inMemoryChain(world),
    logger: createLogger({ name: 'follower', level: 'silent' }),
    clock: { now: () => world.now },
    // A no-op tracer that records every trace: the span-building code runs, nothing is kept.
    tracing: { tracer: trace.getTracer('test'), recording: true, recordsTrace: () => true },
  }
  return world
}

function encodeLog(
  eventName: string,
  args: Record<string, unknown>,
  at: { block: bigint; txHash: Hex; logIndex: number },
): RpcInboxLog {
  // reason: the inbox's events, by name
  const event = settlementInboxAbi.find((e) => e.type === 'event' && e.name === eventName) as AbiEvent
  const data = event.inputs.filter((p) => !p.indexed)
  return {
    // reason: the ABI's own event and arguments
    topics: encodeEventTopics({ abi: [event], eventName, args } as Parameters<typeof encodeEventTopics>[0]) as Hex[],
    data: encodeAbiParameters(
      data,
      data.map((p) => args[p.name ?? '']),
    ),
    transactionHash: at.txHash,
    blockNumber: numberToHex(at.block),
    logIndex: numberToHex(at.logIndex),
  }
}

function inMemoryChain(world: InMemoryFollower): FollowerChain {
  return {
    getHead: async () => world.head,
    getInboxLogs: async (from, to) => {
      world.reads.push([from, to])
      const logs: RpcInboxLog[] = []
      for (let b = from; b <= to; b++) logs.push(...(world.logs.get(b) ?? []))
      return logs
    },
    getBlock: async (n) => ({ hash: `0x${n.toString(16).padStart(64, '0')}`, timestamp: n * 12n }),
    getTransaction: async (hash) => {
      const tx = world.txs.get(hash)
      if (!tx) throw new Error(`no tx ${hash}`)
      return tx
    },
  }
}

const illegal = (what: string) => new StoreError('ILLEGAL_TRANSITION', what)

const messageOf = (world: InMemoryFollower, id: Uint8Array) => world.messages.get(bytesToHex(id))
const ofBatch = (world: InMemoryFollower, batchIndex: bigint) =>
  [...world.messages].filter(([, m]) => m.batchIndex === batchIndex)

function inMemoryStore(world: InMemoryFollower): FollowerStore {
  return { ...batchStore(world), ...messageStore(world) }
}

/** The cursor and batch calls. */
function batchStore(world: InMemoryFollower) {
  return {
    getInboxFollowerCursor: async () => world.cursor,
    setInboxFollowerCursor: async (p) => {
      world.cursor = p.blockNumber
    },
    findBatch: async (p) => world.batches.get(p.batchIndex) ?? null,
    transitionBatch: async (p) => {
      const batch = world.batches.get(p.batchIndex)
      const from = { signed: 'proposed', submitted: 'signed' }[p.to]
      if (batch?.state !== from) throw illegal(`batch ${p.batchIndex} cannot move to ${p.to}`)
      batch.state = p.to
    },
    refuseBatch: async (p) => {
      const batch = world.batches.get(p.batchIndex)
      if (batch) batch.state = 'refused'
    },
    settleBatch: async (p) => {
      const batch = world.batches.get(p.batchIndex)
      if (batch?.state !== 'submitted') throw illegal(`batch ${p.batchIndex} cannot settle`)
      batch.state = 'settled'
      const executed = new Set((p.executed?.ids ?? []).map((id) => bytesToHex(id)))
      const result = { settled: 0, executed: [] as Uint8Array[] }
      for (const [id, m] of ofBatch(world, p.batchIndex)) {
        if (m.state !== 'batched') continue
        m.state = executed.has(id) ? 'executed' : 'settled'
        if (m.state === 'executed') result.executed.push(hexToBytes(id))
        else result.settled++
      }
      return result
    },
    assignBatch: async (p) => {
      world.batches.set(p.batchIndex, {
        batchIndex: p.batchIndex,
        batchHash: bytesToHex(p.batchHash),
        root: bytesToHex(p.root),
        messageCount: p.ids.length,
        previousBatchHash: bytesToHex(p.previousBatchHash),
        state: 'proposed',
        traceparent: null,
        createdAt: new Date(world.now),
      })
      for (const id of p.ids) Object.assign(messageOf(world, id) ?? {}, { state: 'batched', batchIndex: p.batchIndex })
    },
    recordRejections: async (rows) => world.rejections.push(...rows),
    listBatchTraceparents: async (p) =>
      ofBatch(world, p.batchIndex).map(([id]) => ({ id: hexToBytes(id), traceparent: null })),
  } satisfies Partial<FollowerStore>
}

/** The message calls. */
function messageStore(world: InMemoryFollower) {
  const message = (id: Uint8Array) => messageOf(world, id)
  const move = (ids: readonly Uint8Array[], to: MessageState, tx: Hex) => {
    const moved: Uint8Array[] = []
    const unmoved: Uint8Array[] = []
    for (const id of ids) {
      const m = message(id)
      if (!m || (m.state !== 'settled' && m.state !== 'failed')) unmoved.push(id)
      else {
        m.state = to
        m.attempts++
        if (to === 'failed') m.failedTxs.push(tx)
        moved.push(id)
      }
    }
    return { moved, unmoved }
  }
  return {
    checkBatchMembers: async (p) => {
      const missing = p.ids.filter((id) => !message(id))
      const notVerified = p.ids.flatMap((id) => {
        const m = message(id)
        return m && m.state !== 'verified' ? [{ id, state: m.state, destination: DESTINATION }] : []
      })
      return { ok: missing.length === 0 && notVerified.length === 0, missing, notVerified, duplicates: [] }
    },
    markMessagesExecuted: async (p) => move(p.ids, 'executed', bytesToHex(p.executionTxHash)),
    listExecutedTraces: async (p) =>
      p.ids.map((id) => ({
        id,
        traceparent: null,
        batchIndex: message(id)?.batchIndex ?? null,
        recovered: (message(id)?.failedTxs.length ?? 0) > 0,
      })),
    listFailedByTx: async (p) => p.ids.filter((id) => message(id)?.failedTxs.includes(bytesToHex(p.executionTxHash))),
    markMessagesFailed: async (p) => move(p.ids, 'failed', p.executionTxHash ? bytesToHex(p.executionTxHash) : '0x'),
    listMessageAttempts: async (p) =>
      p.ids.map((id) => ({ id, traceparent: null, attempts: message(id)?.attempts ?? 0 })),
  } satisfies Partial<FollowerStore>
}
