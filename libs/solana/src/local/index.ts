/**
 * `@relaymesh/solana/local`: a local Solana chain (LiteSVM behind JSON-RPC + WebSocket) for tests and the devnet.
 * Its own entry so a service that imports `@relaymesh/solana` never loads LiteSVM, a development dependency.
 */
export { startLocalSolana } from './startLocalSolana.js'
export type { LocalSolana, StartLocalSolanaParameters } from './startLocalSolana.js'
export type { LocalLedger } from './LocalLedger.js'
export type { BlockRecord, Commitment, TransactionRecord, LedgerOptions } from './LedgerTypes.js'
