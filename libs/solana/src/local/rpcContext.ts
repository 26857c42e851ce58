import type { KeyPairSigner } from '@solana/kit'
import type { LocalLedger } from './LocalLedger.js'

/** What every JSON-RPC method of the local chain reads. */
export type RpcContext = {
  ledger: LocalLedger
  /** Pays `requestAirdrop`s. */
  faucet: KeyPairSigner
  /** The node identity `getIdentity` reports (the faucet's address). */
  identity: string
}

/** Method name -> handler; `params` as the request carried them. */
export type RpcMethods = Record<string, (ctx: RpcContext, params: readonly unknown[]) => unknown>
