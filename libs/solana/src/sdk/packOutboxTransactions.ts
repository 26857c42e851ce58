import bs58 from 'bs58'
import {
  bytesToHex,
  DEFAULT_GAS_LIMIT,
  MESSAGE_VERSION,
  type Hex,
  type Message,
  type MessageCodecOptions,
} from '@relaymesh/protocol'
import { MEMO_PROGRAM_ADDRESS, SOLANA_MAX_TRANSACTION_BYTES, SYSTEM_PROGRAM_ADDRESS } from '../constants.js'
import { encodeOutboxMemo } from '../outbox/encodeOutboxMemo.js'
import { SolanaSourceError } from '../SolanaSourceError.js'

/**
 * Inputs of `packOutboxTransactions`. Keys and the blockhash are base58.
 *
 * @example
 * const parameters: PackOutboxTransactionsParameters = {
 *   sender: keypair.publicKey.toBase58(),
 *   feeAccount,
 *   fee: 5000n,
 *   origin,
 *   messages,
 *   recentBlockhash,
 * }
 */
export type PackOutboxTransactionsParameters = MessageCodecOptions & {
  /** Signs every memo and pays the transfers and the network fees (the only signer). */
  sender: string
  /** The relayers' fee account. */
  feeAccount: string
  /** Lamports per message; each transaction transfers `fee * (its message count)` (MEMO_FORMAT.md). */
  fee: bigint
  /** The Solana domain (1399811149 mainnet-beta, 1399811150 the local chain). */
  origin: number
  /** `gasLimit`: gas the destination inbox gives the recipient; default `DEFAULT_GAS_LIMIT` (200,000). */
  messages: readonly { destination: number; recipient: Hex; payload: Hex; gasLimit?: number | undefined }[]
  /** From `getLatestBlockhash`. */
  recentBlockhash: string
}

/**
 * One outbox transaction, unsigned: the legacy message bytes the sender signs
 * (wire form = `0x01 ++ signature ++ message`) and the memo messages (nonce 0)
 * it carries, in instruction order.
 *
 * @example
 * const [{ message, memoMessages, wireBytes }] = packOutboxTransactions(parameters)
 */
export type PackedOutboxTransaction = { message: Uint8Array; memoMessages: Message[]; wireBytes: number }

/**
 * Wire bytes besides the memo instructions (MEMO_FORMAT.md "Size limits"): one signature, the 4 keys, the blockhash,
 * the transfer.
 */
const FIXED_WIRE_BYTES = 1 + 64 + 3 + (1 + 4 * 32) + 32 + 1 + (1 + 1 + 2 + 1 + 12)
/** Instructions one transaction may hold before the count's compact-u16 takes a second byte. */
const MAX_INSTRUCTIONS = 127
const SYSTEM_PROGRAM = bs58.decode(SYSTEM_PROGRAM_ADDRESS)
const MEMO_PROGRAM = bs58.decode(MEMO_PROGRAM_ADDRESS)

function compactU16(n: number): number[] {
  const out: number[] = []
  for (let rest = n; ; rest >>= 7) {
    if (rest < 0x80) return [...out, rest]
    out.push((rest & 0x7f) | 0x80)
  }
}

const memoInstructionBytes = (data: Uint8Array) => 3 + compactU16(data.length).length + data.length

function key(base58: string, what: string): Uint8Array {
  const bytes = bs58.decode(base58)
  if (bytes.length !== 32)
    throw new SolanaSourceError('TX_MALFORMED', `${what} is not a 32-byte key`, { meta: { [what]: base58 } })
  return bytes
}

/**
 * The legacy message: keys sender (writable signer), fee account (writable),
 * System, Memo (read-only); a System transfer of `lamports`, then one Memo
 * per `memos` entry whose only account is the sender, as signer.
 */
