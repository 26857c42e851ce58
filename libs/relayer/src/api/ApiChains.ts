import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import type { Hex } from '@relaymesh/protocol'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { ApiError } from './ApiError.js'

/**
 * A relayer set proposed by the current quorum, applicable from `eta` (unix seconds) on (PROTOCOL.md "Relayer set
 * rotation").
 */
export type PendingRotation = { relayers: Hex[]; threshold: number; pauser: Hex; eta: number }

/** One inbox's governance state as `/v1/relayers` reports it. */
export type InboxGovernance = {
  relayers: Hex[]
  threshold: number
  paused: boolean
  pauser: Hex
  pendingRotation: PendingRotation | null
}

/**
 * What `/v1/relayers` and the balance gauge read from the chains; tests fake
 * it (no chains), a service passes `apiChainsFromContext(ctx)`.
 */
export type ApiChains = {
  /** This relayer's settler wallet (the relayer key's address). */
  settler: Hex
  /** The configured chains and their SettlementInbox. */
  chains: readonly { domain: number; name: string; inbox: Hex }[]
  /**
   * The inbox's current relayer set and threshold, its pause state and pauser, and a proposed set waiting for its
   * delay.
   */
  readRelayerSet(domain: number): Promise<InboxGovernance>
  /** The settler wallet's native balance in wei. */
  readBalance(domain: number): Promise<bigint>
}

/**
 * The chain reads of the API over the context's viem public clients.
 *
 * @example
 * startApi({ ...apiDependenciesFromContext(ctx), chains: apiChainsFromContext(ctx) }, options)
 */
export function apiChainsFromContext(ctx: Pick<RelayerContext, 'chains' | 'account'>): ApiChains {
  const chainOf = (domain: number) => {
    const chain = ctx.chains.get(domain)
    if (!chain) throw new ApiError('CHAINS_NOT_CONFIGURED', `chain ${domain} is not configured`, { meta: { domain } })
    return chain
  }
  return {
    settler: ctx.account.address,
    chains: [...ctx.chains.values()].map((c) => ({
      domain: c.config.domain,
      name: c.config.name,
      // reason: the config schema checks a 20-byte 0x address
      inbox: c.config.inbox as Hex,
    })),
    async readRelayerSet(domain) {
      const { client, config } = chainOf(domain)
      const inbox = { address: config.inbox as Hex, abi: settlementInboxAbi } as const // reason: as above
      const [relayers, threshold, paused, pauser, pending] = await Promise.all([
        client.readContract({ ...inbox, functionName: 'relayers' }),
        client.readContract({ ...inbox, functionName: 'threshold' }),
        client.readContract({ ...inbox, functionName: 'paused' }),
        client.readContract({ ...inbox, functionName: 'pauser' }),
        client.readContract({ ...inbox, functionName: 'pendingRelayerSet' }),
      ])
      const [nextRelayers, nextThreshold, nextPauser, eta] = pending
      const pendingRotation =
        eta === 0n
          ? null
          : { relayers: [...nextRelayers], threshold: nextThreshold, pauser: nextPauser, eta: Number(eta) }
      return { relayers: [...relayers], threshold: Number(threshold), paused, pauser, pendingRotation }
    },
    readBalance: (domain) => chainOf(domain).client.getBalance({ address: ctx.account.address }),
  }
}
