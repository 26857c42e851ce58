import {
  buildSlotCommitment,
  committeeForEpoch,
  extractSlotMessages,
  fetchOutboxSlot,
  outboxSlotsBetween,
  prepareCommittee,
  solanaEpoch,
  type CommitmentSignature,
  type OutboxSlot,
  type PreparedCommittee,
  type SlotCommitment,
  type SolanaRpcRequest,
  type SlotMessage,
  type SolanaTransactionResponse,
} from '@relaymesh/solana'
import type { SolanaChainConfig } from './solanaChainSchema.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'
import { forEachInOrder } from '../watcher/forEachInOrder.js'

/** What the Solana watcher needs from the world (IO behind interfaces). */
export type SolanaWatcherDeps = {
  request: SolanaRpcRequest
  /**
   * Last slot whose outbox transactions were all published, with the running count saved beside it
   * (`messagesBefore` of `slot + 1`; null when unknown: a cursor written without it).
   */
  loadCursor(): Promise<{ slot: number; messagesBefore: number | null } | undefined>
  /** Saves the cursor and the count at it in one write. */
  saveCursor(slot: number, messagesBefore: number): Promise<void>
  /**
   * The epoch's accepted outbox messages before `slot`, read from the chain (`countEpochMessagesBefore`): a start
   * without state.
   */
  countMessagesBefore(slot: number): Promise<number>
  collectSignatures(committee: PreparedCommittee, commitment: SlotCommitment): Promise<CommitmentSignature[]>
  publish(bundle: SolanaSlotBundle): Promise<void>
  /** Starts a message's trace at observation (the id as 32 bytes); returns its traceparent. */
  observe(id: Uint8Array, slot: number): string | undefined
  now(): number
  /** Prepared committees by `domain:epoch` (decoded keys reused across polls). */
  committees: Map<string, PreparedCommittee>
}

/** The epoch of slot `next` holds `messagesBefore` accepted outbox messages before it. */
type RunningCount = { next: number; messagesBefore: number }

/**
 * The watcher's running message count (MEMO_FORMAT.md "Nonces"), `next` =
 * cursor + 1. Saved with the cursor in one write and kept in memory; a cursor
 * saved without it (or moved elsewhere) makes the watcher read it from the
 * chain again.
 */
export type SolanaWatcherState = {
  count?: RunningCount | undefined
  /**
   * The cursor as last read or written: only this watcher moves it, so Postgres is read once per process, not at
   * every poll (a poll per slot when idle).
   */
  cursor?: { slot: number; messagesBefore: number | null } | undefined
  /** When the cursor was last written to Postgres (`deps.now()`). */
  savedAt?: number | undefined
}

/**
 * While a poll publishes slot after slot, the cursor is written at most this often (ms); always at the poll's end.
 * Writing it after every slot put a Postgres round trip in line with each publish: with a busy event loop (every
 * service in one process) the watcher then read fewer slots a second than the devnet makes, and fell 15-25 s behind
 * the other relayers under load. A crash between writes only reads those slots again: their bundles carry the same
 * msg-id (the stream drops the repeats) and the store inserts a message once.
 */
export const CURSOR_SAVE_INTERVAL_MS = 1_000

/**
 * The first `getSignaturesForAddress` page of a poll; each further page is four times larger, up to
 * `signaturesPageSize`.
 */
export const FIRST_SIGNATURES_PAGE = 64

/**
 * Slots in (cursor, finalized] holding transactions that mention the fee
 * account (`outboxSlotsBetween`), so a restart or a dropped socket leaves no
 * gap. Pages start small and grow: a watcher that keeps up reads about what
 * is new since its last poll, not a full page of old signatures (1,000 with
 * their memos) on every poll.
 */
export function outboxSlotsSince(
  request: SolanaRpcRequest,
  c: Pick<SolanaChainConfig, 'feeAccount' | 'signaturesPageSize'>,
  cursor: number,
  finalized: number,
): Promise<number[]> {
  return outboxSlotsBetween(request, {
    feeAccount: c.feeAccount,
    from: cursor + 1,
    to: finalized,
    firstPageSize: FIRST_SIGNATURES_PAGE,
    pageSize: c.signaturesPageSize,
  })
}

