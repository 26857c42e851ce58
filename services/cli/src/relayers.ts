import { getRelayers } from '@relaymesh/sdk/api'
import { formatEther, formatTable } from './formatTable.js'
import { positionals, type OperatorArgs } from './operatorArgs.js'
import { operatorClient } from './operatorClient.js'

/**
 * `relaymesh relayers`: each chain's inbox relayer set and threshold, pause state, a pending rotation, and the
 * settler's balance.
 */
export async function relayersCommand(args: OperatorArgs): Promise<void> {
  positionals(args, [])
  const { chains } = await getRelayers(operatorClient(args))
  if (args.json) return console.log(JSON.stringify({ chains }, null, 2))
  console.log(
    formatTable(
      ['chain', 'domain', 'threshold', 'relayers', 'settler', 'balance', 'paused', 'pending rotation', 'error'],
      chains.map((c) => [
        c.name,
        c.domain,
        c.threshold === null || c.relayers === null ? null : `${c.threshold} of ${c.relayers.length}`,
        c.relayers?.join(' '),
        c.settler.address,
        formatEther(c.settler.balanceWei),
        c.paused === null ? null : c.paused ? 'yes' : 'no',
        c.pendingRotation &&
          `${c.pendingRotation.threshold} of ${c.pendingRotation.relayers.join(' ')} from ${c.pendingRotation.eta}`,
        c.error?.message,
      ]),
    ),
  )
}
