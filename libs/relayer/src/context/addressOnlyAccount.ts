import { isAddress, type LocalAccount } from 'viem'
import { toAccount } from 'viem/accounts'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import { RelayerError } from '../RelayerError.js'

/**
 * The relayer's account in a service that holds no key (api, watcher, verifier): its address, from the mesh's
 * relayer set in the config (the api reads the settler's balance with it), and signing methods that refuse
 * loudly (`KEY_NOT_LOADED`, fatal): a code path that signs in such a service is a bug, not a retry.
 *
 * @throws RelayerError `CONFIG_INVALID` when `relayers` has no address for `relayerId`.
 */
export function addressOnlyAccount(config: Pick<RelayerConfig, 'relayerId' | 'relayers'>): LocalAccount {
  const address = config.relayers[config.relayerId]
  if (!address || !isAddress(address)) {
    throw new RelayerError(`relayers has no address for ${config.relayerId}`, {
      code: 'CONFIG_INVALID',
      action: 'fatal',
      meta: { relayerId: config.relayerId },
    })
  }
  const refuse = (): never => {
    throw new RelayerError('this service holds no relayer key: only the batcher and settler sign', {
      code: 'KEY_NOT_LOADED',
      action: 'fatal',
    })
  }
  return toAccount({
    address,
    signMessage: async () => refuse(),
    signTransaction: async () => refuse(),
    signTypedData: async () => refuse(),
  })
}
