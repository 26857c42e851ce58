import type { ParliaFinalityConfig } from '@relaymesh/relayer/internal'
import type { ParliaNode } from './startParliaNode.js'

/**
 * The BSC chain-config fields that point a relayer at the devnet Parlia node:
 * its RPC URL, and `parlia` finality trusting the node's epoch block 0, fed
 * from the first header a store trusting only that block can verify.
 *
 * @example
 * Object.assign(bscChainConfig, await parliaChainConfig(node))
 */
export async function parliaChainConfig(node: ParliaNode): Promise<{ rpcUrl: string; finality: ParliaFinalityConfig }> {
  const epoch = await node.trustedEpoch()
  return {
    rpcUrl: node.url,
    finality: {
      kind: 'parlia',
      chainId: Number(node.chain.options.chainId),
      epochLength: Number(node.chain.options.epochLength),
      trustedEpochs: [{ number: Number(epoch.number), extraData: epoch.extraData }],
      feedFrom: Number(node.firstVerifiable),
      headersPerMessage: 64,
    },
  }
}
