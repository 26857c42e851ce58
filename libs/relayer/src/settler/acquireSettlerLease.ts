import { acquireSignerLease, type SignerLease } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'

/**
 * The settler's lease on sending from the relayer key on every configured chain (`acquireSignerLease`: a
 * Postgres session lock in the relayer's database, lost with the process). A second settler of the relayer
 * (a rolling update that overlaps, a pod a partitioned node kept running, an operator's stray `relaymesh
 * settler`) refuses to start instead of racing the first one's nonces. If the lease's session is lost while
 * running, `onLost` is called: the settler must stop (its caller aborts; the restart takes the lease again).
 *
 * @throws RelayerError `SIGNER_LEASE_HELD` (fatal) naming the chain another live process signs on.
 */
export async function acquireSettlerLease(
  ctx: Pick<RelayerContext, 'db' | 'account' | 'config' | 'logger'>,
  onLost: (error: Error) => void,
): Promise<SignerLease> {
  const chains = ctx.config.chains.map((c) => c.domain)
  const result = await acquireSignerLease(ctx.db.$client, {
    address: ctx.account.address,
    chains,
    onLost: (error) => {
      ctx.logger.error({ err: error }, 'settler lease lost with its Postgres session: stopping')
      onLost(error)
    },
  })
  if (!result.acquired) {
    throw new RelayerError(`another live settler signs with ${ctx.account.address} on chain ${result.heldChain}`, {
      code: 'SIGNER_LEASE_HELD',
      action: 'fatal',
      meta: { address: ctx.account.address, chain: result.heldChain },
      details:
        'two settlers on one key would race nonces: stop the other process (same relayer database) or wait for ' +
        'it to exit',
    })
  }
  return result.lease
}
