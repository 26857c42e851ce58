// Send a message from the devnet's Solana to the Ethereum stand-in (its no-op recipient), find the message's id through
// the relayer API once the relayers have seen it (Solana messages get their nonce when their slot is final), and wait
// until it is executed on Ethereum. A fresh key is funded with an airdrop. Run next to `npm run devnet`:
//   npx tsx examples/solanaMessage.ts [path/to/devnet.json]   (default .devnet/devnet.json)
// It prints one JSON line: the Solana signature, the message id, its verification label and the state it reached.
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { Connection, Keypair, LAMPORTS_PER_SOL } from '@solana/web3.js'
import { pad, toHex, type Address, type Hex } from 'viem'
import { BridgeSdkError, createBridgeClient, getMessagesBySender, waitForMessage } from '@relaymesh/sdk'
import { sendSolanaMessage } from '@relaymesh/solana/web3'

type Devnet = {
  apiUrl: string
  evm: { name: string; domain: number; noopRecipient: Address }[]
  solana: { domain: number; rpcUrl: string; wsUrl: string | undefined; feeAccount: string; minFeeLamports: string }
}

// reason: the file the devnet writes
const devnet = JSON.parse(readFileSync(process.argv[2] ?? '.devnet/devnet.json', 'utf8')) as Devnet
const [ethereum] = devnet.evm
const { solana } = devnet
const connection = new Connection(solana.rpcUrl, {
  commitment: 'confirmed',
  ...(solana.wsUrl ? { wsEndpoint: solana.wsUrl } : {}),
})
const client = createBridgeClient({ chains: {}, api: devnet.apiUrl })

const sender = Keypair.generate()
const airdrop = await connection.requestAirdrop(sender.publicKey, LAMPORTS_PER_SOL)
await connection.confirmTransaction({ signature: airdrop, ...(await connection.getLatestBlockhash()) })
const { signature } = await sendSolanaMessage(connection, {
  sender,
  feeAccount: solana.feeAccount,
  fee: BigInt(solana.minFeeLamports),
  origin: solana.domain,
  destination: ethereum!.domain,
  recipient: pad(ethereum!.noopRecipient),
  payload: toHex('gm from Solana'),
})

// The relayers list a message under its 32-byte sender as soon as they have observed it. An error the SDK marks
// `retry` (the API restarting, say) is asked again; anything else stops the script.
const senderBytes32: Hex = toHex(sender.publicKey.toBytes())
const retryable = (error: unknown) =>
  error instanceof BridgeSdkError && error.action === 'retry' ? undefined : Promise.reject(error)
let id: Hex | undefined
for (const deadline = Date.now() + 10 * 60_000; !id && Date.now() < deadline; await sleep(500)) {
  id = (await getMessagesBySender(client, { sender: senderBytes32 }).catch(retryable))?.messages[0]?.id
}
if (!id) throw new Error(`no relayer observed ${signature} within 10 minutes`)
const status = await waitForMessage(client, { id }) // its label is `attested`: Solana slots are signed by a committee
console.log(JSON.stringify({ signature, id, verification: status.verification, state: status.state }))
