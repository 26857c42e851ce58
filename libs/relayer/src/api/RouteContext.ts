import type { StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import type { ApiChains } from './ApiChains.js'
import type { ApiMetrics } from './ApiMetrics.js'
import type { ApiStats, Readiness } from '@relaymesh/sdk'
import type { MerkleTreeCache } from './buildExecutionProof.js'

/** What the routes need: the store, a readiness probe, and the server's own state. */
export type RouteContext = {
  db: StoreDb
  logger: Logger
  health: () => Promise<Readiness['checks']>
  metrics: ApiMetrics
  trees: MerkleTreeCache
  /** `getApiStats`, coalesced: concurrent callers share one scan. */
  stats: () => Promise<ApiStats>
  memoryUsage: () => NodeJS.MemoryUsage
  /** Chain reads for `/v1/relayers`; absent in tests and APIs without chains. */
  chains: ApiChains | undefined
  /** The settler's balance per chain, coalesced, for `/metrics`. */
  balances: () => Promise<{ chain: string; wei: bigint }[]>
}

export type RouteResult = (
  { status: number; json: unknown } | { status: number; text: string; contentType: string }
) & {
  /** The stored message the request read: the server records a span in that message's trace. */
  messageId?: Hex | undefined
}
