import { VersionedMessage, VersionedTransaction, type Connection, type Finality, type Keypair } from '@solana/web3.js'
import type { Message } from '@relaymesh/protocol'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { packOutboxTransactions, type PackOutboxTransactionsParameters } from './packOutboxTransactions.js'

/**
 * Inputs of `sendSolanaMessages`.
 *
 * @example
 * const parameters: SendSolanaMessagesParameters = {
 *   sender,
 *   feeAccount,
 *   fee: 5000n,
 *   origin,
 *   messages: [{ destination: 31337, recipient, payload: '0x' }],
 * }
 */
export type SendSolanaMessagesParameters = Omit<PackOutboxTransactionsParameters, 'sender' | 'recentBlockhash'> & {
  /** Signs every memo and pays the fee transfers and the network fees. */
  sender: Keypair
  /** Default `'confirmed'`; the relayers act once the slot is finalized. */
  commitment?: Finality | undefined
}

/**
 * The transactions `sendSolanaMessages` sent, in order, each with the memo
 * messages it carries (nonce 0). Ids are known once the slots are final:
 * read them with `getSolanaMessageIds`.
 *
 * @example
 * const { transactions } = await sendSolanaMessages(connection, parameters)
 * const signatures = transactions.map((t) => t.signature)
 */
export type SendSolanaMessagesReturnType = {
  transactions: { signature: string; slot: number; memoMessages: Message[] }[]
}

/**
 * Sends many relaymesh messages from Solana with `@solana/web3.js` v1 in as
 * few transactions as the 1232-byte packet limit allows (`packOutboxTransactions`:
 * one fee transfer for all of a transaction's memos, ~7 small messages per
 * transaction). Sends every transaction before waiting for any, then waits
 * for `commitment` on all of them.
 *
 * @throws {SolanaSourceError} `MEMO_TOO_LARGE` (a message does not fit a transaction), `TX_FAILED` (a transaction
 *   landed but failed).
 * @example
 * const { transactions } = await sendSolanaMessages(connection, {
 *   sender,
 *   feeAccount,
 *   fee: 5000n,
 *   origin: domains.solanaLocal,
 *   messages: payloads.map((payload) => ({
 *     destination: domains.ethereumLocal,
 *     recipient: addressToBytes32(app),
 *     payload,
 *   })),
 * })
 * const ids = await getSolanaMessageIds(connection, {
 *   signatures: transactions.map((t) => t.signature),
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * })
 */
export async function sendSolanaMessages(
  connection: Connection,
  p: SendSolanaMessagesParameters,
): Promise<SendSolanaMessagesReturnType> {
  const commitment = p.commitment ?? 'confirmed'
  const latest = await connection.getLatestBlockhash(commitment)
  const packed = packOutboxTransactions({
    ...p,
    sender: p.sender.publicKey.toBase58(),
    recentBlockhash: latest.blockhash,
  })
  const signatures: string[] = []
  // In order, without waiting for confirmations: the node numbers a slot's messages in arrival order.
  for (const { message } of packed) {
    // Deserialized and signed as is: a legacy `Transaction` would recompile (and may reorder) the keys.
    const transaction = new VersionedTransaction(VersionedMessage.deserialize(message))
    transaction.sign([p.sender])
    signatures.push(await connection.sendRawTransaction(transaction.serialize()))
  }
  const confirmed = await Promise.all(
    signatures.map((signature) => connection.confirmTransaction({ signature, ...latest }, commitment)),
  )
  return {
    transactions: packed.map(({ memoMessages }, i) => {
      const signature = signatures[i] as string // reason: one signature per packed transaction
      const result = confirmed[i] as (typeof confirmed)[number] // reason: as above
      if (result.value.err !== null) {
        throw new SolanaSourceError('TX_FAILED', `outbox transaction ${signature} failed`, {
          meta: { signature, err: JSON.stringify(result.value.err) },
        })
      }
      return { signature, slot: result.context.slot, memoMessages }
    }),
  }
}
