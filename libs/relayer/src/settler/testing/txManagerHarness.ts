// Test-only: one anvil chain and one relayer's database for the tx manager's tests, and the faulty nodes, row reads and
// stranded txs they share.
import assert from 'node:assert/strict'
import { devAccounts, startAnvil, type AnvilInstance } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
import { createPublicClient, custom, http, type Hex } from 'viem'
import type { RelayerChain } from '../../context/createRelayerContext.js'
import type { RelayerError } from '../../RelayerError.js'
import {
  deleteStreams,
  runId,
  startTestRelayer,
  waitFor,
  type TestRelayer,
} from '../../batcher/testing/batchHarness.js'
import { createTxManager } from '../txManager.js'

export const txManagerAccount = devAccounts(2)[1]!
const DOMAIN = 31356

export type TxManagerHarness = { chain: AnvilInstance; r1: TestRelayer; close(): Promise<void> }

export async function startTxManagerHarness(): Promise<TxManagerHarness> {
  const chain = await startAnvil({ chainId: DOMAIN })
  const inbox = '0x00000000000000000000000000000000000000b0'
  const r1 = await startTestRelayer(
    {
      chain: { domain: DOMAIN, rpcUrl: chain.rpcUrl, inbox, outbox: inbox },
      relayers: { r1: txManagerAccount },
      proposer: 'r1',
      threshold: 1,
    },
    'r1',
    runId(),
  )
  const close = async () => {
    await deleteStreams([r1])
    await r1.close()
    await chain.stop()
  }
  return { chain, r1, close }
}

export type ManagerOptions = { client?: RelayerChain['client']; nonceConflictGraceMs?: number; signal?: AbortSignal }

export function txManagerFor(
  h: TxManagerHarness,
  bumpAfterMs: number,
  clock = h.r1.ctx.clock,
  options: ManagerOptions = {},
) {
  const target = h.r1.ctx.chains.get(DOMAIN)!
  return createTxManager(
    {
      db: h.r1.ctx.db,
      account: h.r1.ctx.account,
      logger: h.r1.ctx.logger,
      clock,
      chain: { ...target, client: options.client ?? target.client },
      signal: options.signal,
    },
    {
      confirmations: 1,
      bumpAfterMs,
      pollMs: 50,
      nonceConflictGraceMs: options.nonceConflictGraceMs ?? 5_000,
      lookEveryMs: 100,
    },
  )
}

/** A node that refuses every `eth_sendRawTransaction` while `down.sends` is set, as an unreachable one would. */
export function unreachableForSends(chain: AnvilInstance, down: { sends: boolean }): RelayerChain['client'] {
  const node = http(chain.rpcUrl, { retryCount: 0 })({ chain: chain.chain, retryCount: 0 })
  const transport = custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      if (method === 'eth_sendRawTransaction' && down.sends) throw new Error('fetch failed (the node is unreachable)')
      return node.request({ method, params } as never) // reason: forwarded untouched to the real node
    },
  })
  return createPublicClient({ chain: chain.chain, transport, pollingInterval: 20, cacheTime: 0 })
}

/** A node whose receipt index lags its state: the first `hidden` receipt lookups of each tx answer "not found". */
export function laggingReceipts(chain: AnvilInstance, hidden: number): RelayerChain['client'] {
  const node = http(chain.rpcUrl, { retryCount: 0 })({ chain: chain.chain, retryCount: 0 })
  const lookups = new Map<string, number>()
  const transport = custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      if (method === 'eth_getTransactionReceipt') {
        const hash = (params as [Hex])[0] // reason: eth_getTransactionReceipt takes [hash]
        const n = lookups.get(hash) ?? 0
        lookups.set(hash, n + 1)
        if (n < hidden) return null
      }
      return node.request({ method, params } as never) // reason: forwarded untouched to the real node
    },
  })
  return createPublicClient({ chain: chain.chain, transport, pollingInterval: 20, cacheTime: 0 })
}

export type OutgoingTxRow = {
  id: string
  nonce: string
  state: string
  tx_hash: Buffer
  batch_index: string
  max_fee_per_gas: string
  max_priority_fee_per_gas: string
}

export async function outgoingTxRows(h: TxManagerHarness): Promise<OutgoingTxRow[]> {
  const sql =
    'SELECT id, nonce, state, tx_hash, batch_index, max_fee_per_gas, max_priority_fee_per_gas FROM outgoing_txs ' +
    'ORDER BY id'
  return (await h.r1.ctx.db.$client.query<OutgoingTxRow>(sql)).rows
}

export async function outgoingTxRowsOf(h: TxManagerHarness, batchIndex: bigint): Promise<OutgoingTxRow[]> {
  return (await outgoingTxRows(h)).filter((r) => r.batch_index === batchIndex.toString())
}

export async function isOnNode(chain: AnvilInstance, hash: Hex): Promise<boolean> {
  return (await chain.publicClient.request({ method: 'eth_getTransactionByHash', params: [hash] })) !== null
}

export async function nonceOfTx(chain: AnvilInstance, hash: Hex): Promise<bigint> {
  return BigInt((await chain.publicClient.getTransaction({ hash })).nonce)
}

export function dropAllTxs(chain: AnvilInstance): Promise<unknown> {
  // reason: anvil-only method viem's test actions do not type
  return chain.testClient.request({ method: 'anvil_dropAllTransactions' } as never)
}

/** A 21k-gas transfer to a burn address, booked as the execution of `batchIndex`. */
export function burnTx(batchIndex: bigint) {
  return {
    kind: 'execute' as const,
    batchIndex,
    to: '0x000000000000000000000000000000000000dEaD' as const,
    data: '0x' as const,
    gas: 21_000n,
  }
}

/**
 * A tx left pending by a manager stopped while it waited (a settler stopping or crashing), then lost by the node
 * (`anvil_dropAllTransactions`): persisted `sent`, unknown to the node, its nonce still free.
 */
export async function strandTx(h: TxManagerHarness, batchIndex: bigint): Promise<OutgoingTxRow> {
  const stop = new AbortController()
  await h.chain.testClient.setAutomine(false)
  try {
    const stopped = txManagerFor(h, 600_000, undefined, { signal: stop.signal })
      .send(burnTx(batchIndex))
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    const row = await waitFor('the tx in the node', async () =>
      (await outgoingTxRowsOf(h, batchIndex)).find((r) => r.state === 'sent'),
    )
    stop.abort()
    assert.equal(((await stopped) as RelayerError | undefined)?.code, 'STOPPING') // reason: the send's rejection
    await dropAllTxs(h.chain)
    assert.equal(await isOnNode(h.chain, bytesToHex(row.tx_hash)), false, 'the node lost it')
    return row
  } finally {
    await h.chain.testClient.setAutomine(true)
  }
}