/**
 * The count carried from `from` to a later slot with no outbox slot between: the same within an epoch, 0 in a later
 * one.
 */
function carry(slotsPerEpoch: number, from: RunningCount, slot: number): number {
  return solanaEpoch(from.next, slotsPerEpoch) === solanaEpoch(slot, slotsPerEpoch) ? from.messagesBefore : 0
}

function committeeOf(
  c: SolanaChainConfig,
  committees: Map<string, PreparedCommittee>,
  epoch: number,
): PreparedCommittee {
  const key = `${c.domain}:${epoch}`
  let prepared = committees.get(key)
  if (!prepared) committees.set(key, (prepared = prepareCommittee(committeeForEpoch(c.committee.schedule, epoch))))
  return prepared
}

/** One slot read and numbered: its bundle when it has outbox transactions, and the count after it. */
type PreparedSlot = { bundle: SolanaSlotBundle | undefined; messages: number; after: RunningCount }

/** A slot's outbox transactions and its messages (their ids packed), numbered from the count `before` resolves to. */
type ReadSlot = { block: OutboxSlot | undefined; messagesBefore: number; messages: SlotMessage[]; ids: Uint8Array }

async function readSlot(
  c: SolanaChainConfig,
  deps: SolanaWatcherDeps,
  slot: number,
  before: Promise<RunningCount | undefined>,
): Promise<ReadSlot> {
  const block = await fetchOutboxSlot(deps.request, { slot, feeAccount: c.feeAccount })
  const from = await before
  const messagesBefore = from ? carry(c.slotsPerEpoch, from, slot) : await deps.countMessagesBefore(slot)
  if (!block || block.transactions.length === 0)
    return { block: undefined, messagesBefore, messages: [], ids: new Uint8Array(0) }
  const transactions = block.transactions.map((t): SolanaTransactionResponse => ({
    meta: { err: t.err },
    transaction: [t.wire, 'base64'],
  }))
  const { messages, ids } = extractSlotMessages({
    slot,
    epoch: solanaEpoch(slot, c.slotsPerEpoch),
    messagesBefore,
    transactions,
    origin: c.domain,
    feeAccount: c.feeAccount,
    minFeeLamports: c.minFee,
  })
  return { block, messagesBefore, messages, ids }
}

/** Commits a read slot, has the committee sign it and starts each message's trace: the slot's bundle. */
async function commitSlot(
  c: SolanaChainConfig,
  deps: SolanaWatcherDeps,
  slot: number,
  { block, messagesBefore, messages, ids }: ReadSlot & { block: OutboxSlot },
): Promise<SolanaSlotBundle> {
  const commitment = buildSlotCommitment({
    domain: c.domain,
    slot,
    blockhash: block.blockhash,
    slotsPerEpoch: c.slotsPerEpoch,
    messagesBefore,
    ids,
  })
  const signatures = await deps.collectSignatures(committeeOf(c, deps.committees, commitment.epoch), commitment)
  return {
    origin: c.domain,
    slot,
    blockhash: block.blockhash,
    observedAt: deps.now(),
    ...(block.blockTime === null ? {} : { blockTime: block.blockTime }),
    transactions: block.transactions,
    commitment,
    signatures,
    claims: messages.map((m) => ({ messageId: m.id, traceparent: deps.observe(m.id, slot) })),
  }
}

/**
 * Reads one slot, numbers its messages from the count `before` resolves to (the previous outbox slot's,
 * in slot order), commits and has it signed. The count after it is known as soon as its messages are
 * counted (`counted`), before the signature round, so the next slot's read and round overlap this one's.
 */
