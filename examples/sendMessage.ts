// Send a message from the BSC stand-in back to the Ethereum stand-in of a running devnet (to the no-op recipient,
// with an explicit recipient gas limit) and wait until it is executed. Run next
// to `npm run devnet`:
//   npx tsx examples/sendMessage.ts [path/to/devnet.json]   (default .devnet/devnet.json)
import { readFileSync } from 'node:fs'
import { createPublicClient, createWalletClient, defineChain, http, toHex, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createBridgeClient, sendMessage, waitForMessage } from '@relaymesh/sdk'

type DevnetChain = {
  name: string
  domain: number
  rpcUrl: string
  outbox: Address
  inbox: Address
  noopRecipient: Address
}
type Devnet = {
  apiUrl: string
  evm: [DevnetChain, DevnetChain]
  developerAccounts: { address: Address; privateKey: Hex }[]
}

// reason: the file the devnet writes
const devnet = JSON.parse(readFileSync(process.argv[2] ?? '.devnet/devnet.json', 'utf8')) as Devnet
const [ethereum, bsc] = devnet.evm
const chainOf = (c: DevnetChain) =>
  defineChain({
    id: c.domain,
    name: c.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [c.rpcUrl] } },
  })
const publicClient = (c: DevnetChain) => createPublicClient({ chain: chainOf(c), transport: http() })
// The second developer account, so this example and transfer.ts can run at the same time without sharing nonces.
const account = privateKeyToAccount(devnet.developerAccounts[1]!.privateKey)
const walletClient = createWalletClient({ account, chain: chainOf(bsc), transport: http() })

const client = createBridgeClient({
  chains: {
    [ethereum.domain]: { publicClient: publicClient(ethereum), outbox: ethereum.outbox, inbox: ethereum.inbox },
    [bsc.domain]: { publicClient: publicClient(bsc), outbox: bsc.outbox, inbox: bsc.inbox },
  },
  api: devnet.apiUrl,
})
const { id, txHash } = await sendMessage(client, {
  walletClient,
  destination: ethereum.domain,
  recipient: ethereum.noopRecipient,
  payload: toHex('hello from bsc-local'),
  gasLimit: 100_000,
})
const status = await waitForMessage(client, { id }) // observed -> verified -> batched -> settled -> executed
console.log(JSON.stringify({ id, txHash, state: status.state }))
