import bs58 from 'bs58'
import { bytesToHex, type Message, type MessageCodecOptions } from '@relaymesh/protocol'
import { MEMO_PROGRAM_ADDRESS } from '../constants.js'
import { SolanaSourceError, type SolanaSourceErrorCode } from '../SolanaSourceError.js'
import { decodeOutboxMemo } from './decodeOutboxMemo.js'
import { feePaidTo } from './feePaidTo.js'
import { normalizeTransaction, type NormalizedInstruction, type NormalizedTransaction } from './normalizeTransaction.js'
import type { SolanaTransactionResponse } from './SolanaTransactionResponse.js'

/**
 * What the relayers accept: the Solana domain they watch, their fee account
 * and the least fee (lamports) per message.
 *
 * @example
 * const options: ExtractOutboxMessagesParameters = { origin: domains.solanaLocal, feeAccount, minFeeLamports: 5000n }
 */
export type ExtractOutboxMessagesParameters = MessageCodecOptions & {
  origin: number
  /** base58 address the System transfer must pay. */
  feeAccount: string
  /**
   * Least lamports per outbox message; the transaction's transfers to `feeAccount` must sum to `count *
   * minFeeLamports`.
   */
  minFeeLamports: bigint
}

/**
 * A message found in a successful outbox transaction.
 *
 * @example
 * for (const m of messages) publish({ id: m.id, encoded: m.encoded, source: { signature: m.signature, slot } })
 */
export type OutboxMessage = {
  message: Message
  encoded: Uint8Array
  /** `keccak256(encoded)` of the memo's message (nonce 0), 32 bytes. */
  id: Uint8Array
  /** base58 transaction signature (its id on Solana). */
  signature: string
  /** Index of the memo among the transaction's top-level instructions. */
  instructionIndex: number
}

/**
 * A memo the decoder refused, with the reason code. `MEMO_NOT_PROTOCOL` is the
 * normal case for everyone else's memos; every other code is a relaymesh memo
 * that is not accepted.
 *
 * @example
 * rejections.filter((r) => r.code !== 'MEMO_NOT_PROTOCOL').forEach(storeRejected)
 */
export type OutboxRejection = {
  code: SolanaSourceErrorCode
  error: SolanaSourceError
  signature: string
  instructionIndex: number
  /** The message id (32 bytes) when the memo decoded (TX_FAILED, SENDER_MISMATCH, FEE_MISSING, MEMO_WRONG_ORIGIN). */
  id: Uint8Array | null
}

/**
 * Result of `extractOutboxMessages`.
 *
 * @example
 * const { messages, rejections } = extractOutboxMessages(tx, options)
 */
export type ExtractOutboxMessagesReturnType = {
  signature: string
  messages: OutboxMessage[]
  rejections: OutboxRejection[]
}

type Decoded = OutboxMessage & { accounts: string[] | null }

/** Where the 32-byte sender sits in an encoded message (PROTOCOL.md "Message": version 1, nonce 8, origin 4). */
const SENDER_OFFSET = 13

function reject(
  signature: string,
  index: number,
  error: SolanaSourceError,
  id: Uint8Array | null = null,
): OutboxRejection {
  return { code: error.code, error, signature, instructionIndex: index, id }
}

function checkSender(tx: NormalizedTransaction, m: Decoded, origin: number): SolanaSourceError | null {
  if (m.message.origin !== origin) {
    return new SolanaSourceError('MEMO_WRONG_ORIGIN', `message origin ${m.message.origin} is not ${origin}`, {
      meta: { id: bytesToHex(m.id) },
    })
  }
  // Read from the decoded bytes, not the message's hex: no hex decoding per message on the verifier's path.
  const sender = bs58.encode(m.encoded.subarray(SENDER_OFFSET, SENDER_OFFSET + 32))
  // `jsonParsed` omits a memo's accounts; then the sender's signature on the
  // transaction is the proof (it covers the memo bytes all the same).
  const listed = m.accounts === null || m.accounts[0] === sender
  if (!listed || !tx.signers.has(sender)) {
    return new SolanaSourceError('SENDER_MISMATCH', 'message sender is not the memo signer', {
      meta: { id: bytesToHex(m.id), sender, memoSigners: m.accounts },
    })
  }
  return null
}

function decodeMemos(tx: NormalizedTransaction, options: ExtractOutboxMessagesParameters) {
  const decoded: Decoded[] = []
  const rejections: OutboxRejection[] = []
  tx.instructions.forEach((ix: NormalizedInstruction, index) => {
    if (ix.programId !== MEMO_PROGRAM_ADDRESS) return
    try {
      if (ix.data === null) throw new SolanaSourceError('MEMO_BAD_ENCODING', 'memo instruction carries no data')
      const memo = decodeOutboxMemo(ix.data, options)
      decoded.push({ ...memo, signature: tx.signature, instructionIndex: index, accounts: ix.accounts })
    } catch (error) {
      if (!(error instanceof SolanaSourceError)) throw error
      rejections.push(reject(tx.signature, index, error))
    }
  })
  return { decoded, rejections }
}

/**
 * Finds the relaymesh outbox messages in one transaction (MEMO_FORMAT.md):
 * top-level SPL Memo instructions whose data starts with `relaymesh:`. Reads
 * instruction data, never logs. A failed transaction yields no messages
 * (`TX_FAILED`); each message's sender must have signed (`SENDER_MISMATCH`),
 * its origin must be `options.origin` (`MEMO_WRONG_ORIGIN`), and the
 * transaction must pay the fee (`FEE_MISSING`). Pure and synchronous.
 *
 * @throws {SolanaSourceError} `TX_MALFORMED` when the response itself is unreadable.
 * @example
 * const tx = await rpc
 *   .getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0, commitment: 'finalized' })
 *   .send()
 * const { messages, rejections } = extractOutboxMessages(tx!, {
 *   origin: domains.solanaLocal,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * })
 */
export function extractOutboxMessages(
  response: SolanaTransactionResponse,
  options: ExtractOutboxMessagesParameters,
): ExtractOutboxMessagesReturnType {
  const tx = normalizeTransaction(response)
  const { decoded, rejections } = decodeMemos(tx, options)
  if (decoded.length === 0) return { signature: tx.signature, messages: [], rejections }
  if (tx.failed) {
    for (const m of decoded) {
      rejections.push(
        reject(
          tx.signature,
          m.instructionIndex,
          new SolanaSourceError('TX_FAILED', 'outbox transaction failed', { meta: { id: bytesToHex(m.id) } }),
          m.id,
        ),
      )
    }
    return { signature: tx.signature, messages: [], rejections }
  }
  const valid: Decoded[] = []
  for (const m of decoded) {
    const error = checkSender(tx, m, options.origin)
    if (error) rejections.push(reject(tx.signature, m.instructionIndex, error, m.id))
    else valid.push(m)
  }
  const paid = feePaidTo(tx, options.feeAccount)
  const due = options.minFeeLamports * BigInt(valid.length)
  if (paid < due) {
    for (const m of valid) {
      const error = new SolanaSourceError('FEE_MISSING', `fee ${paid} lamports is below ${due}`, {
        meta: { id: bytesToHex(m.id), paid, due },
      })
      rejections.push(reject(tx.signature, m.instructionIndex, error, m.id))
    }
    return { signature: tx.signature, messages: [], rejections }
  }
  const messages = valid.map(({ accounts: _accounts, ...m }) => m)
  return { signature: tx.signature, messages, rejections }
}
