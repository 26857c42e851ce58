import { createPrivateKey, sign, type KeyObject } from 'node:crypto'
import type { Bridge } from '@relaymesh/localchain'
import { addressToBytes32, type Hex } from '@relaymesh/protocol'
import { Keypair, packOutboxTransactions } from '@relaymesh/solana/web3'
import bs58 from 'bs58'
import { numberToHex } from 'viem'
import type { LocalSolanaSource } from '../solana/startLocalSolanaSource.js'
import {
  createInFlightTransactions,
  expireInFlight,
  settleInFlight,
  trackInFlight,
  type InFlightTransactions,
} from './InFlightTransactions.js'
import { jsonRpcBatch } from './jsonRpcBatch.js'
import type { SolanaSlotIds } from './readSolanaSlotIds.js'
import { recordLoadError, type RouteLoad, type RouteLoadSender } from './RouteLoad.js'

/**
 * Options of a Solana route's sender.
 *
 * @example
 * const options: SolanaLoadSenderOptions = {
 *   source,
 *   to: bridges.ethereum,
 *   seed,
 *   payloadBytes: 16,
 *   confirmTimeoutMs: 120_000,
 *   slotIds,
 *   now: Date.now,
 * }
 */
export type SolanaLoadSenderOptions = {
  source: LocalSolanaSource
  to: Bridge
  /** 32-byte ed25519 seed of this route's sender (funded on the local chain at setup). */
  seed: Uint8Array
  payloadBytes: number
  confirmTimeoutMs: number
  /** The finalized slots' ids, read once per slot for every Solana route. */
  slotIds: SolanaSlotIds
  now: () => number
}

type SignedOutbox = { signature: string; count: number; wire: string }
type SignatureStatus = { slot: number; confirmationStatus: string | null; err: unknown } | null
type SolanaSender = {
  o: SolanaLoadSenderOptions
  load: RouteLoad
  sender: string
  key: KeyObject
  recipient: Hex
  inFlight: InFlightTransactions<string>
  funded: boolean
  sequence: bigint
}

/** ~160M messages' fees; LiteSVM's own airdrop account holds only ~10^15 lamports. */
const SENDER_LAMPORTS = 10n ** 12n
/** Transactions per JSON-RPC batch request. */
const SEND_BATCH = 256
/** `getSignatureStatuses` takes at most this many. */
const STATUS_BATCH = 256
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * The sender of one Solana route: outbox memos packed into as few
 * transactions as fit (`packOutboxTransactions`, one fee transfer each),
 * signed with `node:crypto` ed25519 and submitted in JSON-RPC batches without
 * waiting for confirmation. Ids are known once a slot is final: statuses in
 * batches of 256, then each finalized slot numbered once by the relayers'
 * own rule (`readSolanaSlotIds`).
 */
export function createSolanaLoadSender(o: SolanaLoadSenderOptions, load: RouteLoad): RouteLoadSender {
  const s: SolanaSender = {
    o,
    load,
    sender: Keypair.fromSeed(o.seed).publicKey.toBase58(),
    key: createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, o.seed]), format: 'der', type: 'pkcs8' }),
    recipient: addressToBytes32(o.to.addresses.noopRecipient),
    inFlight: createInFlightTransactions(),
    funded: false,
    sequence: 0n,
  }
  return { send: (count) => send(s, count), confirm: () => confirm(s), inFlight: () => s.inFlight.messages }
}

function fund(s: SolanaSender): void {
  if (s.funded) return
  // reason: LiteSVM brands addresses and lamports (kit types)
  const airdrop = s.o.source.chain.ledger.svm.airdrop(s.sender as never, SENDER_LAMPORTS as never)
  if (airdrop === null || 'err' in airdrop)
    throw new Error(
      `airdrop to the load sender ${s.sender} failed: ${airdrop === null ? 'no result' : String(airdrop.err())}`,
    )
  s.funded = true
}

