// Test-only: the batcher's deps in memory (no Postgres, NATS or chain), implemented through its interfaces.
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { StoreError, type BatchState, type CheckBatchMembersReturnType, type RejectionInput } from '@relaymesh/store'
import { createLogger, trace } from '@relaymesh/telemetry'
import type { Address, Hex, LocalAccount } from 'viem'
import type { BatchProposal } from '../BatchProposal.js'
import type { BatchSignature } from '../BatchSignature.js'
import type { BatchRow } from '../../batch/BatchRow.js'
import { ZERO_HASH, type BatchDomain } from '../../batch/batchHeader.js'
import type { BatcherDeps, BatcherOptions } from '../BatcherDeps.js'
import type { BatcherStore } from '../BatcherStore.js'
import { defaultSealOptions } from '../decideSeal.js'
import { defaultCosignOptions } from '../decideCosign.js'

type Message = { destination: number; state: 'observed' | 'verified' | 'rejected' | 'batched'; verifiedAt: number }
type Batch = {
  destination: number
  row: BatchRow
  ids: Uint8Array[]
  signatures: { signer: Uint8Array; signature: Uint8Array }[]
}

export type InMemoryBatcher = {
  deps: BatcherDeps
  options: BatcherOptions
  /** Messages by hex id; a test adds them in the state it needs. */
  messages: Map<Hex, Message>
  batches: Map<string, Batch>
  rejections: RejectionInput[]
  published: { proposals: BatchProposal[]; signatures: BatchSignature[] }
  /** The injected clock, in ms. */
  time: { now: number }
  addMessage(id: Uint8Array, state: Message['state'], destination?: number): void
}

const key = (destination: number, batchIndex: bigint) => `${destination}:${batchIndex}`
const hex = (id: Uint8Array) => bytesToHex(id)

/** The store's tables in memory. */
type Tables = {
  messages: Map<Hex, Message>
  batches: Map<string, Batch>
  rejections: RejectionInput[]
  time: { now: number }
}

/**
 * One relayer's batcher in memory: `account` signs, `relayers` (id → address) is the relayer set and `proposer`
 * proposes `domain`.
 */
export function createInMemoryBatcher(p: {
  account: LocalAccount
  relayerId: string
  relayers: Record<string, Address>
  proposer: string
  threshold: number
  domain: BatchDomain & { destination: number }
}): InMemoryBatcher {
  const tables: Tables = { messages: new Map(), batches: new Map(), rejections: [], time: { now: 1_000_000 } }
  const published = { proposals: [] as BatchProposal[], signatures: [] as BatchSignature[] }
  const deps: BatcherDeps = {
    account: p.account,
    store: createInMemoryBatcherStore(tables),
    mesh: {
      maxPayload: 1024 * 1024,
      publishProposal: async (proposal) => {
        published.proposals.push(proposal)
      },
      publishSignature: async (signature) => {
        published.signatures.push(signature)
      },
    },
    domains: new Map([[p.domain.destination, { chainId: p.domain.chainId, inbox: p.domain.inbox }]]),
    readInboxTip: async () => ({ batchIndex: 0n, previousBatchHash: ZERO_HASH }),
    logger: createLogger({ name: 'batcher', level: 'silent' }),
    clock: { now: () => tables.time.now },
    // A no-op tracer that records every trace: the span-building code runs, nothing is kept.
    tracing: { tracer: trace.getTracer('test'), recording: true, recordsTrace: () => true },
  }
  const options: BatcherOptions = {
    batch: { ...defaultSealOptions, ...defaultCosignOptions },
    threshold: p.threshold,
    relayerId: p.relayerId,
    proposers: { [String(p.domain.destination)]: p.proposer },
    relayers: p.relayers,
  }
  return {
    deps,
    options,
    ...tables,
    published,
    addMessage: (id, state, destination = p.domain.destination) =>
      tables.messages.set(hex(id), { destination, state, verifiedAt: tables.time.now }),
  }
}

/**
 * The batcher's store over `tables`, with the store's rules: one live batch per index, each batch chained to the one
 * before it, a message in one batch at a time, a refused batch (and its successors) releasing its messages.
 */
