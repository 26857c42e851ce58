import { getAddress } from 'viem'
import type { RelayerChain, RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import type { BatchDomain } from './batchHeader.js'

/** The destination chain a batch settles on, and its EIP-712 domain. */
export type BatchDestination = { destination: number; chain: RelayerChain; domain: BatchDomain }

/**
 * The configured destination `destination`, or a fatal `CONFIG_INVALID`.
 *
 * @example
 * const { domain } = batchDestination(ctx, 31356)
 */
export function batchDestination(ctx: Pick<RelayerContext, 'chains'>, destination: number): BatchDestination {
  const chain = ctx.chains.get(destination)
  if (!chain)
    throw new RelayerError('destination is not a configured chain', {
      code: 'CONFIG_INVALID',
      action: 'fatal',
      meta: { destination },
    })
  return { destination, chain, domain: { chainId: chain.chain.id, inbox: getAddress(chain.config.inbox) } }
}
