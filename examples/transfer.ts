// Send 1 token from the Ethereum stand-in to the BSC stand-in of a running devnet, wait until it is executed, fetch
// its settlement receipt and verify it offline against the destination's relayer set; then send it back to Ethereum.
// Run next to `npm run devnet`:
//   npx tsx examples/transfer.ts [path/to/devnet.json]   (default .devnet/devnet.json)
// It prints one JSON line: the message id, the state it reached, whether the receipt verified, and the way back.
import { readFileSync } from 'node:fs'
import { createPublicClient, createWalletClient, defineChain, http, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  createBridgeClient,
  getSettlementReceipt,
  sendToken,
  verifySettlementReceipt,
  waitForMessage,
} from '@relaymesh/sdk'

type DevnetChain = {
  name: string
  domain: number
  rpcUrl: string
  outbox: Address
  inbox: Address
  token: Address
  relayerSet: { relayers: Address[]; threshold: number }
}
type Devnet = {
  apiUrl: string
  evm: [DevnetChain, DevnetChain]
  developerAccounts: { address: Address; privateKey: Hex }[]
}

const devnet = JSON.parse(readFileSync(process.argv[2] ?? '.devnet/devnet.json', 'utf8')) as Devnet // reason: the file the devnet writes
const [ethereum, bsc] = devnet.evm
const chainOf = (c: DevnetChain) =>
  defineChain({
    id: c.domain,
    name: c.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [c.rpcUrl] } },
  })
const eth = createPublicClient({ chain: chainOf(ethereum), transport: http() })
const bscClient = createPublicClient({ chain: chainOf(bsc), transport: http() })
const account = privateKeyToAccount(devnet.developerAccounts[0]!.privateKey)
const walletClient = createWalletClient({ account, chain: chainOf(ethereum), transport: http() })
const relayers = bsc.relayerSet.relayers

const client = createBridgeClient({
  chains: {
    [ethereum.domain]: { publicClient: eth, outbox: ethereum.outbox, inbox: ethereum.inbox, token: ethereum.token },
    [bsc.domain]: { publicClient: bscClient, outbox: bsc.outbox, inbox: bsc.inbox, token: bsc.token },
  },
  api: devnet.apiUrl,
})
const { id } = await sendToken(client, {
  walletClient,
  destination: bsc.domain,
  recipient: walletClient.account.address,
  amount: 10n ** 18n,
})
const status = await waitForMessage(client, { id }) // observed -> verified -> batched -> settled -> executed
const receipt = await getSettlementReceipt(client, { id }) // plain JSON: message, batch header, signatures, Merkle path, execution
const verified = verifySettlementReceipt(receipt, {
  relayers,
  threshold: bsc.relayerSet.threshold,
  inbox: bsc.inbox,
  chainId: bsc.domain,
}) // offline, no network

// And back: the token minted on BSC is burned there and minted again on Ethereum.
const bscWallet = createWalletClient({ account, chain: chainOf(bsc), transport: http() })
const back = await sendToken(client, {
  walletClient: bscWallet,
  destination: ethereum.domain,
  recipient: account.address,
  amount: 10n ** 18n,
})
const backStatus = await waitForMessage(client, { id: back.id })
console.log(
  JSON.stringify({
    id,
    state: status.state,
    receiptValid: verified.valid,
    back: { id: back.id, state: backStatus.state },
  }),
)