function encodeMessage(
  sender: Uint8Array,
  feeAccount: Uint8Array,
  blockhash: Uint8Array,
  lamports: bigint,
  memos: readonly Uint8Array[],
): Uint8Array {
  const transfer = new Uint8Array(12)
  const view = new DataView(transfer.buffer)
  view.setUint32(0, 2, true) // SystemInstruction::Transfer
  view.setBigUint64(4, lamports, true)
  const parts: (Uint8Array | number[])[] = [
    [1, 0, 2],
    compactU16(4),
    sender,
    feeAccount,
    SYSTEM_PROGRAM,
    MEMO_PROGRAM,
    blockhash,
    compactU16(1 + memos.length),
  ]
  parts.push([2, ...compactU16(2), 0, 1, ...compactU16(12)], transfer)
  for (const memo of memos) parts.push([3, ...compactU16(1), 0, ...compactU16(memo.length)], memo)
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/**
 * Packs outbox messages into as few legacy transactions as the 1232-byte
 * packet limit allows (MEMO_FORMAT.md): each holds one System transfer of
 * `fee * count` to the fee account, then `count` SPL Memos
 * `relaymesh:v1:<base64>` signed by the sender, each message with nonce 0.
 * Order is kept across and within transactions, so the relayers' nonces
 * (`epoch << 40 | (messagesBefore + position)`) follow it when the transactions land in order.
 * Greedy, pure, sized by arithmetic (no trial serialization): ~6 messages
 * with 16-byte payloads fit one transaction.
 *
 * @throws {SolanaSourceError} `MEMO_TOO_LARGE` when one message alone does not fit a transaction; `TX_MALFORMED` for a
 *   key that is not 32 bytes, or a sender that is the fee account.
 * @example
 * const { blockhash } = await connection.getLatestBlockhash()
 * const packed = packOutboxTransactions({
 *   sender: keypair.publicKey.toBase58(),
 *   feeAccount,
 *   fee: 5000n,
 *   origin: domains.solanaLocal,
 *   messages: [
 *     { destination: 31337, recipient, payload: '0x01' },
 *     { destination: 56, recipient, payload: '0x02' },
 *   ],
 *   recentBlockhash: blockhash,
 * })
 * const transaction = new VersionedTransaction(VersionedMessage.deserialize(packed[0].message))
 * transaction.sign([keypair])
 */
export function packOutboxTransactions(p: PackOutboxTransactionsParameters): PackedOutboxTransaction[] {
  const sender = key(p.sender, 'sender')
  const feeAccount = key(p.feeAccount, 'feeAccount')
  if (p.sender === p.feeAccount)
    throw new SolanaSourceError('TX_MALFORMED', 'the sender cannot be the fee account', { meta: { sender: p.sender } })
  const blockhash = key(p.recentBlockhash, 'recentBlockhash')
  const senderHex = bytesToHex(sender)
  const packed: PackedOutboxTransaction[] = []
  let memos: Uint8Array[] = []
  let memoMessages: Message[] = []
  let bytes = FIXED_WIRE_BYTES
  const close = () => {
    packed.push({
      message: encodeMessage(sender, feeAccount, blockhash, p.fee * BigInt(memos.length), memos),
      memoMessages,
      wireBytes: bytes,
    })
    memos = []
    memoMessages = []
    bytes = FIXED_WIRE_BYTES
  }
  for (const [index, m] of p.messages.entries()) {
    const memoMessage: Message = {
      version: MESSAGE_VERSION,
      nonce: 0n,
      origin: p.origin,
      sender: senderHex,
      destination: m.destination,
      recipient: m.recipient,
      gasLimit: m.gasLimit ?? DEFAULT_GAS_LIMIT,
      payload: m.payload,
    }
    const data = encodeOutboxMemo(memoMessage, p)
    const added = memoInstructionBytes(data)
    if (memos.length > 0 && (bytes + added > SOLANA_MAX_TRANSACTION_BYTES || memos.length + 1 >= MAX_INSTRUCTIONS))
      close()
    if (FIXED_WIRE_BYTES + added > SOLANA_MAX_TRANSACTION_BYTES) {
      throw new SolanaSourceError(
        'MEMO_TOO_LARGE',
        `outbox message ${index} alone makes a ${FIXED_WIRE_BYTES + added}-byte transaction, ` +
          `over ${SOLANA_MAX_TRANSACTION_BYTES}`,
        {
          meta: { index, wireBytes: FIXED_WIRE_BYTES + added, payloadBytes: (m.payload.length - 2) / 2 },
        },
      )
    }
    memos.push(data)
    memoMessages.push(memoMessage)
    bytes += added
  }
  if (memos.length > 0) close()
  return packed
}
