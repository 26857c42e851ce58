import {
  buildSlotCommitment, committeeForEpoch, extractSlotMessages, fetchOutboxSlot, prepareCommittee,
  type CommitmentSignature, type PreparedCommittee, type SlotCommitment, type SolanaRpcRequest, type SolanaTransactionResponse,
} from '@relaymesh/solana'
import type { Hex } from 'viem'
import type { SolanaChainConfig } from './solanaChainSchema.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'
import { forEachInOrder } from '../watcher/forEachInOrder.js'

/** What the Solana watcher needs from the world (IO behind interfaces). */
export type SolanaWatcherDeps = {
  request: SolanaRpcRequest
  /** Last slot whose outbox transactions were all published. */
  loadCursor(): Promise<number | undefined>
  saveCursor(slot: number): Promise<void>
  collectSignatures(committee: PreparedCommittee, commitment: SlotCommitment): Promise<CommitmentSignature[]>
  publish(bundle: SolanaSlotBundle): Promise<void>
  /** Starts a message's trace at observation; returns its traceparent. */
  observe(id: Hex, slot: number): string | undefined
  now(): number
  /** Prepared committees by `domain:epoch` (decoded keys reused across polls). */
  committees: Map<string, PreparedCommittee>
}

type SignatureInfo = { signature: string; slot: number }

/** The first `getSignaturesForAddress` page of a poll; each further page is four times larger, up to `signaturesPageSize`. */
export const FIRST_SIGNATURES_PAGE = 64

/**
 * Slots in (cursor, finalized] holding transactions that mention the fee
 * account: `getSignaturesForAddress` pages newest first (`before` = last
 * signature of the previous page) until a page reaches the cursor or runs out,
 * so a restart or a dropped socket leaves no gap. Pages start small and grow:
 * a watcher that keeps up reads about what is new since its last poll, not
 * a full page of old signatures (1,000 with their memos) on every poll.
 */
export async function outboxSlotsSince(request: SolanaRpcRequest, c: Pick<SolanaChainConfig, 'feeAccount' | 'signaturesPageSize'>, cursor: number, finalized: number): Promise<number[]> {
  const slots = new Set<number>()
  let before: string | undefined
  let limit = Math.min(FIRST_SIGNATURES_PAGE, c.signaturesPageSize)
  for (;;) {
    const page = (await request('getSignaturesForAddress', [c.feeAccount, { commitment: 'finalized', limit, ...(before ? { before } : {}) }])) as SignatureInfo[] // reason: the node's documented shape
    for (const s of page) if (s.slot > cursor && s.slot <= finalized) slots.add(s.slot)
    const last = page.at(-1)
    if (!last || page.length < limit || last.slot <= cursor) break
    before = last.signature
    limit = Math.min(limit * 4, c.signaturesPageSize)
  }
  return [...slots].sort((a, b) => a - b)
}

function committeeOf(c: SolanaChainConfig, committees: Map<string, PreparedCommittee>, epoch: number): PreparedCommittee {
  const key = `${c.domain}:${epoch}`
  let prepared = committees.get(key)
  if (!prepared) committees.set(key, (prepared = prepareCommittee(committeeForEpoch(c.committee.schedule, epoch))))
  return prepared
}

/** Reads, commits and has signed one slot's bundle; `undefined` for a slot without outbox transactions (nothing to publish). */
async function prepareSlot(c: SolanaChainConfig, deps: SolanaWatcherDeps, slot: number): Promise<{ bundle: SolanaSlotBundle; messages: number } | undefined> {
  const block = await fetchOutboxSlot(deps.request, { slot, feeAccount: c.feeAccount })
  if (!block || block.transactions.length === 0) return undefined
  const transactions = block.transactions.map((t): SolanaTransactionResponse => ({ meta: { err: t.err }, transaction: [t.wire, 'base64'] }))
  const { messages } = extractSlotMessages({ slot, transactions, origin: c.domain, feeAccount: c.feeAccount, minFeeLamports: c.minFee })
  const commitment = buildSlotCommitment({ domain: c.domain, slot, blockhash: block.blockhash, slotsPerEpoch: c.slotsPerEpoch, ids: messages.map((m) => m.id) })
  const signatures = await deps.collectSignatures(committeeOf(c, deps.committees, commitment.epoch), commitment)
  const traceparents: Record<string, string> = {}
  for (const m of messages) {
    const tp = deps.observe(m.id, slot)
    if (tp) traceparents[m.id] = tp
  }
  const bundle: SolanaSlotBundle = { version: 1, kind: 'solana-slot', origin: c.domain, slot, blockhash: block.blockhash, observedAt: deps.now(), transactions: block.transactions, commitment, signatures, traceparents }
  return { bundle, messages: messages.length }
}

/**
 * One watcher step (issue 5 item 3): every finalized slot after the cursor
 * that holds outbox transactions is read from its block (instruction data,
 * never logs), committed and published as one bundle with the committee's
 * signatures; the cursor moves after each published slot and to the
 * finalized slot at the end. Publishing precedes the cursor (at-least-once;
 * JetStream dedups by `origin:slot:blockhash`). Up to `fetchConcurrency`
 * slots are read and signed at once; they publish in slot order.
 */
export async function pollSolanaWatcher(c: SolanaChainConfig, deps: SolanaWatcherDeps): Promise<{ from: number; to: number; slots: number; messages: number } | undefined> {
  const finalized = (await deps.request('getSlot', [{ commitment: 'finalized' }])) as number // reason: getSlot returns a u64 that fits a number
  const cursor = (await deps.loadCursor()) ?? c.startSlot - 1
  if (finalized <= cursor) return undefined
  const slots = await outboxSlotsSince(deps.request, c, cursor, finalized)
  let messages = 0
  await forEachInOrder(slots, c.fetchConcurrency, (slot) => prepareSlot(c, deps, slot), async (prepared, slot) => {
    if (prepared) {
      await deps.publish(prepared.bundle)
      messages += prepared.messages
    }
    await deps.saveCursor(slot)
  })
  await deps.saveCursor(finalized)
  return { from: cursor + 1, to: finalized, slots: slots.length, messages }
}
