import { getAddress, type Address } from 'viem'
import type { RelayerChain, RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import type { BatchDomain } from './batchHeader.js'

/** The destination chain a batch settles on, and its EIP-712 domain. */
export type BatchDestination = { destination: number; chain: RelayerChain; domain: BatchDomain }

/** The configured destination `destination`, or a fatal `CONFIG_INVALID`. */
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

/** Destinations this relayer proposes batches for (`config.proposers[dest] === relayerId`). */
export function proposedDestinations(ctx: Pick<RelayerContext, 'config' | 'chains'>): BatchDestination[] {
  return Object.entries(ctx.config.proposers)
    .filter(([, relayerId]) => relayerId === ctx.config.relayerId)
    .map(([destination]) => batchDestination(ctx, Number(destination)))
}

/** The configured proposer's address for `destination`, or undefined when none is configured. */
export function proposerAddress(ctx: Pick<RelayerContext, 'config'>, destination: number): Address | undefined {
  const relayerId = ctx.config.proposers[String(destination)]
  const address = relayerId === undefined ? undefined : ctx.config.relayers[relayerId]
  return address === undefined ? undefined : getAddress(address)
}

/** The mesh's relayer set, by lower-case address. */
export function relayerSet(ctx: Pick<RelayerContext, 'config'>): Set<string> {
  return new Set(Object.values(ctx.config.relayers).map((a) => a.toLowerCase()))
}
