import type { BatchStatus } from '../ApiTypes.js'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiGet, type ApiCallOptions } from '../internal/apiRequest.js'

/**
 * Parameters of `getBatch`.
 *
 * @example
 * const parameters: GetBatchParameters = { destination: 56, batchIndex: 7n }
 */
export type GetBatchParameters = ApiCallOptions & { destination: number; batchIndex: bigint | number | string }

/**
 * A batch: header, state, hash, the relayers' signatures, its submit tx and its ids.
 *
 * @example
 * const { signatures }: GetBatchReturnType = await getBatch(client, { destination: 56, batchIndex: 0n })
 */
export type GetBatchReturnType = BatchStatus

/**
 * Errors of `getBatch`.
 *
 * @example
 * if ((error as GetBatchErrorType).code === 'BATCH_NOT_FOUND') …
 */
export type GetBatchErrorType = BridgeSdkError<'BATCH_NOT_FOUND' | 'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * One batch of one destination, by index.
 *
 * @throws {GetBatchErrorType}
 * @example
 * const batch = await getBatch(client, { destination: 56, batchIndex: 0n })
 * console.log(batch.state, batch.signatures.map((s) => s.signer))
 */
export async function getBatch(client: BridgeApiClient, parameters: GetBatchParameters): Promise<GetBatchReturnType> {
  const { destination, batchIndex, signal } = parameters
  const batch = await apiGet<BatchStatus>(client, `/v1/batches/${destination}/${batchIndex.toString()}`, { signal })
  if (!batch)
    throw new BridgeSdkError('BATCH_NOT_FOUND', 'the relayer holds no such batch', {
      action: 'retry',
      meta: { destination, batchIndex: batchIndex.toString() },
    })
  return batch
}
