import { getContract, pad, type Address, type Hex } from 'viem'
import type { Abi, Account, Chain, GetContractReturnType, HttpTransport, PublicClient, WalletClient } from 'viem'
import {
  crossChainTokenAbi,
  crossChainTokenBytecode,
  noopRecipientAbi,
  noopRecipientBytecode,
  outboxAbi,
  outboxBytecode,
  settlementInboxAbi,
  settlementInboxBytecode,
} from '@relaymesh/evm-contracts'
import { LocalchainError } from './LocalchainError.js'
import type { AnvilInstance } from './startAnvil.js'

export type DeployBridgeParameters = {
  /** Relayer addresses of the settlement quorum (any order; the inbox does not need them sorted). */
  relayers: readonly Address[]
  /** Signatures needed per batch (k of n); the inbox requires a majority (2k > n). */
  threshold: number
  /** May pause and unpause the inbox, nothing else; only a quorum-signed rotation replaces it. */
  pauser: Address
  /** Seconds between a quorum-signed relayer set proposal and its earliest application; default and minimum 3,600. */
  rotationDelay?: number | undefined
  /** Deploys and owns the token; defaults to the chain's first dev account. */
  deployer?: Account | undefined
  /** Token minted to the deployer at construction; default 1,000,000 tokens (18 decimals). */
  initialSupply?: bigint | undefined
}

/** The inbox's MIN_ROTATION_DELAY: an hour for batches signed by the old set to settle. */
export const defaultRotationDelay = 3_600

/** The clients a bridge's contract handles read and write through. */
export type BridgeClients = {
  public: PublicClient<HttpTransport, Chain>
  wallet: WalletClient<HttpTransport, Chain, Account>
}

/**
 * Typed viem contract handles for a deployed bridge. Spelled out because the inferred type (four handles over four
 * ABIs) is longer than tsc will write into a declaration file (TS7056).
 */
export type BridgeContracts = {
  outbox: GetContractReturnType<typeof outboxAbi, BridgeClients>
  inbox: GetContractReturnType<typeof settlementInboxAbi, BridgeClients>
  token: GetContractReturnType<typeof crossChainTokenAbi, BridgeClients>
  noopRecipient: GetContractReturnType<typeof noopRecipientAbi, BridgeClients>
}

function contracts(clients: BridgeClients, addresses: BridgeAddresses): BridgeContracts {
  return {
    outbox: getContract({ address: addresses.outbox, abi: outboxAbi, client: clients }),
    inbox: getContract({ address: addresses.inbox, abi: settlementInboxAbi, client: clients }),
    token: getContract({ address: addresses.token, abi: crossChainTokenAbi, client: clients }),
    noopRecipient: getContract({ address: addresses.noopRecipient, abi: noopRecipientAbi, client: clients }),
  }
}

export type BridgeAddresses = { outbox: Address; inbox: Address; token: Address; noopRecipient: Address }

/** A deployed bridge on one chain: typed viem contract handles plus their addresses. */
export type Bridge = BridgeContracts & {
  domain: number
  chain: AnvilInstance
  addresses: BridgeAddresses
  /** Writes go out from this wallet (the deployer). */
  walletClient: WalletClient<HttpTransport, Chain, Account>
}

export type DeployBridgeReturnType = Bridge

async function deploy(
  chain: AnvilInstance,
  wallet: WalletClient<HttpTransport, Chain, Account>,
  what: { name: string; abi: Abi; bytecode: Hex; args: readonly unknown[] },
): Promise<Address> {
  const hash = await wallet.deployContract({ abi: what.abi, bytecode: what.bytecode, args: what.args })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new LocalchainError(`deploying ${what.name} failed`, {
      code: 'DEPLOY_FAILED',
      action: 'fatal',
      meta: { hash, chainId: chain.chainId },
    })
  }
  return receipt.contractAddress
}

/**
 * Deploys Outbox, SettlementInbox, CrossChainToken and NoopRecipient on `chain` (domain = chain id).
 *
 * @example
 * const bridge = await deployBridge(chains.bsc, { relayers, threshold: 3, pauser })
 * await bridge.inbox.read.nextBatchIndex() // 0n
 */
export async function deployBridge(
  chain: AnvilInstance,
  parameters: DeployBridgeParameters,
): Promise<DeployBridgeReturnType> {
  const wallet = parameters.deployer ? chain.walletClientFor(parameters.deployer) : chain.walletClient
  const domain = chain.chainId
  const outbox = await deploy(chain, wallet, {
    name: 'Outbox',
    abi: outboxAbi,
    bytecode: outboxBytecode,
    args: [domain],
  })
  const inbox = await deploy(chain, wallet, {
    name: 'SettlementInbox',
    abi: settlementInboxAbi,
    bytecode: settlementInboxBytecode,
    args: [
      domain,
      parameters.pauser,
      parameters.relayers,
      parameters.threshold,
      BigInt(parameters.rotationDelay ?? defaultRotationDelay),
    ],
  })
  const supply = parameters.initialSupply ?? 1_000_000n * 10n ** 18n
  const token = await deploy(chain, wallet, {
    name: 'CrossChainToken',
    abi: crossChainTokenAbi,
    bytecode: crossChainTokenBytecode,
    args: ['Relaymesh Token', 'RMT', supply, outbox, inbox],
  })
  const noopRecipient = await deploy(chain, wallet, {
    name: 'NoopRecipient',
    abi: noopRecipientAbi,
    bytecode: noopRecipientBytecode,
    args: [],
  })
  const addresses = { outbox, inbox, token, noopRecipient }
  return {
    domain,
    chain,
    addresses,
    walletClient: wallet,
    ...contracts({ public: chain.publicClient, wallet }, addresses),
  }
}

/**
 * Enrols each bridge's token as the other's remote router (both EVM domains), so tokens move both ways.
 *
 * @example
 * await linkBridges(ethereumBridge, bscBridge)
 */
export async function linkBridges(a: Bridge, b: Bridge): Promise<void> {
  const enrol = async (from: Bridge, to: Bridge) => {
    const hash = await from.token.write.enrollRemoteRouter([to.domain, pad(to.addresses.token), true])
    await from.chain.publicClient.waitForTransactionReceipt({ hash })
  }
  await Promise.all([enrol(a, b), enrol(b, a)])
}
