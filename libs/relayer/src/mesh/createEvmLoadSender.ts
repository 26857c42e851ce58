import { outboxAbi } from '@relaymesh/evm-contracts'
import type { Bridge, DevAccount } from '@relaymesh/localchain'
import { DISPATCH_TOPIC } from '@relaymesh/receipt-proof'
import { encodeFunctionData, keccak256, numberToHex, pad, parseGwei, type Hex } from 'viem'
import { createInFlightTransactions, expireInFlight, settleInFlight, trackInFlight, type InFlightTransactions } from './InFlightTransactions.js'
import { recordLoadError, type RouteLoad, type RouteLoadSender } from './RouteLoad.js'

/**
 * Options of an EVM route's sender.
 *
 * @example
 * const options: EvmLoadSenderOptions = { from: bridges.ethereum, to: bridges.bsc, account, payloadBytes: 16, maxMessagesPerTx: 256, confirmTimeoutMs: 120_000, now: Date.now }
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
}

/** anvil's dev accounts start with 10,000 ETH; a long bench at thousands of messages per second could drain that. */
const SENDER_BALANCE = numberToHex(10n ** 24n)
/** Far above anvil's base fee unless its blocks stay more than half full for dozens of blocks (then the chain is the bottleneck anyway). */
const MAX_FEE_PER_GAS = parseGwei('100')
const PRIORITY_FEE_PER_GAS = parseGwei('1')

/**
 * The sender of one EVM route: `Outbox.dispatchBatch` transactions signed
 * locally with a nonce kept locally, submitted with `eth_sendRawTransaction`
 * and never waited for; confirmation reads each new block's receipts once
 * (`eth_getBlockReceipts`) and takes the ids from the `Dispatch` logs' first
 * indexed topic. Gas per transaction comes from a linear fit of two
 * `eth_estimateGas` calls, plus a quarter.
 */
export function createEvmLoadSender(o: EvmLoadSenderOptions, load: RouteLoad): RouteLoadSender {
  const s: EvmSender = { o, load, recipient: pad(o.to.addresses.noopRecipient), inFlight: createInFlightTransactions(), gas: undefined, nonce: 0, nextBlock: 0n, sequence: 0n }
  return { send: (count) => send(s, count), confirm: () => confirm(s), inFlight: () => s.inFlight.messages }
}

function calldata(s: EvmSender, count: number): Hex {
  const { payloadBytes } = s.o
  const payloads = Array.from({ length: count }, () => numberToHex(s.sequence++ % 2n ** BigInt(8 * payloadBytes), { size: payloadBytes }))
  return encodeFunctionData({ abi: outboxAbi, functionName: 'dispatchBatch', args: [Array<number>(count).fill(s.o.to.domain), Array<Hex>(count).fill(s.recipient), payloads] })
}

async function prepare(s: EvmSender): Promise<GasModel> {
  const { from, account, maxMessagesPerTx } = s.o
  const client = from.chain.publicClient
  await from.chain.testClient.request({ method: 'anvil_setBalance', params: [account.address, SENDER_BALANCE] })
  // From the first setup on, every block is read once; a later setup must not skip or repeat any.
  if (s.nextBlock === 0n) s.nextBlock = (await client.getBlockNumber()) + 1n
  const estimate = (count: number) => client.estimateGas({ account: account.address, to: from.addresses.outbox, data: calldata(s, count) })
  const [one, many] = await Promise.all([estimate(1), estimate(maxMessagesPerTx)])
  const perMessage = maxMessagesPerTx > 1 ? (many - one) / BigInt(maxMessagesPerTx - 1) : 0n
  s.nonce = await client.getTransactionCount({ address: account.address, blockTag: 'pending' })
  return (count) => ((one + perMessage * BigInt(count - 1)) * 5n) / 4n
}

async function submit(s: EvmSender, gas: GasModel, count: number): Promise<void> {
  const { from, account } = s.o
  const serialized = await account.signTransaction({
    type: 'eip1559', chainId: from.chain.chainId, nonce: s.nonce, to: from.addresses.outbox, data: calldata(s, count), gas: gas(count),
    maxFeePerGas: MAX_FEE_PER_GAS, maxPriorityFeePerGas: PRIORITY_FEE_PER_GAS,
  })
  const hash = keccak256(serialized)
  trackInFlight(s.inFlight, hash, { count, submittedAt: s.o.now() })
  try {
    await from.chain.publicClient.request({ method: 'eth_sendRawTransaction', params: [serialized] })
  } catch (error) {
    settleInFlight(s.inFlight, hash)
    recordLoadError(s.load, count, error)
    // The node may or may not have taken this nonce: ask it again.
    s.nonce = await from.chain.publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
    return
  }
  s.nonce++
  s.load.submitted += count
  s.load.transactions++
}

async function send(s: EvmSender, count: number): Promise<void> {
  let left = count
  try {
    s.gas ??= prepare(s)
    const gas = await s.gas
    while (left > 0) {
      const chunk = Math.min(left, s.o.maxMessagesPerTx)
      left -= chunk
      await submit(s, gas, chunk)
    }
  } catch (error) {
    s.gas = undefined // set up again on the next tick (RPC down, chain restarting)
    recordLoadError(s.load, left, error)
  }
}

async function confirm(s: EvmSender): Promise<void> {
  if (s.inFlight.byKey.size === 0) return
  const client = s.o.from.chain.publicClient
  const head = await client.getBlockNumber()
  for (; s.nextBlock <= head; s.nextBlock++) {
    const receipts = (await client.request({ method: 'eth_getBlockReceipts' as never, params: [numberToHex(s.nextBlock)] as never })) as BlockReceipt[] | null // reason: anvil's eth_getBlockReceipts, not in viem's public schema
    for (const receipt of receipts ?? []) settle(s, receipt)
  }
  expireInFlight(s.inFlight, { now: s.o.now(), timeoutMs: s.o.confirmTimeoutMs, load: s.load, what: 'included' })
}

function settle(s: EvmSender, receipt: BlockReceipt): void {
  const tx = settleInFlight(s.inFlight, receipt.transactionHash)
  if (!tx) return
  const outbox = s.o.from.addresses.outbox.toLowerCase()
  const ids = receipt.status === '0x1'
    ? receipt.logs.filter((l) => l.address.toLowerCase() === outbox && l.topics[0] === DISPATCH_TOPIC).map((l) => l.topics[1] as Hex) // reason: Dispatch indexes the id first
    : []
  for (const id of ids) s.load.ids.set(id, tx.submittedAt)
  s.load.sent += ids.length
  if (ids.length !== tx.count) {
    recordLoadError(s.load, tx.count - ids.length, new Error(`transaction ${receipt.transactionHash} ${receipt.status === '0x1' ? `dispatched ${ids.length} of ${tx.count}` : 'reverted'}`))
  }
}
