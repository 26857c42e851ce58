import { Connection, PublicKey, type Finality } from '@solana/web3.js'

/**
 * Calls `onLogs(signature, slot)` for every transaction mentioning the fee
 * account at `commitment` (`logsSubscribe` through web3.js v1 `onLogs`). A
 * wake-up only: the log text is never decoded, and a dropped socket loses
 * nothing because the caller still pages `getSignaturesForAddress` from its cursor.
 * Returns the unsubscribe function.
 *
 * @example
 * const stop = subscribeOutboxLogs(new Connection(rpcUrl, { wsEndpoint }), feeAccount, () => wake())
 * await stop()
 */
export function subscribeOutboxLogs(
  connection: Connection,
  feeAccount: string,
  onLogs: (signature: string, slot: number) => void,
  commitment: Finality = 'finalized',
): () => Promise<void> {
  const id = connection.onLogs(
    new PublicKey(feeAccount),
    (logs, context) => onLogs(logs.signature, context.slot),
    commitment,
  )
  return () => connection.removeOnLogsListener(id)
}