function prepareSlot(
  c: SolanaChainConfig,
  deps: SolanaWatcherDeps,
  slot: number,
  before: Promise<RunningCount | undefined>,
): { counted: Promise<RunningCount>; prepared: Promise<PreparedSlot> } {
  const read = readSlot(c, deps, slot, before)
  const counted = read.then(({ messagesBefore, messages }) => ({
    next: slot + 1,
    messagesBefore: carry(c.slotsPerEpoch, { next: slot, messagesBefore: messagesBefore + messages.length }, slot + 1),
  }))
  counted.catch(() => undefined) // observed through `prepared` (the same failure)
  const prepared = (async (): Promise<PreparedSlot> => {
    const [slotRead, after] = await Promise.all([read, counted])
    const { block } = slotRead
    if (!block) return { bundle: undefined, messages: 0, after }
    return {
      bundle: await commitSlot(c, deps, slot, { ...slotRead, block }),
      messages: slotRead.messages.length,
      after,
    }
  })()
  return { counted, prepared }
}

/**
 * One watcher step: every finalized slot after the cursor
 * that holds outbox transactions is read from its block (instruction data,
 * never logs), committed and published as one bundle with the committee's
 * signatures; the cursor moves after each published slot (written at most
 * every `CURSOR_SAVE_INTERVAL_MS`) and to the finalized slot at the end.
 * Publishing precedes the cursor (at-least-once;
 * JetStream dedups by `origin:slot:blockhash`). Up to `fetchConcurrency`
 * slots are read and signed at once; they publish in slot order. Each slot's
 * `messagesBefore` runs on from the previous outbox slot of its epoch
 * (`state`, chained slot to slot as each is counted) and is saved with the
 * cursor, so a restart carries on from the saved pair; without one it reads
 * the count from the chain, and finalized slots never change, so it finds
 * the same value.
 */
export async function pollSolanaWatcher(
  c: SolanaChainConfig,
  deps: SolanaWatcherDeps,
  state: SolanaWatcherState = {},
): Promise<{ from: number; to: number; slots: number; messages: number } | undefined> {
  // reason: getSlot returns a u64 that fits a number
  const finalized = (await deps.request('getSlot', [{ commitment: 'finalized' }])) as number
  const saved = state.cursor ?? (await deps.loadCursor())
  let cursor = saved?.slot ?? c.startSlot - 1
  if (saved && saved.messagesBefore !== null && state.count?.next !== cursor + 1)
    state.count = { next: cursor + 1, messagesBefore: saved.messagesBefore }
  if (finalized <= cursor) return undefined
  const from = cursor + 1
  const slots = await outboxSlotsSince(deps.request, c, cursor, finalized)
  let messages = 0
  // Produced in slot order (forEachInOrder starts them so): each slot's count waits for the previous slot's.
  let previous: Promise<RunningCount | undefined> = Promise.resolve(
    state.count?.next === cursor + 1 ? state.count : undefined,
  )
  await forEachInOrder(
    slots,
    c.fetchConcurrency,
    (slot) => {
      const { counted, prepared } = prepareSlot(c, deps, slot, previous)
      previous = counted
      return prepared
    },
    async (prepared, slot) => {
      if (prepared.bundle) await deps.publish(prepared.bundle)
      messages += prepared.messages
      // In memory at once (a failed poll goes on from here); in Postgres at most once a second while publishing.
      state.cursor = { slot, messagesBefore: prepared.after.messagesBefore }
      state.count = prepared.after
      cursor = slot
      if (deps.now() - (state.savedAt ?? -Infinity) >= CURSOR_SAVE_INTERVAL_MS) {
        await deps.saveCursor(slot, prepared.after.messagesBefore)
        state.savedAt = deps.now()
      }
    },
  )
  // No outbox slot in (cursor, finalized]: the count carries to finalized + 1 (read from the chain once when there is
  // no state).
  const next = finalized + 1
  const messagesBefore =
    state.count?.next === cursor + 1 ? carry(c.slotsPerEpoch, state.count, next) : await deps.countMessagesBefore(next)
  await deps.saveCursor(finalized, messagesBefore)
  state.savedAt = deps.now()
  state.cursor = { slot: finalized, messagesBefore }
  state.count = { next, messagesBefore }
  return { from, to: finalized, slots: slots.length, messages }
}
