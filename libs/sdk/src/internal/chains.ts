import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type Transport,
  type WalletClient,
  isHex,
  pad,
  size,
} from 'viem'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeChainConfig, BridgeClient } from '../createBridgeClient.js'

/** The configured chain of `domain`, or `CHAIN_NOT_CONFIGURED`. */
export function chainOf(client: BridgeClient, domain: number): BridgeChainConfig {
  const chain = client.chains[domain]
  if (!chain)
    throw new BridgeSdkError('CHAIN_NOT_CONFIGURED', `domain ${domain} is not among the client's chains`, {
      action: 'reject',
      meta: { domain, configured: Object.keys(client.chains) },
    })
  return chain
}

/** The domain a wallet client sends from: `expected` when given (and the wallet agrees), else its chain's id. */
export function walletDomain(
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>,
  expected?: number,
): number {
  const id = walletClient.chain?.id
  if (expected !== undefined && id !== undefined && id !== expected) {
    throw new BridgeSdkError('WRONG_CHAIN', `the wallet client is on chain ${id}, not ${expected}`, {
      action: 'reject',
      meta: { walletChainId: id, expected },
    })
  }
  const domain = expected ?? id
  if (domain === undefined)
    throw new BridgeSdkError('WRONG_CHAIN', 'the wallet client has no chain: pass `origin`', { action: 'reject' })
  return domain
}

/** The account a write is signed by: the parameter, else the wallet client's own. */
export function accountOf(
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>,
  account: Account | Address | undefined,
): Account | Address {
  const chosen = account ?? walletClient.account
  if (!chosen)
    throw new BridgeSdkError('ACCOUNT_MISSING', 'no account: pass `account` or use a wallet client with one', {
      action: 'reject',
    })
  return chosen
}

/**
 * A recipient as the protocol's bytes32: a 20-byte EVM address left-padded
 * with zeros (PROTOCOL.md "Message"), or 32 bytes as given (a Solana key).
 */
export function recipientBytes32(recipient: Hex, what = 'recipient'): Hex {
  if (!isHex(recipient, { strict: true }))
    throw new BridgeSdkError('INVALID_ADDRESS', `the ${what} is not hex`, {
      action: 'reject',
      meta: { [what]: recipient },
    })
  const bytes = size(recipient)
  if (bytes === 20) return pad(recipient).toLowerCase() as Hex // reason: pad keeps the Hex template type
  if (bytes === 32) return recipient.toLowerCase() as Hex // reason: as above
  throw new BridgeSdkError('INVALID_ADDRESS', `the ${what} is ${bytes} bytes, not 20 or 32`, {
    action: 'reject',
    meta: { [what]: recipient },
  })
}
