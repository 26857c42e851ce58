import type { Address, Hex } from 'viem'

/** One EVM chain of the devnet: what a dApp needs to send to it and from it. */
export type DevnetEvmChain = {
  name: string
  domain: number
  rpcUrl: string
  outbox: Address
  inbox: Address
  /** The example CrossChainToken (ERC-20 + router), linked to the other EVM chain's. */
  token: Address
  /** A recipient that accepts any message and does nothing: a target for a first message. */
  noopRecipient: Address
  /** Who co-signs batches settled on this chain, and how many signatures a batch needs. */
  relayerSet: { relayers: Address[]; threshold: number }
}

/** `devnet.json`: everything a script outside the repo needs to use the running devnet. */
export type DevnetFile = {
  /** The relayer API (its `/explorer/` is the explorer). */
  apiUrl: string
  explorerUrl: string
  evm: DevnetEvmChain[]
  solana: {
    name: string
    domain: number
    rpcUrl: string
    wsUrl: string | undefined
    feeAccount: string
    minFeeLamports: string
    airdrop: string
  }
  /** Funded dev accounts no demo traffic uses, each holding ETH and tokens on every EVM chain. */
  developerAccounts: { address: Address; privateKey: Hex; tokens: string }[]
}
