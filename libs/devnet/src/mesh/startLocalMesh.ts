import {
  deployBridge,
  devAccounts,
  linkBridges,
  startLocalChains,
  type Bridge,
  type DevAccount,
  type LocalChains,
} from '@relaymesh/localchain'
import type { Hex } from 'viem'
import { relayerConfigSchema, type RelayerConfig } from '@relaymesh/relayer'
import type { SolanaChainConfigInput } from '@relaymesh/relayer/internal' // Solana
import { parliaChainConfig } from '../parlia/parliaChainConfig.js'
import { startParliaNode, type ParliaNode } from '../parlia/startParliaNode.js'
import { beaconFinalityConfig } from '../beacon/beaconFinalityConfig.js'
import { startBeaconSigner, type BeaconSigner } from '../beacon/startBeaconSigner.js'

export type LocalRelayer = { id: string; account: DevAccount; privateKey: Hex; config: RelayerConfig }

export type StartLocalMeshParameters = {
  /** Relayer identities, e.g. ['r1', 'r2', 'r3']; each gets its own dev key and database URL. */
  relayerIds: string[]
  threshold: number
  /** Database URL per relayer id (each relayer owns its database). */
  databaseUrl: (relayerId: string) => string
  natsUrl: string
  /** Seconds between blocks on both chains. */
  blockTime?: number
  /** Block gas limit of both chains (anvil's default is 30M); raise it for load tests. */
  gasLimit?: bigint | undefined
  confirmations?: number
  /** Relayer id proposing batches to each destination; defaults to the first. */
  proposer?: string
  batch?: Partial<RelayerConfig['batch']> | undefined
  maxPayloadBytes?: number
  /**
   * Verifier worker threads of every relayer. By default the first relayer verifies in one worker thread, as a
   * deployment does (the service default is 2), and the others inline: every mesh test and run covers the worker path
   * (bundles moved to a thread and back) without three relayers' threads on a two-core machine.
   */
  verifierThreads?: number | undefined
  /** Solana: a Solana source every relayer watches (e.g. `startLocalSolanaSource().config`). */
  solana?: SolanaChainConfigInput
  /**
   * BSC stand-in finality: `parlia` puts the devnet Parlia node in front of its anvil and proves finality with the
   * light client.
   */
  bscFinality?: { kind: 'confirmations' } | { kind: 'parlia'; epochLength: number }
  /**
   * Ethereum stand-in finality: `light-client` starts the devnet beacon signer over its blocks and proves finality with
   * the sync-committee light client.
   */
  ethereumFinality?: { kind: 'confirmations' } | { kind: 'light-client' }
}

export type LocalMesh = {
  chains: LocalChains
  bridges: { ethereum: Bridge; bsc: Bridge }
  relayers: LocalRelayer[]
  /** The account that sends demo traffic (dev account 0, also the pauser and deployer). */
  sender: DevAccount
  /** The devnet Parlia node, when the BSC stand-in runs on `parlia` finality. */
  parlia: ParliaNode | undefined
  /** The devnet beacon signer, when the Ethereum stand-in runs on `light-client` finality. */
  beacon: BeaconSigner | undefined
  stop(): Promise<void>
}

/** The relayer config of a chain the bridge is deployed on, on confirmation-depth finality. */
function chainConfigOf(bridge: Bridge, confirmations: number) {
  return {
    domain: bridge.domain,
    name: bridge.domain === 31337 ? 'ethereum-local' : 'bsc-local',
    rpcUrl: bridge.chain.rpcUrl,
    // anvil's own socket, also under Parlia (whose node re-seals anvil's blocks over HTTP): a new block's number is
    // all the watcher and the feeder take from it, to wake.
    wsUrl: bridge.chain.wsUrl,
    outbox: bridge.addresses.outbox,
    inbox: bridge.addresses.inbox,
    finality: { kind: 'confirmations' as const, depth: confirmations },
    pollIntervalMs: 250, // half a devnet block (0.5 s): the pace while the newHeads socket is down
  }
}

type ChainConfig = ReturnType<typeof chainConfigOf>

