import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FIRST_SIGNATURES_PAGE, outboxSlotsSince } from './pollSolanaWatcher.js'

type Sig = { signature: string; slot: number }

/**
 * A node's `getSignaturesForAddress` over a ledger (oldest first), newest first with `before` and `limit` as Solana
 * pages.
 */
function fakeNode(ledger: Sig[]) {
  const limits: number[] = []
  const request = async (method: string, params: readonly unknown[]) => {
    assert.equal(method, 'getSignaturesForAddress')
    const { limit, before } = params[1] as { limit: number; before?: string }
    limits.push(limit)
    let from = ledger.length - 1
    if (before) from = ledger.findIndex((s) => s.signature === before) - 1
    const page: Sig[] = []
    for (let i = from; i >= 0 && page.length < limit; i--) page.push(ledger[i] as Sig)
    return page
  }
  return { request, limits }
}

/** `perSlot` signatures in each slot from 1 to `slots`. */
const ledgerOf = (slots: number, perSlot: number): Sig[] =>
  Array.from({ length: slots * perSlot }, (_, i) => ({ signature: `sig${i}`, slot: Math.floor(i / perSlot) + 1 }))

describe('outboxSlotsSince', () => {
  const c = { feeAccount: 'Fee1111111111111111111111111111111111111111', signaturesPageSize: 1000 }

  it('reads a small first page when the watcher keeps up', async () => {
    const node = fakeNode(ledgerOf(1_000, 10))
    assert.deepEqual(await outboxSlotsSince(node.request, c, 997, 1_000), [998, 999, 1_000])
    assert.deepEqual(node.limits, [FIRST_SIGNATURES_PAGE])
  })

  it('grows the pages four times each up to the page size and leaves no gap back to the cursor', async () => {
    const node = fakeNode(ledgerOf(1_000, 10))
    const slots = await outboxSlotsSince(node.request, c, 500, 990)
    assert.deepEqual(
      slots,
      Array.from({ length: 490 }, (_, i) => 501 + i),
      'every slot in (cursor, finalized], none above finalized',
    )
    assert.deepEqual(node.limits, [64, 256, 1000, 1000, 1000, 1000, 1000], '5,000 signatures back to the cursor')
  })

  it('stops when the ledger runs out and honours a smaller configured page size', async () => {
    const node = fakeNode(ledgerOf(30, 3))
    assert.deepEqual(
      await outboxSlotsSince(node.request, { ...c, signaturesPageSize: 20 }, 0, 30),
      Array.from({ length: 30 }, (_, i) => i + 1),
    )
    assert.deepEqual(node.limits, [20, 20, 20, 20, 20])
  })
})
