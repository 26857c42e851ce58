import { getAddress, type Address } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'

/**
 * The configured proposer's address for `destination`, or undefined when none is configured.
 *
 * @example
 * const proposer = proposerAddress(ctx, 31356)
 */
export function proposerAddress(ctx: Pick<RelayerContext, 'config'>, destination: number): Address | undefined {
  const relayerId = ctx.config.proposers[String(destination)]
  const address = relayerId === undefined ? undefined : ctx.config.relayers[relayerId]
  return address === undefined ? undefined : getAddress(address)
}
