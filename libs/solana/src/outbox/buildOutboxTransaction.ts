import bs58 from 'bs58'
import {
  AccountRole,
  address,
  appendTransactionMessageInstructions,
  compileTransaction,
  createTransactionMessage,
  getTransactionEncoder,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  type BaseTransactionMessage,
  type Blockhash,
  type Instruction,
  type TransactionMessageWithBlockhashLifetime,
  type TransactionMessageWithFeePayerSigner,
  type TransactionSigner,
} from '@solana/kit'
import {
  bytesToHex,
  DEFAULT_GAS_LIMIT,
  encodeMessage,
  MESSAGE_HEADER_BYTES,
  MESSAGE_VERSION,
  messageId,
  type Hex,
  type Message,
  type MessageCodecOptions,
} from '@relaymesh/protocol'
import { MEMO_PROGRAM_ADDRESS, SOLANA_MAX_TRANSACTION_BYTES, SYSTEM_PROGRAM_ADDRESS } from '../constants.js'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { encodeOutboxMemo } from './encodeOutboxMemo.js'

/**
 * Inputs of `buildOutboxTransaction`. `message.sender` may be left out: it is
 * the signer's public key.
 *
 * @example
 * const parameters: BuildOutboxTransactionParameters = {
 *   sender: signer,
 *   feeAccount,
 *   fee: 5000n,
 *   message,
 *   recentBlockhash,
 * }
 */
export type BuildOutboxTransactionParameters = MessageCodecOptions & {
  /** Signs the memo and pays both the transfer and the network fee. */
  sender: TransactionSigner
  /** The relayers' fee account (base58). */
  feeAccount: string
  /** Lamports transferred to `feeAccount`. */
  fee: bigint
  /** `gasLimit` defaults to `DEFAULT_GAS_LIMIT` (200,000), the gas the destination inbox gives the recipient. */
  message: Omit<Message, 'sender' | 'version' | 'gasLimit'> & {
    sender?: Hex | undefined
    version?: number | undefined
    gasLimit?: number | undefined
  }
  /** From `getLatestBlockhash`. */
  recentBlockhash: { blockhash: string; lastValidBlockHeight: bigint }
}

/**
 * The unsigned outbox transaction message: legacy format, the sender as fee payer
 * signer, a blockhash lifetime, the transfer and the memo. Named here because kit's
 * inferred type after `setTransactionMessageLifetimeUsingBlockhash` refers to a type
 * kit does not export (`ExcludeTransactionMessageLifetime`), which declarations cannot name.
 *
 * @example
 * const signed = await signTransactionMessageWithSigners(transactionMessage satisfies OutboxTransactionMessage)
 */
export type OutboxTransactionMessage = BaseTransactionMessage<'legacy'> &
  TransactionMessageWithFeePayerSigner &
  TransactionMessageWithBlockhashLifetime

/**
 * The unsigned transaction message (sign it with `signTransactionMessageWithSigners`)
 * and the relaymesh message it carries.
 *
 * @example
 * const { transactionMessage, id } = buildOutboxTransaction(parameters)
 */
export type BuildOutboxTransactionReturnType = {
  transactionMessage: OutboxTransactionMessage
  message: Message
  encoded: Uint8Array
  id: Hex
  /** Size of the signed transaction on the wire. */
  wireBytes: number
}

function memoInstruction(sender: TransactionSigner, data: Uint8Array): Instruction {
  return {
    programAddress: address(MEMO_PROGRAM_ADDRESS),
    // reason: IAccountSignerMeta is accepted where IAccountMeta is typed
    accounts: [{ address: sender.address, role: AccountRole.READONLY_SIGNER, signer: sender } as never],
    data,
  }
}

function transferInstruction(sender: TransactionSigner, to: string, lamports: bigint): Instruction {
  const data = new Uint8Array(12)
  const view = new DataView(data.buffer)
  view.setUint32(0, 2, true) // SystemInstruction::Transfer
  view.setBigUint64(4, lamports, true)
  return {
    programAddress: address(SYSTEM_PROGRAM_ADDRESS),
    accounts: [
      // reason: as above
      { address: sender.address, role: AccountRole.WRITABLE_SIGNER, signer: sender } as never,
      { address: address(to), role: AccountRole.WRITABLE },
    ],
    data,
  }
}

function buildMessage(
  p: BuildOutboxTransactionParameters,
  memoData: Uint8Array,
): { transactionMessage: OutboxTransactionMessage } {
  const lifetime = {
    // reason: base58 string from the RPC
    blockhash: p.recentBlockhash.blockhash as Blockhash,
    lastValidBlockHeight: p.recentBlockhash.lastValidBlockHeight,
  }
  const transactionMessage = pipe(
    createTransactionMessage({ version: 'legacy' }),
    (m) => setTransactionMessageFeePayerSigner(p.sender, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) =>
      appendTransactionMessageInstructions(
        [transferInstruction(p.sender, p.feeAccount, p.fee), memoInstruction(p.sender, memoData)],
        m,
      ),
  )
  return { transactionMessage }
}

/**
 * Builds an outbox transaction (MEMO_FORMAT.md) with `@solana/web3.js`: a System
 * transfer of `fee` lamports to the fee account, then an SPL Memo whose only
 * account is the sender, as signer. Legacy format: every cluster and wallet
 * accepts it and it needs no lookup table.
 *
 * @throws {SolanaSourceError} `SENDER_MISMATCH` (message.sender is not the signer),
 * `MEMO_TOO_LARGE` (the signed transaction would exceed 1232 bytes).
 * @example
 * const { value: recentBlockhash } = await rpc.getLatestBlockhash().send()
 * const { transactionMessage, id } = buildOutboxTransaction({
 *   sender,
 *   feeAccount,
 *   fee: 5000n,
 *   recentBlockhash,
 *   message: {
 *     nonce: 0n,
 *     origin: domains.solanaLocal,
 *     destination: domains.ethereumLocal,
 *     recipient,
 *     payload: '0x68656c6c6f',
 *   },
 * })
 * const signed = await signTransactionMessageWithSigners(transactionMessage)
 * await sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions })(signed, { commitment: 'confirmed' })
 */
export function buildOutboxTransaction(parameters: BuildOutboxTransactionParameters): BuildOutboxTransactionReturnType {
  const signerKey = bytesToHex(bs58.decode(parameters.sender.address))
  const { sender = signerKey, version = MESSAGE_VERSION, gasLimit = DEFAULT_GAS_LIMIT, ...rest } = parameters.message
  if (sender.toLowerCase() !== signerKey) {
    throw new SolanaSourceError('SENDER_MISMATCH', 'message.sender is not the signer', {
      meta: { sender, signer: parameters.sender.address },
    })
  }
  const message: Message = { ...rest, version, sender: signerKey, gasLimit }
  const encoded = encodeMessage(message, parameters)
  const built = buildMessage(parameters, encodeOutboxMemo(message, parameters))
  // Unsigned compile: signature slots are already there (zeros), so the size is final.
  const wireBytes = getTransactionEncoder().getSizeFromValue(compileTransaction(built.transactionMessage))
  if (wireBytes > SOLANA_MAX_TRANSACTION_BYTES) {
    throw new SolanaSourceError(
      'MEMO_TOO_LARGE',
      `outbox transaction is ${wireBytes} bytes, over ${SOLANA_MAX_TRANSACTION_BYTES}`,
      {
        meta: { wireBytes, payloadBytes: encoded.length - MESSAGE_HEADER_BYTES },
      },
    )
  }
  return { ...built, message, encoded, id: messageId(encoded), wireBytes }
}
