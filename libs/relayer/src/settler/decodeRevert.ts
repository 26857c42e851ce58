import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { BaseError as ViemError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem'
import { RelayerError } from '../RelayerError.js'

/** A decoded inbox custom error (or Solidity `Error(string)`). */
export type InboxRevert = { errorName: string; args: readonly unknown[]; data: Hex | undefined }

/**
 * Decodes a revert carried by a viem error (an estimate, a call or a
 * simulation) with the SettlementInbox ABI; undefined when there is no revert data.
 *
 * @example
 * const revert = decodeRevert(error) // { errorName: 'BatchAlreadySubmitted', args: [0n], data }
 */
export function decodeRevert(error: unknown): InboxRevert | undefined {
  if (!(error instanceof ViemError)) return undefined
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError && reverted.data)
    return { errorName: reverted.data.errorName, args: reverted.data.args ?? [], data: reverted.raw }
  // reason: RawContractError and RPC errors carry `data`
  const withData = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null
  const data = withData?.data
  if (!data || data === '0x') return undefined
  try {
    const decoded = decodeErrorResult({ abi: settlementInboxAbi, data })
    return { errorName: decoded.errorName, args: decoded.args ?? [], data }
  } catch {
    return { errorName: 'Unknown', args: [], data }
  }
}

/** `TX_REVERTED` carrying the inbox's custom error name (`meta.errorName`); `action` says whether retrying can help. */
export function txReverted(
  revert: InboxRevert | undefined,
  meta: Record<string, unknown>,
  cause?: unknown,
): RelayerError {
  const errorName = revert?.errorName ?? 'Unknown'
  // Paused, out of order (an earlier batch is not settled yet), or no reason at all: later may work.
  const retry = ['Paused', 'BatchOutOfOrder', 'Unknown', 'InsufficientGasForRecipient'].includes(errorName)
  return new RelayerError(`inbox reverted: ${errorName}`, {
    code: 'TX_REVERTED',
    action: retry ? 'retry' : 'reject',
    cause,
    meta: { ...meta, errorName, args: revert?.args.map((a) => (typeof a === 'bigint' ? a.toString() : a)) },
  })
}
