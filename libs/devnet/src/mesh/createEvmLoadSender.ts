import { outboxAbi } from '@relaymesh/evm-contracts'
import type { Bridge, DevAccount } from '@relaymesh/localchain'
import { DISPATCH_TOPIC } from '@relaymesh/receipt-proof'
import { bytesToHex, DEFAULT_GAS_LIMIT, hexToBytes, keccak256 } from '@relaymesh/protocol'
import { encodeFunctionData, numberToHex, pad, parseGwei, parseSignature, serializeTransaction, type Hex } from 'viem'
import {
  createInFlightTransactions,
  expireInFlight,
  settleInFlight,
  trackInFlight,
  type InFlightTransactions,
} from './InFlightTransactions.js'
import { jsonRpcBatch } from './jsonRpcBatch.js'
import { recordLoadError, type RouteLoad, type RouteLoadSender } from './RouteLoad.js'

/**
 * Options of an EVM route's sender.
 *
 * @example
 * const options: EvmLoadSenderOptions = {
 *   from: bridges.ethereum,
 *   to: bridges.bsc,
 *   account,
 *   payloadBytes: 16,
 *   maxMessagesPerTx: 256,
 *   confirmTimeoutMs: 120_000,
 *   now: Date.now,
 * }
 */
export type EvmLoadSenderOptions = {
  from: Bridge
  to: Bridge
  /** Sends every transaction of this route; nobody else may use it on `from`'s chain (the nonce is kept locally). */
  account: DevAccount
  payloadBytes: number
  /** Messages per `dispatchBatch` (at most the Outbox's 1,024). */
  maxMessagesPerTx: number
  /** A transaction not included by then is counted as lost. */
  confirmTimeoutMs: number
  now: () => number
}

type BlockReceipt = { transactionHash: Hex; status: Hex; logs: { address: Hex; topics: Hex[] }[] }
type GasModel = (count: number) => bigint
type EvmSender = {
  o: EvmLoadSenderOptions
  load: RouteLoad
  recipient: Hex
  inFlight: InFlightTransactions<Hex>
  gas: Promise<GasModel> | undefined
  nonce: number
  nextBlock: bigint
  sequence: bigint
  maxFeePerGas: bigint
}

/** anvil's dev accounts start with 10,000 ETH; a long bench at thousands of messages per second could drain that. */
const SENDER_BALANCE = numberToHex(10n ** 24n)
/**
 * Far above anvil's base fee (~1 gwei and falling on a chain with room);
 * raised to 4x the node's gas price at every confirmation pass, so a base fee
 * climbing on full blocks never strands the queue behind an underpriced nonce.
 */
const MIN_MAX_FEE_PER_GAS = parseGwei('100')
const PRIORITY_FEE_PER_GAS = parseGwei('1')

/**
 * The sender of one EVM route: `Outbox.dispatchBatch` transactions signed
 * locally with a nonce kept locally, a tick's transactions submitted in one
 * JSON-RPC batch of `eth_sendRawTransaction` and never waited for; confirmation reads each new block's receipts once
 * (`eth_getBlockReceipts`) and takes the ids from the `Dispatch` logs' first
 * indexed topic. Gas per transaction comes from a linear fit of two
 * `eth_estimateGas` calls, plus a quarter.
 */
export function createEvmLoadSender(o: EvmLoadSenderOptions, load: RouteLoad): RouteLoadSender {
  const s: EvmSender = {
    o,
    load,
    recipient: pad(o.to.addresses.noopRecipient),
    inFlight: createInFlightTransactions(),
    gas: undefined,
    nonce: 0,
    nextBlock: 0n,
    sequence: 0n,
    maxFeePerGas: MIN_MAX_FEE_PER_GAS,
  }
  return { send: (count) => send(s, count), confirm: () => confirm(s), inFlight: () => s.inFlight.messages }
}

function calldata(s: EvmSender, count: number): Hex {
  const { payloadBytes } = s.o
  const payloads = Array.from({ length: count }, () =>
    numberToHex(s.sequence++ % 2n ** BigInt(8 * payloadBytes), { size: payloadBytes }),
  )
  return encodeFunctionData({
    abi: outboxAbi,
    functionName: 'dispatchBatch',
    args: [
      Array<number>(count).fill(s.o.to.domain),
      Array<Hex>(count).fill(s.recipient),
      Array<number>(count).fill(DEFAULT_GAS_LIMIT),
      payloads,
    ],
  })
}

async function prepare(s: EvmSender): Promise<GasModel> {
  const { from, account, maxMessagesPerTx } = s.o
  const client = from.chain.publicClient
  await from.chain.testClient.request({ method: 'anvil_setBalance', params: [account.address, SENDER_BALANCE] })
  // From the first setup on, every block is read once; a later setup must not skip or repeat any.
  if (s.nextBlock === 0n) s.nextBlock = (await client.getBlockNumber()) + 1n
  const estimate = (count: number) =>
    client.estimateGas({ account: account.address, to: from.addresses.outbox, data: calldata(s, count) })
  const [one, many] = await Promise.all([estimate(1), estimate(maxMessagesPerTx)])
  const perMessage = maxMessagesPerTx > 1 ? (many - one) / BigInt(maxMessagesPerTx - 1) : 0n
  s.nonce = await client.getTransactionCount({ address: account.address, blockTag: 'pending' })
  return (count) => ((one + perMessage * BigInt(count - 1)) * 5n) / 4n
}

