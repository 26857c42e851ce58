import assert from 'node:assert/strict'
import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import type { Sent } from './dispatchedBy.js'

/**
 * Across every block of both inboxes: one MessageExecuted per message and nothing else; each batch index submitted
 * once.
 */
export async function assertExecutedOnceOnChain(mesh: LocalMesh, sent: Sent[], perRoute: number): Promise<void> {
  const { ethereum, bsc } = mesh.bridges
  for (const [bridge, origin] of [
    [bsc, ethereum.domain],
    [ethereum, bsc.domain],
  ] as const) {
    const mine = sent.filter((s) => s.origin === origin)
    const client = bridge.chain.publicClient
    const range = {
      address: bridge.addresses.inbox,
      abi: settlementInboxAbi,
      fromBlock: 0n,
      toBlock: 'latest',
    } as const
    const [executed, failed, submitted] = await Promise.all([
      client.getContractEvents({ ...range, eventName: 'MessageExecuted' }),
      client.getContractEvents({ ...range, eventName: 'MessageFailed' }),
      client.getContractEvents({ ...range, eventName: 'BatchSubmitted' }),
    ])
    const perId = new Map<string, number>()
    // reason: id is indexed, always decoded
    for (const e of executed) perId.set(e.args.id as string, (perId.get(e.args.id as string) ?? 0) + 1)
    assert.equal(executed.length, perRoute, `${bridge.domain}: exactly ${perRoute} MessageExecuted events`)
    for (const s of mine) assert.equal(perId.get(s.id), 1, `${s.id} executed exactly once on ${bridge.domain}`)
    assert.equal(failed.length, 0, `${bridge.domain}: no MessageFailed`)
    for (const s of mine)
      assert.equal(await bridge.inbox.read.isExecuted([s.origin, s.nonce]), true, `${s.origin}/${s.nonce} isExecuted`)

    // Each batch index submitted once, in order, and each message settled in exactly one batch.
    const indexes = submitted.map((e) => e.args.batchIndex as bigint) // reason: indexed, always decoded
    assert.deepEqual(
      indexes,
      indexes.map((_, i) => BigInt(i)),
      `${bridge.domain}: BatchSubmitted once per index, contiguous`,
    )
    const carried = submitted.reduce((n, e) => n + (e.args.messageCount ?? 0), 0)
    assert.equal(carried, perRoute, `${bridge.domain}: the submitted batches carry each message once`)
  }
}
