// Fetch the settlement receipt of an executed message from a running devnet's relayer API and verify it offline
// with the SDK against the destination chain's relayer set, printing each check. Run next to `npm run devnet`:
//   npx tsx examples/verifyReceipt.ts <message id> [path/to/devnet.json]   (default .devnet/devnet.json)
// (a message id: transfer.ts prints one, `relaymesh status` lists recent ones). Exits 1 if a check fails; the last
// line is JSON: the id, whether the receipt is valid, and the failed check's reason code if any.
import { readFileSync } from 'node:fs'
import { createPublicClient, defineChain, http, type Address, type Hex } from 'viem'
import {
  createBridgeClient,
  getSettlementReceipt,
  ReceiptVerificationError,
  UNPROVEN_RECEIPT_FIELDS,
  verifySettlementReceipt,
  type ReceiptVerificationErrorCode,
} from '@relaymesh/sdk'

type DevnetChain = {
  name: string
  domain: number
  rpcUrl: string
  outbox: Address
  inbox: Address
  relayerSet: { relayers: Address[]; threshold: number }
}
type Devnet = { apiUrl: string; evm: DevnetChain[] }

// What verifySettlementReceipt checks, in its order, with the reason codes that name each check's failure.
const CHECKS: [string, ReceiptVerificationErrorCode[]][] = [
  ['the trusted relayer set is usable', ['RECEIPT_INVALID_TRUSTED_SET']],
  ['the receipt is well-formed', ['RECEIPT_MALFORMED']],
  ['id = keccak256(encoded message), decoded fields = the encoding', ['RECEIPT_ID_MISMATCH', 'RECEIPT_FIELD_MISMATCH']],
  ['message, batch header and trusted inbox agree on the destination', ['RECEIPT_WRONG_DESTINATION']],
  ['batchHash = EIP-712 hashStruct(batch header)', ['RECEIPT_BATCH_HASH_MISMATCH']],
  [
    '>= threshold distinct trusted relayers signed the header',
    ['RECEIPT_BAD_SIGNATURE', 'RECEIPT_UNKNOWN_SIGNER', 'RECEIPT_DUPLICATE_SIGNER', 'RECEIPT_INSUFFICIENT_SIGNATURES'],
  ],
  ['the Merkle path leads from the id to the batch root', ['RECEIPT_BAD_PROOF']],
  ['the BatchSubmitted record names this inbox, batch, hash and root', ['RECEIPT_SETTLEMENT_MISMATCH']],
  ['the MessageExecuted record names this inbox and id', ['RECEIPT_EXECUTION_MISMATCH']],
]

const id = process.argv[2] as Hex // reason: checked by the API, which answers 400 for a malformed id
// reason: the file the devnet writes
const devnet = JSON.parse(readFileSync(process.argv[3] ?? '.devnet/devnet.json', 'utf8')) as Devnet
const chainOf = (c: DevnetChain) =>
  defineChain({
    id: c.domain,
    name: c.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [c.rpcUrl] } },
  })
const client = createBridgeClient({
  chains: Object.fromEntries(
    devnet.evm.map((c) => [
      c.domain,
      { publicClient: createPublicClient({ chain: chainOf(c), transport: http() }), outbox: c.outbox, inbox: c.inbox },
    ]),
  ),
  api: devnet.apiUrl,
})

const receipt = await getSettlementReceipt(client, { id })
const destination = devnet.evm.find((c) => c.domain === receipt.message.decoded.destination)
if (!destination)
  throw new Error(`destination ${receipt.message.decoded.destination} is not an EVM chain of this devnet`)
// In a dApp the trusted set is pinned in its own config; here it comes from devnet.json.
const trusted = { ...destination.relayerSet, inbox: destination.inbox, chainId: destination.domain }
console.log(
  `receipt of ${id}: ${receipt.message.decoded.origin} -> ${receipt.message.decoded.destination}, batch ` +
    `${receipt.batch.header.batchIndex}, leaf ${receipt.proof.leafIndex} of ${receipt.proof.count}`,
)

function verify(): ReceiptVerificationError | undefined {
  try {
    verifySettlementReceipt(receipt, trusted)
    return undefined
  } catch (error) {
    if (!(error instanceof ReceiptVerificationError)) throw error
    return error
  }
}
const failed = verify()
const failedAt = failed ? CHECKS.findIndex(([, codes]) => codes.includes(failed.code)) : CHECKS.length
CHECKS.forEach(([check], i) =>
  console.log(
    `${i < failedAt ? 'ok  ' : i === failedAt ? 'FAIL' : 'skip'} ` +
      `${check}${i === failedAt ? `: ${failed?.code} ${failed?.shortMessage}` : ''}`,
  ),
)
console.log(`not proven offline (look them up on chain): ${UNPROVEN_RECEIPT_FIELDS.join(', ')}`)
console.log(JSON.stringify({ id, valid: !failed, ...(failed ? { code: failed.code } : {}) }))
process.exitCode = failed ? 1 : 0
