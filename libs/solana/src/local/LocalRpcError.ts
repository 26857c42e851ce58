/**
 * A JSON-RPC error the local chain answers with (codes as a Solana node uses them).
 *
 * @example
 * throw new LocalRpcError(-32602, 'invalid params')
 */
export class LocalRpcError extends Error {
  override name = 'LocalRpcError'
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }

  /** -32002, what a node answers when preflight simulation fails. */
  static simulationFailed(err: unknown, logs: string[], unitsConsumed?: bigint): LocalRpcError {
    const label = typeof err === 'string' ? err : JSON.stringify(err)
    return new LocalRpcError(-32002, `Transaction simulation failed: ${label}`, {
      accounts: null,
      err,
      innerInstructions: null,
      logs,
      returnData: null,
      unitsConsumed: unitsConsumed ?? 0n,
    })
  }
}
