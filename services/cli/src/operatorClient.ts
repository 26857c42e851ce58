import { createBridgeClient, type BridgeApiClient } from '@relaymesh/sdk/api'
import { httpFetch } from './httpFetch.js'
import type { OperatorArgs } from './operatorArgs.js'

/**
 * The SDK's client of `--api`, over the `node:http` client (httpFetch). Built by the command itself, which the CLI
 * loads on demand, so `relaymesh --help` loads no API client.
 */
export function operatorClient(args: Pick<OperatorArgs, 'api'>): BridgeApiClient {
  // reason: the slice of fetch the SDK uses
  return createBridgeClient({ chains: {}, api: { baseUrl: args.api, fetch: httpFetch as unknown as typeof fetch } })
}
