/**
 * `@relaymesh/solana/web3`: what talks to a Solana cluster through `@solana/web3.js` v1 (a `Connection`, a
 * `Keypair`): building and sending outbox transactions, reading a transaction's message ids, and the outbox's logs
 * subscription. Its own entry so that a process importing `@relaymesh/solana` (the verifier and its worker threads,
 * the attester) never loads web3.js and its dependencies, 8-10 MiB resident.
 *
 * @example
 * const connection = createSolanaConnection(rpcUrl, { wsUrl })
 * const { signature, slot } = await sendSolanaMessage(connection, parameters)
 * const stop = subscribeOutboxLogs(connection, feeAccount, wake)
 */
export { buildOutboxTransaction } from './outbox/buildOutboxTransaction.js'
export type {
  BuildOutboxTransactionParameters,
  BuildOutboxTransactionReturnType,
  OutboxTransactionMessage,
} from './outbox/buildOutboxTransaction.js'
export { sendSolanaMessage } from './sdk/sendSolanaMessage.js'
export type { SendSolanaMessageParameters, SendSolanaMessageReturnType } from './sdk/sendSolanaMessage.js'
export { sendSolanaMessages } from './sdk/sendSolanaMessages.js'
export type { SendSolanaMessagesParameters, SendSolanaMessagesReturnType } from './sdk/sendSolanaMessages.js'
export { packOutboxTransactions } from './sdk/packOutboxTransactions.js'
export type { PackOutboxTransactionsParameters, PackedOutboxTransaction } from './sdk/packOutboxTransactions.js'
export { getSolanaMessageIds } from './sdk/getSolanaMessageIds.js'
export type { GetSolanaMessageIdsParameters } from './sdk/getSolanaMessageIds.js'
export { subscribeOutboxLogs } from './sdk/subscribeOutboxLogs.js'
export { createSolanaConnection } from './sdk/createSolanaConnection.js'
export { closeSolanaConnection } from './sdk/closeSolanaConnection.js'
// web3.js v1 classes for workspaces that cannot resolve @solana/web3.js themselves (it is installed under libs/solana only).
export { Connection, Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from '@solana/web3.js'
