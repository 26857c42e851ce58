import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { devAccounts } from '@relaymesh/localchain'
import { parseEther } from 'viem'
import type { LocalMesh } from './mesh/startLocalMesh.js'
import { RelayerError } from '@relaymesh/relayer'
import type { LocalSolanaSource } from './solana/startLocalSolanaSource.js'
import type { DevnetFile } from './DevnetFile.js'

/** Tokens each developer account receives on every EVM chain. */
export const DEVELOPER_TOKENS = parseEther('10000')

/**
 * Dev accounts used by demo traffic: 0 deploys and sends SDK demo transfers, 7 and 8 the load generator's, 9 the SDK
 * sender's.
 */
const DEMO_ACCOUNTS = new Set([0, 7, 8, 9])

export type WriteDevnetFileParameters = { mesh: LocalMesh; solana: LocalSolanaSource; apiUrl: string; workDir: string }

/**
 * Gives the dev accounts no relayer and no demo traffic uses (with three relayers: 4, 5 and 6; anvil funds them
 * with ETH) tokens on both EVM chains, then writes `<workDir>/devnet.json` (`DevnetFile`): chains with ids, the RPC
 * URLs the relayers use, outbox, inbox, token and a no-op recipient per chain, each inbox's relayer set and
 * threshold, the API and explorer URLs, and those developer accounts. Returns the file's path.
 *
 * @example
 * const path = await writeDevnetFile({ mesh, solana, apiUrl, workDir })
 * const devnet = JSON.parse(readFileSync(path, 'utf8')) as DevnetFile
 */
export async function writeDevnetFile(p: WriteDevnetFileParameters): Promise<string> {
  const { mesh } = p
  const relayerAddresses = new Set(mesh.relayers.map((r) => r.account.address))
  const developers = devAccounts().filter((a, i) => !DEMO_ACCOUNTS.has(i) && !relayerAddresses.has(a.address))
  const bridges = [mesh.bridges.ethereum, mesh.bridges.bsc]
  for (const bridge of bridges) {
    for (const developer of developers) {
      const hash = await bridge.token.write.transfer([developer.address, DEVELOPER_TOKENS], {
        account: mesh.sender,
        chain: bridge.chain.chain,
      })
      const receipt = await bridge.chain.publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success')
        throw new RelayerError('funding a developer account reverted', {
          code: 'TX_REVERTED',
          action: 'fatal',
          meta: { developer: developer.address, domain: bridge.domain, hash },
        })
    }
  }
  const config = mesh.relayers[0]?.config
  const file: DevnetFile = {
    apiUrl: p.apiUrl,
    explorerUrl: `${p.apiUrl}/explorer/`,
    evm: bridges.map((bridge) => {
      const chain = config?.chains.find((c) => c.domain === bridge.domain)
      return {
        name: chain?.name ?? String(bridge.domain),
        domain: bridge.domain,
        rpcUrl: chain?.rpcUrl ?? bridge.chain.rpcUrl,
        outbox: bridge.addresses.outbox,
        inbox: bridge.addresses.inbox,
        token: bridge.addresses.token,
        noopRecipient: bridge.addresses.noopRecipient,
        relayerSet: { relayers: mesh.relayers.map((r) => r.account.address), threshold: config?.threshold ?? 1 },
      }
    }),
    solana: {
      name: p.solana.config.name,
      domain: p.solana.config.domain,
      rpcUrl: p.solana.chain.rpcUrl,
      wsUrl: p.solana.chain.wsUrl,
      feeAccount: p.solana.feeAccount,
      minFeeLamports: p.solana.minFee.toString(),
      airdrop: 'requestAirdrop on rpcUrl funds any key',
    },
    developerAccounts: developers.map((a) => ({
      address: a.address,
      privateKey: a.privateKey,
      tokens: DEVELOPER_TOKENS.toString(),
    })),
  }
  // Written before the relayer processes make their folders under workDir: on a fresh checkout it does not exist yet.
  mkdirSync(p.workDir, { recursive: true })
  const path = join(p.workDir, 'devnet.json')
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`)
  return path
}
