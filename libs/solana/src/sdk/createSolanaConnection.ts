import { Connection, type Commitment } from '@solana/web3.js'

/**
 * A web3.js v1 `Connection` (HTTP JSON-RPC plus, when given, a WebSocket
 * endpoint for subscriptions), for packages that do not depend on web3.js themselves.
 *
 * @example
 * const connection = createSolanaConnection(rpcUrl, { wsUrl })
 * const { signature } = await sendSolanaMessage(connection, parameters)
 */
export function createSolanaConnection(
  rpcUrl: string,
  options: { wsUrl?: string | undefined; commitment?: Commitment } = {},
): Connection {
  return new Connection(rpcUrl, {
    commitment: options.commitment ?? 'confirmed',
    ...(options.wsUrl ? { wsEndpoint: options.wsUrl } : {}),
  })
}
