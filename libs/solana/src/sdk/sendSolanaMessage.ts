import {
  Connection,
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  type Finality,
} from '@solana/web3.js'
import {
  bytesToHex,
  DEFAULT_GAS_LIMIT,
  MESSAGE_VERSION,
  type Hex,
  type Message,
  type MessageCodecOptions,
} from '@relaymesh/protocol'
import { MEMO_PROGRAM_ADDRESS } from '../constants.js'
import { encodeOutboxMemo } from '../outbox/encodeOutboxMemo.js'

/**
 * Inputs of `sendSolanaMessage`.
 *
 * @example
 * const parameters: SendSolanaMessageParameters = {
 *   sender,
 *   feeAccount,
 *   fee: 5000n,
 *   origin,
 *   destination: 31337,
 *   recipient,
 *   payload: '0x',
 * }
 */
export type SendSolanaMessageParameters = MessageCodecOptions & {
  /** Signs the memo and pays the fee transfer and the network fee. */
  sender: Keypair
  /** The relayers' fee account (base58). */
  feeAccount: string
  /** Lamports to the fee account; at least the relayers' `minFee`. */
  fee: bigint
  /** The Solana domain (1399811149 mainnet-beta, 1399811150 the local chain). */
  origin: number
  destination: number
  recipient: Hex
  /** Gas the destination inbox calls the recipient with, exactly; default `DEFAULT_GAS_LIMIT` (200,000). */
  gasLimit?: number | undefined
  payload: Hex
  /** Default `'confirmed'`; the relayers act once the slot is finalized. */
  commitment?: Finality | undefined
}

/**
 * What `sendSolanaMessage` sent. The message id is known only once the slot
 * is final (the relayers assign `nonce = epoch << 40 | (messagesBefore + position)`,
 * MEMO_FORMAT.md "Nonces"): read it with `getSolanaMessageIds`.
 *
 * @example
 * const { signature, slot } = await sendSolanaMessage(connection, parameters)
 */
export type SendSolanaMessageReturnType = { signature: string; slot: number; memoMessage: Message }

/**
 * Sends a relaymesh message from Solana with `@solana/web3.js` v1
 * (MEMO_FORMAT.md): one legacy transaction with a System transfer of `fee` to
 * the fee account and an SPL Memo `relaymesh:v1:<base64>` signed by `sender`,
 * nonce 0. Waits for `commitment` through `confirmTransaction` (signatureSubscribe).
 *
 * @example
 * const connection = new Connection(rpcUrl, 'confirmed')
 * const { signature } = await sendSolanaMessage(connection, {
 *   sender: Keypair.generate(),
 *   feeAccount,
 *   fee: 5000n,
 *   origin: domains.solanaLocal,
 *   destination: domains.ethereumLocal,
 *   recipient: addressToBytes32(app),
 *   payload: '0x68656c6c6f',
 * })
 * const [message] = (
 *   await getSolanaMessageIds(connection, { signatures: [signature], origin, feeAccount, minFeeLamports: 5000n })
 * ).get(signature)!
 */
export async function sendSolanaMessage(
  connection: Connection,
  p: SendSolanaMessageParameters,
): Promise<SendSolanaMessageReturnType> {
  const memoMessage: Message = {
    version: MESSAGE_VERSION,
    nonce: 0n,
    origin: p.origin,
    sender: bytesToHex(p.sender.publicKey.toBytes()),
    destination: p.destination,
    recipient: p.recipient,
    gasLimit: p.gasLimit ?? DEFAULT_GAS_LIMIT,
    payload: p.payload,
  }
  const memo = new TransactionInstruction({
    programId: new PublicKey(MEMO_PROGRAM_ADDRESS),
    keys: [{ pubkey: p.sender.publicKey, isSigner: true, isWritable: false }],
    data: Buffer.from(encodeOutboxMemo(memoMessage, p)),
  })
  const transfer = SystemProgram.transfer({
    fromPubkey: p.sender.publicKey,
    toPubkey: new PublicKey(p.feeAccount),
    lamports: p.fee,
  })
  const commitment = p.commitment ?? 'confirmed'
  const latest = await connection.getLatestBlockhash(commitment)
  const tx = new Transaction({ feePayer: p.sender.publicKey, ...latest }).add(transfer, memo)
  tx.sign(p.sender)
  const signature = await connection.sendRawTransaction(tx.serialize())
  const confirmed = await connection.confirmTransaction({ signature, ...latest }, commitment)
  if (confirmed.value.err !== null)
    throw new Error(`outbox transaction ${signature} failed: ${JSON.stringify(confirmed.value.err)}`)
  return { signature, slot: confirmed.context.slot, memoMessage }
}
