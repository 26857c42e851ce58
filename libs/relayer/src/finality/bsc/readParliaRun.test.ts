import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createParliaDevChain, defaultParliaDevSchedule, anvilStandInBlock } from '@relaymesh/devnet/parlia'
import { isRelaymeshError } from '@relaymesh/errors'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { pad, type Hex } from 'viem'
import { createEndpointRotation, type RotationRpc } from '../../endpoints/createEndpointRotation.js'
import { readFromEachEndpoint } from '../../endpoints/readFromEachEndpoint.js'
import { checkParliaRun, readParliaRun, type ParliaRpcBlock, type ParliaRun } from './readParliaRun.js'

const CHAIN_ID = 31356n

/** Blocks 0..12 of the devnet's sealed Parlia chain, as an endpoint serves them. */
function sealedChain(): ParliaRpcBlock[] {
  const chain = createParliaDevChain({ chainId: CHAIN_ID, epochLength: 20n, schedule: defaultParliaDevSchedule() })
  for (let n = 0n; n <= 12n; n++) chain.extend(anvilStandInBlock(n))
  return Array.from({ length: 13 }, (_, n) => {
    const block = chain.block(BigInt(n))
    assert.ok(block)
    return { ...block.header, hash: block.hash } as ParliaRpcBlock // reason: a sealed header with its hash
  })
}

/**
 * The fork a consistent liar serves from `at` on: another receipts root, each block re-hashed and re-parented, so
 * every block hashes to its hash and links to the previous; the seals are the honest ones, over other headers.
 */
function forge(blocks: readonly ParliaRpcBlock[], at: number): ParliaRpcBlock[] {
  const forged = [...blocks]
  for (let i = at; i < forged.length; i++) {
    const b = forged[i] as ParliaRpcBlock // reason: i < length
    const header = { ...b, receiptsRoot: i === at ? pad('0xf0', { size: 32 }) : b.receiptsRoot }
    if (i > at) header.parentHash = (forged[i - 1] as ParliaRpcBlock).hash
    forged[i] = { ...header, hash: hashBlockHeader(header) }
  }
  return forged
}

function serving(blocks: readonly ParliaRpcBlock[]): RotationRpc & { asked: number } {
  const endpoint = {
    asked: 0,
    request: async ({ method, params }: { method: string; params?: unknown }) => {
      endpoint.asked++
      if (method !== 'eth_getBlockByNumber') throw new Error(`unexpected ${method}`)
      return blocks[Number(BigInt((params as [Hex])[0]))] ?? null
    },
  }
  return endpoint
}

const honest = sealedChain()
const run = (from: number, to: number, parentHash?: Hex): ParliaRun => ({
  origin: 56,
  chainId: CHAIN_ID,
  from: BigInt(from),
  to: BigInt(to),
  parentHash: parentHash ?? honest[from - 1]?.hash,
})
const inconsistent = (why: RegExp) => (error: unknown) =>
  isRelaymeshError(error, 'RPC_DATA_INCONSISTENT') && why.test(String(error))

test('an honest run passes: asked blocks, hashing, linking to the last published block, sealed by their miners', () => {
  checkParliaRun(honest.slice(3, 9), run(3, 8))
})

test("a consistent liar's fork is refused: it hashes and links, but no block of it is sealed by its miner", () => {
  const forged = forge(honest, 5)
  assert.equal(hashBlockHeader(forged[6] as ParliaRpcBlock), (forged[6] as ParliaRpcBlock).hash)
  assert.throws(() => checkParliaRun(forged.slice(3, 9), run(3, 8)), inconsistent(/block 5 .*not sealed by its miner/))
})

test('a run that does not follow the block last published, or is not the blocks asked, is refused', () => {
  assert.throws(() => checkParliaRun(honest.slice(3, 9), run(3, 8, pad('0x01'))), inconsistent(/block 3 .*follow/))
  assert.throws(() => checkParliaRun(honest.slice(4, 9), run(3, 7)), inconsistent(/block 3 .*is block 4/))
})

test('read through the rotation: the liar first is passed over, demoted, and the honest run returned', async () => {
  const liar = serving(forge(honest, 5))
  const good = serving(honest)
  const rotation = createEndpointRotation(
    { endpoints: [liar, good], urls: ['https://liar.example/KEY', 'https://bsc.example'] },
    { now: () => 0 },
  )
  const lines: Array<Record<string, unknown>> = []
  const log = (fields: Record<string, unknown>) => void lines.push(fields)
  const logger = { error: log, warn: log, info: log, debug: log } as never // reason: only log lines are read
  const first = await readParliaRun(rotation.rpc, run(3, 8)).catch((error: unknown) => error)
  assert.ok(isRelaymeshError(first, 'RPC_DATA_INCONSISTENT'), 'the first read, through the liar, does not fit')
  const blocks = await readFromEachEndpoint({
    endpoints: rotation,
    read: (rpc) => readParliaRun(rpc, run(3, 8)),
    first,
    logger,
    at: { origin: 56 },
  })
  assert.deepEqual(
    blocks.map((b) => b.hash),
    honest.slice(3, 9).map((b) => b.hash),
  )
  assert.deepEqual(rotation.ranked(), [1, 0], 'the liar is read last from now on')
  assert.deepEqual(
    lines.filter((l) => l.code === 'RPC_DATA_INCONSISTENT').map((l) => l.endpoint),
    ['https://liar.example/[redacted]'],
  )
  const asked = liar.asked
  await readParliaRun(rotation.rpc, run(9, 12))
  assert.equal(liar.asked, asked, 'the next run is read from the honest endpoint')
})
