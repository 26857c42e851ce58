/**
 * `@relaymesh/solana/web3`: what talks to a Solana cluster through `@solana/web3.js` v1 (a `Connection`, a
 * `Keypair`): building and sending outbox transactions, and reading a sent transaction's message ids. Its own entry
 * so that a process importing `@relaymesh/solana` (the relayer's services and their worker threads, the attester)
 * never loads web3.js and its dependencies (8-10 MiB resident); the watcher polls over JSON-RPC and subscribes to
 * the outbox's logs with `watchOutboxLogs`, neither of which needs web3.js.
 *
 * @example
 * const connection = createSolanaConnection(rpcUrl)
 * const { signature, slot } = await sendSolanaMessage(connection, parameters)
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
export type { GetSolanaMessageIdsParameters, SolanaRelayedMessage } from './sdk/getSolanaMessageIds.js'
export { createSolanaConnection } from './sdk/createSolanaConnection.js'
export { closeSolanaConnection } from './sdk/closeSolanaConnection.js'
// web3.js v1 classes for workspaces that cannot resolve @solana/web3.js themselves (it is installed under libs/solana
// only).
export { Connection, Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from '@solana/web3.js'
