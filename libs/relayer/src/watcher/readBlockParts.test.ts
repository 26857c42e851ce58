import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex } from '@relaymesh/protocol'
import { isRelaymeshError } from '@relaymesh/errors'
import { pad, type Hex } from 'viem'
import { createEndpointRotation, type RotationRpc } from '../endpoints/createEndpointRotation.js'
import { syntheticBlock, syntheticMessages } from '../testing/syntheticBlock.js'
import { readBlockParts } from './readBlockParts.js'
import type { EvmWatcherDeps } from './EvmWatcherDeps.js'
import { watcherTestOptions as opts } from './testing/watcherTestOptions.js'

type Served = { block: { number: Hex; hash: Hex }; receipts: ReadonlyArray<{ logs: Array<{ topics: Hex[] }> }> }

/**
 * An endpoint serving one block by hash; `lie` forges the first Dispatch log's message id in the receipts it serves
 * (as the devnet proxy's `lie` mode does), so they no longer hash to the header's receiptsRoot.
 */
function serving(b: Served, lie = false): RotationRpc & { asked: string[] } {
  const asked: string[] = []
  const receipts = lie ? structuredClone(b.receipts) : b.receipts
  const log = receipts[0]?.logs[0]
  if (lie && log) log.topics[1] = pad('0xbad')
  return {
    asked,
    request: async ({ method, params }) => {
      asked.push(method)
      const ours = (params as [Hex])[0] === b.block.hash
      if (method === 'eth_getBlockByHash') return ours ? b.block : null
      if (method === 'eth_getBlockReceipts') return ours ? receipts : null
      throw new Error(`unexpected ${method}`)
    },
  }
}

function setUp(liars: number) {
  const { receipts, ids } = syntheticMessages({ origin: opts.origin, destination: 56, outbox: opts.outbox, count: 2 })
  const block = syntheticBlock(receipts, 11n, pad('0x01'), (h) => hashBlockHeader(h))
  const endpoints = [...Array.from({ length: liars }, () => serving(block, true)), serving(block)]
  const urls = endpoints.map((_, i) => (i < liars ? `https://liar-${i}.example/v2/KEY` : 'https://honest.example'))
  const rotation = createEndpointRotation({ endpoints, urls }, { now: () => 0 })
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = []
  const log = (fields: Record<string, unknown>, message: string) => lines.push({ fields, message })
  const deps = {
    rpc: rotation.rpc,
    endpoints: rotation,
    observe: () => undefined,
    logger: { info: log, warn: log, error: log, debug: log },
    now: () => 0,
  } as unknown as EvmWatcherDeps // reason: a block read only reads, observes and logs
  return { block, ids, endpoints, rotation, lines, deps }
}

test('a block answered inconsistently is read from the next endpoint, and the liar is demoted and named', async () => {
  const s = setUp(1)
  const parts = await readBlockParts(opts, s.deps, s.block.block.hash, undefined)
  assert.deepEqual(
    parts.flatMap((p) => p.messageIds.map((id) => bytesToHex(id))),
    s.ids,
    'the genuine messages, from the honest endpoint',
  )
  assert.deepEqual(s.rotation.ranked(), [1, 0], 'the liar is read last from now on')
  const demoted = s.lines.filter((l) => l.fields.code === 'RPC_DATA_INCONSISTENT')
  assert.deepEqual(
    demoted.map((l) => l.fields.endpoint),
    ['https://liar-0.example/[redacted]'],
    'named once, without the key in its URL',
  )
  assert.ok(!s.lines.some((l) => JSON.stringify(l).includes('KEY')), 'no log line carries the key')
  // The next read goes to the honest endpoint first: the liar is not asked.
  const asked = s.endpoints[0]?.asked.length
  await readBlockParts(opts, s.deps, s.block.block.hash, undefined)
  assert.equal(s.endpoints[0]?.asked.length, asked, 'the demoted endpoint is not asked while the other answers')
})

test('two liars before the honest endpoint are both demoted', async () => {
  const s = setUp(2)
  await readBlockParts(opts, s.deps, s.block.block.hash, undefined)
  assert.deepEqual(s.rotation.ranked(), [2, 0, 1])
})

test('no endpoint answers consistently: the read fails for a retry and nobody is demoted', async () => {
  const s = setUp(2)
  s.endpoints.pop()
  const rotation = createEndpointRotation({ endpoints: s.endpoints, urls: ['http://a', 'http://b'] }, { now: () => 0 })
  const deps = { ...s.deps, rpc: rotation.rpc, endpoints: rotation }
  await assert.rejects(readBlockParts(opts, deps, s.block.block.hash, undefined), (error) =>
    isRelaymeshError(error, 'RPC_DATA_INCONSISTENT'),
  )
  assert.deepEqual(rotation.ranked(), [0, 1], 'nothing contradicts them: the order stays')
})
