// Test-only: the consistent-liar tests' totals-first step, shared: the ids the genuine chain dispatched, and the wait
// until this relayer stored every one of them.
import { DISPATCH_TOPIC } from '@relaymesh/receipt-proof'
import type { StoreDb } from '@relaymesh/store'
import type { Hex } from 'viem'
import { waitUntil } from '../../testing/testInfra.js'

type Receipt = { logs: ReadonlyArray<{ topics: readonly Hex[] }> }

/** The message ids of the Outbox `Dispatch` logs in `receipts` (topic 1). */
export function dispatchedIds(receipts: readonly Receipt[]): Hex[] {
  return receipts.flatMap((r) =>
    r.logs
      .filter((l) => l.topics[0]?.toLowerCase() === DISPATCH_TOPIC)
      .flatMap((l) => (l.topics[1] ? [l.topics[1]] : [])),
  )
}

/** Waits until the store holds every one of `ids`; their rows (id and source block hash). */
export function waitForGenuineMessages(
  db: StoreDb,
  ids: readonly Hex[],
): Promise<Array<{ id: Buffer; source_block_hash: Buffer }>> {
  return waitUntil(async () => {
    const rows = await db.$client.query<{ id: Buffer; source_block_hash: Buffer }>(
      'SELECT id, source_block_hash FROM messages WHERE id = ANY($1)',
      [ids.map((hex) => Buffer.from(hex.slice(2), 'hex'))],
    )
    return rows.rows.length === ids.length ? rows.rows : undefined
  }, `${ids.length} genuine messages verified`)
}
