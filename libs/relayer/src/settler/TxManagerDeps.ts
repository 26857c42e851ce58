import type { RelayerChain, RelayerContext } from '../context/createRelayerContext.js'

export type TxManagerDeps = Pick<RelayerContext, 'db' | 'account' | 'logger' | 'clock'> & {
  chain: RelayerChain
  /** Stops waiting for a receipt (the tx stays persisted; `resume` picks it up on the next start). */
  signal?: AbortSignal | undefined
}