type SignedBatch = { hash: Hex; serialized: Hex; count: number }

/**
 * Signs one `dispatchBatch` with the next local nonce; the hashes run on the WebAssembly keccak (a 256-message
 * transaction is ~40 KB).
 */
async function signBatch(s: EvmSender, gas: GasModel, count: number): Promise<SignedBatch> {
  const { from, account } = s.o
  const request = {
    type: 'eip1559',
    chainId: from.chain.chainId,
    nonce: s.nonce++,
    to: from.addresses.outbox,
    data: calldata(s, count),
    gas: gas(count),
    maxFeePerGas: s.maxFeePerGas,
    maxPriorityFeePerGas: PRIORITY_FEE_PER_GAS,
  } as const
  const signature = await account.sign({ hash: bytesToHex(keccak256(hexToBytes(serializeTransaction(request)))) })
  const serialized = serializeTransaction(request, parseSignature(signature))
  return { hash: bytesToHex(keccak256(hexToBytes(serialized))), serialized, count }
}

/**
 * Sends a tick's transactions in one JSON-RPC batch (in nonce order); a refused one is lost and the nonce is read
 * again.
 */
async function submit(s: EvmSender, batches: SignedBatch[]): Promise<void> {
  const submittedAt = s.o.now()
  // Tracked before they are sent: their block may be read before the RPC answers.
  for (const b of batches) trackInFlight(s.inFlight, b.hash, { count: b.count, submittedAt })
  let results: unknown[]
  try {
    results = await jsonRpcBatch(
      s.o.from.chain.rpcUrl,
      batches.map((b) => ['eth_sendRawTransaction', [b.serialized]] as const),
      { settle: true },
    )
  } catch (error) {
    // No answer: they may have landed. They stay in flight (confirmed, or lost once they expire)
    // and the node says which nonce comes next, so a batch it never saw leaves no gap.
    s.load.lastError = error instanceof Error ? error.message : String(error)
    s.nonce = await s.o.from.chain.publicClient.getTransactionCount({
      address: s.o.account.address,
      blockTag: 'pending',
    })
    return
  }
  let refused = false
  batches.forEach((b, i) => {
    const result = results[i]
    if (result instanceof Error) {
      refused = true
      settleInFlight(s.inFlight, b.hash)
      recordLoadError(s.load, b.count, result)
      return
    }
    s.load.submitted += b.count
    s.load.transactions++
  })
  // The node may or may not hold the refused nonces: ask it which comes next.
  if (refused)
    s.nonce = await s.o.from.chain.publicClient.getTransactionCount({
      address: s.o.account.address,
      blockTag: 'pending',
    })
}

async function send(s: EvmSender, count: number): Promise<void> {
  let left = count
  try {
    s.gas ??= prepare(s)
    const gas = await s.gas
    const batches: SignedBatch[] = []
    for (let rest = count; rest > 0; rest -= s.o.maxMessagesPerTx)
      batches.push(await signBatch(s, gas, Math.min(rest, s.o.maxMessagesPerTx)))
    left = 0
    await submit(s, batches)
  } catch (error) {
    s.gas = undefined // set up again on the next tick (RPC down, chain restarting); it reads the nonce again
    recordLoadError(s.load, left, error)
  }
}

async function confirm(s: EvmSender): Promise<void> {
  if (s.inFlight.byKey.size === 0) return
  const client = s.o.from.chain.publicClient
  const [head, gasPrice] = await Promise.all([client.getBlockNumber(), client.getGasPrice()])
  s.maxFeePerGas = gasPrice * 4n > MIN_MAX_FEE_PER_GAS ? gasPrice * 4n : MIN_MAX_FEE_PER_GAS
  for (; s.nextBlock <= head; s.nextBlock++) {
    const receipts = (await client.request({
      method: 'eth_getBlockReceipts' as never,
      params: [numberToHex(s.nextBlock)] as never,
    })) as BlockReceipt[] | null // reason: anvil's eth_getBlockReceipts, not in viem's public schema
    for (const receipt of receipts ?? []) settle(s, receipt)
  }
  expireInFlight(s.inFlight, { now: s.o.now(), timeoutMs: s.o.confirmTimeoutMs, load: s.load, what: 'included' })
}

function settle(s: EvmSender, receipt: BlockReceipt): void {
  const tx = settleInFlight(s.inFlight, receipt.transactionHash)
  if (!tx) return
  const outbox = s.o.from.addresses.outbox.toLowerCase()
  const ids =
    receipt.status === '0x1'
      ? receipt.logs
          .filter((l) => l.address.toLowerCase() === outbox && l.topics[0] === DISPATCH_TOPIC)
          .map((l) => l.topics[1] as Hex) // reason: Dispatch indexes the id first
      : []
  for (const id of ids) s.load.ids.set(id, tx.submittedAt)
  s.load.sent += ids.length
  if (ids.length !== tx.count) {
    recordLoadError(
      s.load,
      tx.count - ids.length,
      new Error(
        `transaction ${receipt.transactionHash} ${
          receipt.status === '0x1' ? `dispatched ${ids.length} of ${tx.count}` : 'reverted'
        }`,
      ),
    )
  }
}