/** Starts the finality sources `p` asks for and points the chains' configs at them. */
async function startFinalitySources(
  p: StartLocalMeshParameters,
  ethereum: { bridge: Bridge; config: ChainConfig },
  bsc: { bridge: Bridge; config: ChainConfig },
): Promise<{ parlia: ParliaNode | undefined; beacon: BeaconSigner | undefined }> {
  // Parlia finality: relayers talk to the BSC stand-in through the Parlia node.
  const parlia =
    p.bscFinality?.kind === 'parlia'
      ? await startParliaNode({
          anvilUrl: bsc.bridge.chain.rpcUrl,
          chainId: BigInt(bsc.bridge.domain),
          epochLength: BigInt(p.bscFinality.epochLength),
        })
      : undefined
  if (parlia) Object.assign(bsc.config, await parliaChainConfig(parlia))
  // Ethereum light-client finality: the devnet beacon signer signs sync-committee updates over the stand-in's blocks.
  const beacon =
    p.ethereumFinality?.kind === 'light-client'
      ? await startBeaconSigner({ client: ethereum.bridge.chain.publicClient })
      : undefined
  if (beacon) Object.assign(ethereum.config, { finality: beaconFinalityConfig(beacon) })
  return { parlia, beacon }
}

/** One validated config per relayer id, each with its own account and database. */
function buildLocalRelayers(
  p: StartLocalMeshParameters,
  relayerAccounts: readonly DevAccount[],
  chainConfigs: readonly ChainConfig[],
): LocalRelayer[] {
  const accountOf = (i: number) => relayerAccounts[i] as DevAccount // reason: one account per relayer id
  const proposer = p.proposer ?? (p.relayerIds[0] as string) // reason: a mesh has at least one relayer
  return p.relayerIds.map((id, i): LocalRelayer => {
    const account = accountOf(i)
    const config = relayerConfigSchema.parse({
      relayerId: id,
      databaseUrl: p.databaseUrl(id),
      natsUrl: p.natsUrl,
      chains: chainConfigs,
      proposers: Object.fromEntries(chainConfigs.map((c) => [String(c.domain), proposer])),
      relayers: Object.fromEntries(p.relayerIds.map((rid, j) => [rid, accountOf(j).address])),
      threshold: p.threshold,
      // Re-observation after 20 s, not 2 min: a block a relayer passed without storing its messages comes back
      // within a test's or a bench run's drain (and its error line says so).
      batch: {
        maxMessages: 1000,
        maxAgeMs: 500,
        cosignDeadlineMs: 30_000,
        executeChunk: 200,
        reobserveAfterMs: 20_000,
        ...p.batch,
      },
      maxPayloadBytes: p.maxPayloadBytes ?? 65_536,
      verifierThreads: p.verifierThreads ?? (i === 0 ? 1 : 0),
      solana: p.solana ? [p.solana] : [], // Solana
    })
    return { id, account, privateKey: account.privateKey, config }
  })
}

/**
 * Two anvil chains (Ethereum and BSC stand-ins), the bridge deployed and
 * linked on both with a k-of-n relayer set, and one validated config per
 * relayer identity. Used by the devnet and the end-to-end tests.
 */
export async function startLocalMesh(p: StartLocalMeshParameters): Promise<LocalMesh> {
  const accounts = devAccounts(1 + p.relayerIds.length)
  // reason: devAccounts returns the count asked for
  const [sender, ...relayerAccounts] = accounts as [DevAccount, ...DevAccount[]]
  const chains = await startLocalChains({ blockTime: p.blockTime ?? 0.25, gasLimit: p.gasLimit })
  try {
    const params = {
      relayers: relayerAccounts.map((a) => a.address),
      threshold: p.threshold,
      pauser: sender.address,
      deployer: sender,
    }
    const [ethereum, bsc] = await Promise.all([deployBridge(chains.ethereum, params), deployBridge(chains.bsc, params)])
    await linkBridges(ethereum, bsc)
    const chainConfigs = [ethereum, bsc].map((bridge) => chainConfigOf(bridge, p.confirmations ?? 2))
    // reason: one config per bridge above
    const [ethereumConfig, bscConfig] = chainConfigs as [ChainConfig, ChainConfig]
    const { parlia, beacon } = await startFinalitySources(
      p,
      { bridge: ethereum, config: ethereumConfig },
      { bridge: bsc, config: bscConfig },
    )
    return {
      chains,
      bridges: { ethereum, bsc },
      relayers: buildLocalRelayers(p, relayerAccounts, chainConfigs),
      sender,
      parlia,
      beacon,
      stop: async () => {
        await beacon?.stop()
        await parlia?.stop()
        await chains.stop()
      },
    }
  } catch (error) {
    await chains.stop()
    throw error
  }
}
