import type { Address, Hex } from 'viem'
import type { RpcInboxLog } from './decodeInboxLogs.js'

/**
 * The destination chain as the inbox follower reads it. `createFollowerChain` is the chain client's; a test passes
 * an in-memory one.
 */
export type FollowerChain = {
  /** The chain's head block number, never cached. */
  getHead(): Promise<bigint>
  /** The inbox's followed logs (`FOLLOWED_TOPICS`) of blocks `from`..`to`, as `eth_getLogs` answers. */
  getInboxLogs(from: bigint, to: bigint): Promise<RpcInboxLog[]>
  getBlock(blockNumber: bigint): Promise<{ hash: Hex; timestamp: bigint }>
  getTransaction(hash: Hex): Promise<{ input: Hex; from: Address }>
}
