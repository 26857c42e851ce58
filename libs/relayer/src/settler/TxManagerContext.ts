import type { TxPersister } from './createTxPersister.js'
import type { TxSigner } from './createTxSigner.js'
import type { TxManagerDeps } from './TxManagerDeps.js'
import type { TxManagerOptions } from './TxManagerOptions.js'

/** What the tx manager's steps share: its dependencies and options, and its signer and persister. */
export type TxManagerContext = {
  deps: TxManagerDeps
  options: TxManagerOptions
  sign: TxSigner
  persist: TxPersister
}