async function signOutboxes(s: SolanaSender, count: number): Promise<SignedOutbox[]> {
  const { source, to, payloadBytes } = s.o
  const [latest] = await jsonRpcBatch(source.chain.rpcUrl, [['getLatestBlockhash', [{ commitment: 'processed' }]]])
  const blockhash = (latest as { value: { blockhash: string } }).value.blockhash // reason: the RPC's documented shape
  const messages = Array.from({ length: count }, () => ({
    destination: to.domain,
    recipient: s.recipient,
    payload: numberToHex(s.sequence++ % 2n ** BigInt(8 * payloadBytes), { size: payloadBytes }) as Hex,
  }))
  const packed = packOutboxTransactions({
    sender: s.sender,
    feeAccount: source.feeAccount,
    fee: source.minFee,
    origin: source.config.domain,
    messages,
    recentBlockhash: blockhash,
  })
  return packed.map(({ message, memoMessages }) => {
    const signature = sign(null, message, s.key)
    return {
      signature: bs58.encode(signature),
      count: memoMessages.length,
      wire: Buffer.concat([Uint8Array.of(1), signature, message]).toString('base64'),
    }
  })
}

async function submit(s: SolanaSender, txs: SignedOutbox[]): Promise<void> {
  const submittedAt = s.o.now()
  for (const tx of txs) trackInFlight(s.inFlight, tx.signature, { count: tx.count, submittedAt })
  let results: unknown[]
  try {
    // No preflight: the local chain would decode and run each transaction twice. One that fails still
    // lands (fee paid) and its finalized status says so.
    results = await jsonRpcBatch(
      s.o.source.chain.rpcUrl,
      txs.map((tx) => ['sendTransaction', [tx.wire, { encoding: 'base64', skipPreflight: true }]] as const),
      { settle: true },
    )
  } catch (error) {
    // No answer: they may have landed. They stay in flight: confirmed, or lost once they expire.
    s.load.lastError = error instanceof Error ? error.message : String(error)
    return
  }
  txs.forEach((tx, i) => {
    const result = results[i]
    if (result instanceof Error) {
      settleInFlight(s.inFlight, tx.signature)
      recordLoadError(s.load, tx.count, result)
      return
    }
    s.load.submitted += tx.count
    s.load.transactions++
  })
}

async function send(s: SolanaSender, count: number): Promise<void> {
  let left = count
  try {
    fund(s)
    const txs = await signOutboxes(s, count)
    for (let from = 0; from < txs.length; from += SEND_BATCH) {
      const chunk = txs.slice(from, from + SEND_BATCH)
      left -= chunk.reduce((n, tx) => n + tx.count, 0)
      await submit(s, chunk)
    }
  } catch (error) {
    recordLoadError(s.load, left, error)
  }
}

async function confirm(s: SolanaSender): Promise<void> {
  const signatures = [...s.inFlight.byKey.keys()]
  for (let from = 0; from < signatures.length; from += STATUS_BATCH) {
    const chunk = signatures.slice(from, from + STATUS_BATCH)
    const [answer] = await jsonRpcBatch(s.o.source.chain.rpcUrl, [
      ['getSignatureStatuses', [chunk, { searchTransactionHistory: true }]],
    ])
    const statuses = (answer as { value: SignatureStatus[] }).value // reason: the RPC's documented shape
    await Promise.all(chunk.map((signature, i) => settle(s, signature, statuses[i] ?? null)))
  }
  expireInFlight(s.inFlight, { now: s.o.now(), timeoutMs: s.o.confirmTimeoutMs, load: s.load, what: 'finalized' })
}

async function settle(s: SolanaSender, signature: string, status: SignatureStatus): Promise<void> {
  if (status === null || status.confirmationStatus !== 'finalized') return
  const found = status.err === null ? (await s.o.slotIds(status.slot)).get(signature) : undefined
  const tx = settleInFlight(s.inFlight, signature)
  if (!tx) return
  const ids = found?.ids ?? []
  for (const id of ids) s.load.ids.set(id, tx.submittedAt)
  s.load.sent += ids.length
  if (ids.length !== tx.count) {
    const why =
      status.err !== null
        ? `failed: ${JSON.stringify(status.err)}`
        : `carried ${ids.length} of ${tx.count} accepted messages (${found?.rejected.join(', ') || 'none seen'})`
    recordLoadError(s.load, tx.count - ids.length, new Error(`transaction ${signature} ${why}`))
  }
}
