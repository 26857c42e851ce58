// The consistent liar's forgery (libs/devnet's `forge-chain` proxy mode) really is consistent: every check the watcher
// and the verifier's proof code can make on an answer alone passes on it. Only the light client's finalized chain
// tells it from the node's, which is why a relayer must read such a block again from another endpoint.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createChainForger, forgeConsistentBlock } from '@relaymesh/devnet'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex } from '@relaymesh/protocol'
import { pad, type Hex } from 'viem'
import { isRelaymeshError } from '@relaymesh/errors'
import { syntheticBlock, syntheticMessages, type SyntheticBlock } from '../testing/syntheticBlock.js'
import { verifyBundle } from '../verifier/verifyBundle.js'
import { buildBlockBundleWires } from './buildBlockBundleWires.js'
import { findMessageBlocks, type RangeBlock } from './findMessageBlocks.js'
import { planBlockBundles } from './planBlockBundles.js'

const ORIGIN = 31337
const DESTINATION = 56
const outbox: Hex = '0x00000000000000000000000000000000000000aa'

/** Blocks 10..12: the middle one holds two Dispatch logs. */
function honestChain(): SyntheticBlock[] {
  const { receipts } = syntheticMessages({ origin: ORIGIN, destination: DESTINATION, outbox, count: 2 })
  const b10 = syntheticBlock([], 10n, pad('0x01'), (h) => hashBlockHeader(h))
  const b11 = syntheticBlock(receipts, 11n, b10.block.hash, (h) => hashBlockHeader(h))
  const b12 = syntheticBlock([], 12n, b11.block.hash, (h) => hashBlockHeader(h))
  return [b10, b11, b12]
}

const wireOptions = { origin: ORIGIN, outbox, maxBytes: 1_000_000, now: 0 }
const verifyOptions = { outbox, destinations: new Set([DESTINATION]), maxPayloadBytes: 65_536 }

describe('forgeConsistentBlock', () => {
  test("a forged Dispatch block passes the watcher's consistency checks and the verifier's proofs", () => {
    const [b10, b11, b12] = honestChain() as [SyntheticBlock, SyntheticBlock, SyntheticBlock]
    const f11 = forgeConsistentBlock({ block: b11.block, receipts: b11.receipts })
    const f12 = forgeConsistentBlock({ block: b12.block, receipts: b12.receipts, parentHash: f11.block.hash })
    assert.notEqual(f11.block.hash, b11.block.hash)
    assert.equal(hashBlockHeader(f11.block), f11.block.hash, 'the forged header hashes to its hash')
    assert.equal(f11.forgedIds.length, 1)
    assert.deepEqual(f12.forgedIds, [], 'a later block without Dispatch logs is only re-parented')
    assert.equal(f12.block.parentHash, f11.block.hash)
    // The range read: headers hash and link, the logs name one of them.
    const found = findMessageBlocks({
      origin: ORIGIN,
      outbox,
      headers: [b10.block, f11.block, f12.block] as RangeBlock[],
      logs: [{ blockHash: f11.block.hash, blockNumber: f11.block.number }],
    })
    assert.deepEqual(
      found.blocks.map((b) => b.hash),
      [f11.block.hash],
    )
    // The block read: receipts hash to the header's receiptsRoot (planBlockBundles throws RPC_DATA_INCONSISTENT else).
    const parts = buildBlockBundleWires({ ...wireOptions, block: f11.block, receipts: f11.receipts })
    const claimed = parts.flatMap((p) => p.messageIds.map((id) => bytesToHex(id)))
    assert.equal(claimed.length, 3, 'both genuine messages and the forged one are claimed')
    assert.ok(claimed.includes(f11.forgedIds[0] as Hex))
    // The verifier's proofs hold too: the forged message is a well-formed message of a configured route.
    const verified = parts.reduce((n, p) => n + verifyBundle(p.bytes, verifyOptions).verified.count, 0)
    assert.equal(verified, 3)
  })

  test('the same forged receipts under the honest header are the inconsistent lie the watcher catches', () => {
    const b11 = honestChain()[1] as SyntheticBlock
    const f11 = forgeConsistentBlock({ block: b11.block, receipts: b11.receipts })
    assert.throws(
      () => planBlockBundles({ ...wireOptions, block: b11.block, receipts: f11.receipts }),
      (error: unknown) => isRelaymeshError(error, 'RPC_DATA_INCONSISTENT'),
    )
  })
})

describe('createChainForger', () => {
  const chain = honestChain()
  const byNumber = new Map(chain.map((b) => [b.block.number, b]))
  const byHash = new Map(chain.map((b) => [b.block.hash, b]))
  const upstream = async (method: string, params: unknown[]): Promise<unknown> => {
    const ref = params[0] as Hex // reason: the forger asks by height
    if (method === 'eth_getBlockByNumber') return byNumber.get(ref)?.block ?? null
    if (method === 'eth_getBlockReceipts') return (byNumber.get(ref) ?? byHash.get(ref))?.receipts ?? null
    throw new Error(`unexpected ${method}`)
  }
  const ask = async (forger: ReturnType<typeof createChainForger>, method: string, params: unknown[]) => {
    const node = await upstream(method, params).catch(() => null)
    const answer = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, result: node }))
    const request = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }))
    const { body, forged } = await forger.answer(request, answer)
    return { result: (JSON.parse(body.toString()) as { result: unknown }).result, forged }
  }

  test('serves a fork from the first Dispatch block on: forged by height, by its hash, in its receipts and logs', async () => {
    const forger = createChainForger({ upstream })
    const at = async (n: number) =>
      (await ask(forger, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).result as RangeBlock
    const headers = [await at(10), await at(11), await at(12)]
    assert.equal(headers[0]?.hash, chain[0]?.block.hash, 'the block before the first Dispatch block is the node’s')
    const [forged] = forger.forged()
    assert.ok(forged)
    assert.equal(headers[1]?.hash, forged.forgedHash)
    assert.equal(forged.honestHash, chain[1]?.block.hash)
    assert.equal(headers[2]?.parentHash, forged.forgedHash, 'later blocks are re-parented onto the fork')
    const receipts = (await ask(forger, 'eth_getBlockReceipts', [forged.forgedHash]))
      .result as SyntheticBlock['receipts']
    assert.doesNotThrow(() => planBlockBundles({ ...wireOptions, block: headers[1] as RangeBlock, receipts }))
    const byForgedHash = await ask(forger, 'eth_getBlockByHash', [forged.forgedHash, false])
    assert.equal((byForgedHash.result as RangeBlock).hash, forged.forgedHash)
    const logs = await ask(forger, 'eth_getLogs', [{}])
    assert.equal(logs.forged, false, 'no logs, nothing forged')
  })
})
