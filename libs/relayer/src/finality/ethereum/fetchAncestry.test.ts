import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { decodeBlockHeader } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import { fakeHeaderChain } from '../../watcher/testing/fakeHeaderChain.js'
import { fetchAncestry, type AncestryReader } from './fetchAncestry.js'

const outbox: Hex = '0x00000000000000000000000000000000000000aa'
const canonical = fakeHeaderChain({ fork: { at: 0n, salt: 0n }, bloomed: new Set(), outbox })
/** The same heights on a fork of its own from block 5 (a consistent liar's chain). */
const fork = fakeHeaderChain({ fork: { at: 5n, salt: 7n }, bloomed: new Set(), outbox })

/** Answers by hash from `chain`; `wrongFor` gets another block than the one asked. */
function reader(chain: typeof canonical, wrongFor = new Set<Hex>()): AncestryReader & { asked: number } {
  const r = {
    asked: 0,
    request: async ({ params }: { method: string; params?: unknown }) => {
      r.asked++
      const hash = (params as [Hex])[0]
      if (wrongFor.has(hash)) return fork.byNumber(5n)
      return chain.byHash(hash)
    },
  }
  return r
}

const anchor = { blockNumber: 8n, blockHash: canonical.byNumber(8n).hash }

test('reads down from the finalized anchor by hash: the canonical headers from..anchor, oldest first', async () => {
  const headers = await fetchAncestry([reader(canonical)], { from: 4n, anchor })
  assert.deepEqual(
    headers.map((h) => decodeBlockHeader(h).hash),
    [4n, 5n, 6n, 7n, 8n].map((n) => canonical.byNumber(n).hash),
  )
})

test("an endpoint answering another block than the hash asked (its fork's) is passed over for the next", async () => {
  const liar = reader(canonical, new Set([canonical.byNumber(6n).hash]))
  const honest = reader(canonical)
  const headers = await fetchAncestry([liar, honest], { from: 5n, anchor })
  assert.equal(decodeBlockHeader(headers[0] as Uint8Array).hash, canonical.byNumber(5n).hash)
  assert.equal(honest.asked, 1, 'asked only for the block the first endpoint lied about')
})

test('an endpoint that only knows its fork answers nothing for the canonical hashes; none answering is retried', async () => {
  await assert.rejects(fetchAncestry([reader(fork)], { from: 5n, anchor }), (error: unknown) =>
    isRelaymeshError(error, 'RPC_UNAVAILABLE'),
  )
})