function createInMemoryBatcherStore(tables: Tables): BatcherStore {
  const { messages, batches } = tables
  const at = (a: { destination: number; batchIndex: bigint }) => batches.get(key(a.destination, a.batchIndex))
  return {
    latestBatch: async (destination) => rowsOf(tables, destination).at(-1)?.row ?? null,
    reopenedBatch: async (destination) => {
      const rows = rowsOf(tables, destination)
      const live = rows.filter((b) => b.row.state !== 'refused').at(-1)?.row.batchIndex ?? -1n
      return rows.find((b) => b.row.state === 'refused' && b.row.batchIndex > live)?.row ?? null
    },
    findBatch: async (a) => at(a)?.row ?? null,
    getBatchSignatures: async (a) => {
      const batch = at(a)
      return batch ? { state: batch.row.state, signatures: [...batch.signatures] } : null
    },
    getBatchMessageIds: async (a) => [...(at(a)?.ids ?? [])],
    listUnbatchedMessages: async ({ destination, limit, holdbackMs = 0 }) =>
      unbatched(tables, destination)
        .filter(([, m]) => m.verifiedAt <= tables.time.now - holdbackMs)
        .slice(0, limit)
        .map(([id]) => hexToBytes(id)),
    getOldestUnbatchedAt: async (destination) => {
      const oldest = unbatched(tables, destination)[0]
      return oldest ? new Date(oldest[1].verifiedAt) : null
    },
    traceparentsOf: async (ids) => ids.map((id) => ({ id, traceparent: undefined })),
    checkBatchMembers: async ({ destination, ids }) => checkMembers(tables, destination, ids),
    recordProposal: async (proposal) => record(tables, proposal),
    storeSignature: async (s) => {
      const batch = at(s)
      if (!batch || batch.row.batchHash !== s.batchHash) return
      if (batch.signatures.some((x) => hex(x.signer) === s.signer.toLowerCase())) return
      batch.signatures.push({ signer: hexToBytes(s.signer), signature: hexToBytes(s.signature) })
    },
    promoteBatch: async (a) => {
      const batch = at(a)
      if (batch?.row.state !== 'proposed')
        throw new StoreError('ILLEGAL_TRANSITION', `batch cannot move from ${batch?.row.state} to signed`)
      batch.row = { ...batch.row, state: 'signed' }
    },
    refuseBatch: async ({ destination, batchIndex }) => {
      for (const b of rowsOf(tables, destination)) {
        if (b.row.batchIndex < batchIndex || b.row.state === 'refused') continue
        b.row = { ...b.row, state: 'refused' satisfies BatchState }
        for (const id of b.ids) setState(messages, id, 'verified')
      }
    },
    recordRejections: async (rows) => {
      tables.rejections.push(...rows)
    },
  }
}

const rowsOf = (tables: Tables, destination: number) =>
  [...tables.batches.values()]
    .filter((b) => b.destination === destination)
    .sort((a, b) => (a.row.batchIndex < b.row.batchIndex ? -1 : 1))

function setState(messages: Map<Hex, Message>, id: Uint8Array, state: Message['state']): void {
  const m = messages.get(hex(id))
  if (m) m.state = state
}

function unbatched(tables: Tables, destination: number): [Hex, Message][] {
  return [...tables.messages.entries()]
    .filter(([, m]) => m.destination === destination && m.state === 'verified')
    .sort((a, b) => a[1].verifiedAt - b[1].verifiedAt)
}

function checkMembers(tables: Tables, destination: number, ids: readonly Uint8Array[]): CheckBatchMembersReturnType {
  const seen = new Set<string>()
  const result: CheckBatchMembersReturnType = { ok: true, missing: [], notVerified: [], duplicates: [] }
  for (const id of ids) {
    if (seen.has(hex(id))) result.duplicates.push(id)
    seen.add(hex(id))
    const m = tables.messages.get(hex(id))
    if (!m) result.missing.push(id)
    else if (m.destination !== destination || m.state !== 'verified')
      result.notVerified.push({ id, state: m.state, destination: m.destination })
  }
  result.ok = result.missing.length + result.notVerified.length + result.duplicates.length === 0
  return result
}

function record(tables: Tables, proposal: BatchProposal): void {
  const { destination, batchIndex, previousBatchHash } = proposal.header
  const held = tables.batches.get(key(destination, batchIndex))
  if (held && held.row.state !== 'refused') throw new StoreError('BATCH_CONFLICT', 'batch index already taken')
  const previous = tables.batches.get(key(destination, batchIndex - 1n))?.row.batchHash
  if (batchIndex > 0n && previous !== previousBatchHash)
    throw new StoreError('BATCH_CHAIN_MISMATCH', 'previousBatchHash does not match the stored previous batch')
  if (!checkMembers(tables, destination, proposal.ids).ok)
    throw new StoreError('BATCH_CONFLICT', 'some messages are not verified and unbatched for this destination')
  for (const id of proposal.ids) setState(tables.messages, id, 'batched')
  const { header } = proposal
  const row: BatchRow = {
    ...header,
    batchHash: proposal.batchHash,
    state: 'proposed',
    traceparent: proposal.traceparent ?? null,
    createdAt: new Date(tables.time.now),
  }
  const own = { signer: hexToBytes(proposal.proposer), signature: hexToBytes(proposal.signature) }
  tables.batches.set(key(destination, batchIndex), { destination, row, ids: [...proposal.ids], signatures: [own] })
}
