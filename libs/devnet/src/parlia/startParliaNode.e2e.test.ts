// The devnet Parlia node over a real anvil: its headers verify with the
// Parlia light client (seals, votes, rotation across epochs), and its
// receipts sit under its headers' receiptsRoot with its block hashes.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createParliaStore, getParliaFinalizedExecution, processParliaHeaders } from '@relaymesh/light-client'
import { startAnvil, type AnvilInstance } from '@relaymesh/localchain'
import { encodeBlockHeader, hashBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import { WAIT_DEADLINE_MS, waitUntil } from '@relaymesh/relayer/testing'
import { startParliaNode, type ParliaNode } from './startParliaNode.js'

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await res.json()) as { result: unknown }).result
}

// No suite timeout: the runner's per-file budget bounds a hang; the chain's progress has its own deadline.
describe('devnet Parlia node', () => {
  let anvil: AnvilInstance
  let node: ParliaNode
  before(async () => {
    anvil = await startAnvil({ chainId: 31356, name: 'BSC (local)', blockTime: 0.05 })
    node = await startParliaNode({ anvilUrl: anvil.rpcUrl, chainId: 31356n, epochLength: 20n })
  })
  after(async () => {
    await node?.stop()
    await anvil?.stop()
  })

  test('headers verify across two validator-set rotations and finalize', async () => {
    await waitUntil(
      async () => (BigInt((await rpc(node.url, 'eth_blockNumber')) as string) >= 70n ? true : undefined),
      'the node past block 70',
      WAIT_DEADLINE_MS,
      100,
    )
    const headers: Uint8Array[] = []
    for (let n = node.firstVerifiable; n <= 70n; n++) {
      const block = (await rpc(node.url, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as RpcBlockHeader & {
        hash: string
      }
      assert.equal(hashBlockHeader(block), block.hash, `block ${n} hash is keccak(rlp(header))`)
      headers.push(encodeBlockHeader(block))
    }
    const store = processParliaHeaders(
      createParliaStore({ chainId: 31356n, epochLength: 20n, trustedEpochs: [await node.trustedEpoch()] }),
      headers,
    )
    assert.ok(
      store.validatorSets.has(20n) && store.validatorSets.has(40n) && store.validatorSets.has(60n),
      'sets of epochs 20, 40, 60 adopted',
    )
    assert.notDeepEqual(store.validatorSets.get(20n)?.validators, store.validatorSets.get(40n)?.validators)
    assert.equal(store.finalized?.number, 68n)
    const b50 = node.chain.block(50n)!
    const answer = getParliaFinalizedExecution(store, { blockNumber: 50n, blockHash: b50.hash })
    assert.equal(answer.status, 'final')
    const byHash = (await rpc(node.url, 'eth_getBlockByHash', [b50.hash, false])) as { number: string }
    assert.equal(BigInt(byHash.number), 50n)
  })
})
