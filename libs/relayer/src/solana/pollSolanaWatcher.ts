import {
  buildSlotCommitment, committeeForEpoch, extractSlotMessages, fetchOutboxSlot, prepareCommittee,
  type CommitmentSignature, type PreparedCommittee, type SlotCommitment, type SolanaRpcRequest, type SolanaTransactionResponse,
} from '@relaymesh/solana'
import type { Hex } from 'viem'
import type { SolanaChainConfig } from './solanaChainSchema.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'

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

/**
 * Slots in (cursor, finalized] holding transactions that mention the fee
 * account: `getSignaturesForAddress` pages newest first (`before` = last
 * signature of the previous page) until a page reaches the cursor or runs out,
 * so a restart or a dropped socket leaves no gap.
 */
export async function outboxSlotsSince(request: SolanaRpcRequest, c: Pick<SolanaChainConfig, 'feeAccount' | 'signaturesPageSize'>, cursor: number, finalized: number): Promise<number[]> {
  const slots = new Set<number>()
  let before: string | undefined
  for (;;) {
    const page = (await request('getSignaturesForAddress', [c.feeAccount, { commitment: 'finalized', limit: c.signaturesPageSize, ...(before ? { before } : {}) }])) as SignatureInfo[] // reason: the node's documented shape
    for (const s of page) if (s.slot > cursor && s.slot <= finalized) slots.add(s.slot)
    const last = page.at(-1)
    if (!last || page.length < c.signaturesPageSize || last.slot <= cursor) break
    before = last.signature
  }
  return [...slots].sort((a, b) => a - b)
}

function committeeOf(c: SolanaChainConfig, committees: Map<string, PreparedCommittee>, epoch: number): PreparedCommittee {
  const key = `${c.domain}:${epoch}`
  let prepared = committees.get(key)
  if (!prepared) committees.set(key, (prepared = prepareCommittee(committeeForEpoch(c.committee.schedule, epoch))))
  return prepared
}

/** Builds and publishes one slot's bundle; returns its message count (0 and nothing published without outbox transactions). */
async function publishSlot(c: SolanaChainConfig, deps: SolanaWatcherDeps, slot: number): Promise<number> {
  const block = await fetchOutboxSlot(deps.request, { slot, feeAccount: c.feeAccount })
  if (!block || block.transactions.length === 0) return 0
  const transactions = block.transactions.map((t): SolanaTransactionResponse => ({ meta: { err: t.err }, transaction: [t.wire, 'base64'] }))
  const { messages } = extractSlotMessages({ slot, transactions, origin: c.domain, feeAccount: c.feeAccount, minFeeLamports: c.minFee })
  const commitment = buildSlotCommitment({ domain: c.domain, slot, blockhash: block.blockhash, slotsPerEpoch: c.slotsPerEpoch, ids: messages.map((m) => m.id) })
  const signatures = await deps.collectSignatures(committeeOf(c, deps.committees, commitment.epoch), commitment)
  const traceparents: Record<string, string> = {}
  for (const m of messages) {
    const tp = deps.observe(m.id, slot)
    if (tp) traceparents[m.id] = tp
  }
  await deps.publish({ version: 1, kind: 'solana-slot', origin: c.domain, slot, blockhash: block.blockhash, observedAt: deps.now(), transactions: block.transactions, commitment, signatures, traceparents })
  return messages.length
}

/**
 * One watcher step (issue 5 item 3): every finalized slot after the cursor
 * that holds outbox transactions is read from its block (instruction data,
 * never logs), committed and published as one bundle with the committee's
 * signatures; the cursor moves after each published slot and to the
 * finalized slot at the end. Publishing precedes the cursor (at-least-once;
 * JetStream dedups by `origin:slot:blockhash`).
 */
export async function pollSolanaWatcher(c: SolanaChainConfig, deps: SolanaWatcherDeps): Promise<{ from: number; to: number; slots: number; messages: number } | undefined> {
  const finalized = (await deps.request('getSlot', [{ commitment: 'finalized' }])) as number // reason: getSlot returns a u64 that fits a number
  const cursor = (await deps.loadCursor()) ?? c.startSlot - 1
  if (finalized <= cursor) return undefined
  const slots = await outboxSlotsSince(deps.request, c, cursor, finalized)
  let messages = 0
  for (const slot of slots) {
    messages += await publishSlot(c, deps, slot)
    await deps.saveCursor(slot)
  }
  await deps.saveCursor(finalized)
  return { from: cursor + 1, to: finalized, slots: slots.length, messages }
}
