import assert from 'node:assert/strict'
import { test } from 'node:test'
import { forgeConsistentBlock } from '@relaymesh/devnet'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex } from '@relaymesh/protocol'
import { pad, type Hex } from 'viem'
import { createEndpointRotation, type RotationRpc } from '../endpoints/createEndpointRotation.js'
import { syntheticBlock, syntheticMessages } from '../testing/syntheticBlock.js'
import type { BlockBundleWire } from '../watcher/buildBlockBundleWires.js'
import type { EvmWatcherDeps, EvmWatcherOptions } from '../watcher/runEvmWatcher.js'
import { rereadRefusedBlock } from './rereadRefusedBlock.js'
import { watcherTestOptions } from '../watcher/testing/watcherTestOptions.js'

const opts: EvmWatcherOptions = { ...watcherTestOptions, confirmations: 0 }

/** An endpoint serving one block at its height (by number, by hash, its receipts); counts what it was asked. */
type Served = { block: { number: Hex; hash: Hex }; receipts: readonly unknown[] }

function serving(b: Served): RotationRpc & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    request: async ({ method, params }) => {
      asked.push(method)
      const ref = (params as [Hex])[0]
      const ours = ref === b.block.number || ref === b.block.hash
      if (method === 'eth_getBlockByNumber' || method === 'eth_getBlockByHash') return ours ? b.block : null
      if (method === 'eth_getBlockReceipts') return ours ? b.receipts : null
      throw new Error(`unexpected ${method}`)
    },
  }
}

function setUp() {
  const { receipts, ids } = syntheticMessages({ origin: opts.origin, destination: 56, outbox: opts.outbox, count: 2 })
  const honest = syntheticBlock(receipts, 11n, pad('0x01'), (h) => hashBlockHeader(h))
  const forged = forgeConsistentBlock(honest)
  const endpoints = [serving(forged), serving(forged), serving(honest)]
  const rotation = createEndpointRotation(
    { endpoints, urls: ['http://liar-a/v2/KEY', 'http://liar-b', 'http://honest'] },
    { now: () => 0 },
  )
  const published: BlockBundleWire[] = []
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = []
  const log = (fields: Record<string, unknown>, message: string) => lines.push({ fields, message })
  const deps = {
    rpc: rotation.rpc,
    publish: async (parts: BlockBundleWire[]) => void published.push(...parts),
    observe: () => undefined,
    now: () => 0,
  } as unknown as EvmWatcherDeps // reason: the re-read only reads, publishes and observes
  const logger = { info: log, warn: log, error: log, debug: log } as never // reason: the re-read only logs lines
  return { honest, forged, ids, endpoints, rotation, published, lines, deps, logger }
}

test('every endpoint serving the refused block is demoted; the height is published from the one serving another', async () => {
  const s = setUp()
  const result = await rereadRefusedBlock(
    { opts, deps: s.deps, rotation: s.rotation, logger: s.logger },
    { number: 11n, hash: s.forged.block.hash, reasonCode: 'BLOCK_NOT_CANONICAL' },
  )
  assert.deepEqual(result.from, { endpoint: 'http://honest', hash: s.honest.block.hash, messages: 2 })
  assert.deepEqual(result.liars, ['http://liar-a/[redacted]', 'http://liar-b'], 'named without the key in the URL')
  assert.deepEqual(s.rotation.ranked(), [2, 0, 1], 'the liars are read last from now on')
  const published = s.published.flatMap((p) => p.messageIds.map((id) => bytesToHex(id)))
  assert.deepEqual(published, s.ids, 'the genuine messages only, from the honest block')
  assert.ok(s.published.every((p) => p.blockHash === s.honest.block.hash))
  assert.ok(!s.lines.some((l) => JSON.stringify(l).includes('KEY')), 'no log line carries the key')
})

test('no endpoint serving another block: nothing published, every liar demoted, said loudly', async () => {
  const s = setUp()
  s.endpoints.pop()
  const rotation = createEndpointRotation(
    { endpoints: s.endpoints.slice(0, 2), urls: ['http://a', 'http://b'] },
    { now: () => 0 },
  )
  const result = await rereadRefusedBlock(
    { opts, deps: { ...s.deps, rpc: rotation.rpc }, rotation, logger: s.logger },
    { number: 11n, hash: s.forged.block.hash, reasonCode: 'BLOCK_NOT_CANONICAL' },
  )
  assert.equal(result.from, undefined)
  assert.equal(result.liars.length, 2)
  assert.equal(s.published.length, 0)
  assert.ok(s.lines.some((l) => l.message.startsWith('no RPC endpoint serves another block')))
})
