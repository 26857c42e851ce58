import { RelayerError } from '../RelayerError.js'
import { ApiError, loggableError } from './ApiError.js'
import type { ApiChains } from './ApiChains.js'
import type { ChainRelayers, RelayerSets } from '@relaymesh/sdk'
import type { RouteContext, RouteResult } from './RouteContext.js'

/** How long one chain read may take before the chain is reported as unreadable. */
export const CHAIN_READ_TIMEOUT_MS = 3_000

/** `promise`, or a retryable `CHAIN_UNREADABLE` after `ms` (the chain is reported as unreadable, not the request). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = () =>
    new RelayerError(`no answer in ${ms} ms`, { code: 'CHAIN_UNREADABLE', action: 'retry', meta: { timeoutMs: ms } })
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timedOut()), ms)))
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}

// reason: lowercasing keeps the 0x prefix
const lower = (address: `0x${string}`) => address.toLowerCase() as `0x${string}`

async function readChain(chains: ApiChains, chain: ApiChains['chains'][number]): Promise<ChainRelayers> {
  const [set, balance] = await Promise.allSettled([
    withTimeout(chains.readRelayerSet(chain.domain), CHAIN_READ_TIMEOUT_MS),
    withTimeout(chains.readBalance(chain.domain), CHAIN_READ_TIMEOUT_MS),
  ])
  const failed = [set, balance].find((r) => r.status === 'rejected')
  const governance = set.status === 'fulfilled' ? set.value : undefined
  const pending = governance?.pendingRotation
  return {
    ...chain,
    relayers: governance ? governance.relayers.map(lower) : null,
    threshold: governance ? governance.threshold : null,
    paused: governance ? governance.paused : null,
    pauser: governance ? lower(governance.pauser) : null,
    pendingRotation: pending
      ? {
          relayers: pending.relayers.map(lower),
          threshold: pending.threshold,
          pauser: lower(pending.pauser),
          eta: new Date(pending.eta * 1000).toISOString(),
        }
      : null,
    settler: {
      address: lower(chains.settler),
      balanceWei: balance.status === 'fulfilled' ? balance.value.toString() : null,
    },
    error: failed ? { code: 'CHAIN_UNREADABLE', message: String(loggableError(failed.reason)['message']) } : null,
  }
}

/**
 * `GET /v1/relayers`: each chain's inbox relayer set and threshold, and this
 * relayer's settler balance there. A chain that does not answer is reported
 * with nulls and an error, not as a failed request.
 */
export async function relayerSets(context: RouteContext): Promise<RouteResult> {
  const { chains } = context
  if (!chains) throw new ApiError('CHAINS_NOT_CONFIGURED', 'this API was started without chain access')
  const body: RelayerSets = { chains: await Promise.all(chains.chains.map((chain) => readChain(chains, chain))) }
  return { status: 200, json: body }
}

/** The settler balance per chain for `/metrics`; chains that do not answer in time are left out. */
export async function readSettlerBalances(chains: ApiChains | undefined): Promise<{ chain: string; wei: bigint }[]> {
  if (!chains) return []
  const reads = await Promise.allSettled(
    chains.chains.map((c) => withTimeout(chains.readBalance(c.domain), CHAIN_READ_TIMEOUT_MS)),
  )
  return reads.flatMap((r, i) =>
    r.status === 'fulfilled' ? [{ chain: String(chains.chains[i]?.domain), wei: r.value }] : [],
  )
}
