import type { Hex } from 'viem'
import type { MessageSummary } from '../ApiTypes.js'
import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiCallOptions } from '../internal/apiRequest.js'
import type { MessagesBySourceTx } from '../OperatorApiTypes.js'

/**
 * Parameters of `getMessagesBySourceTx`.
 *
 * @example
 * const parameters: GetMessagesBySourceTxParameters = { sourceTxHash: receipt.transactionHash }
 */
export type GetMessagesBySourceTxParameters = ApiCallOptions & { sourceTxHash: Hex }

/**
 * Errors of `getMessagesBySourceTx` (`API_ERROR` with `meta.apiCode` `INVALID_SOURCE_TX` for a malformed hash).
 *
 * @example
 * if ((error as GetMessagesBySourceTxErrorType).meta.apiCode === 'INVALID_SOURCE_TX') …
 */
export type GetMessagesBySourceTxErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * Every message a source transaction sent, in log order (no proofs: `getMessage` has one's proof); empty when the
 * relayer has seen none yet.
 *
 * @throws {GetMessagesBySourceTxErrorType}
 * @example
 * const messages = await getMessagesBySourceTx(client, { sourceTxHash: receipt.transactionHash })
 * console.log(messages.map((m) => m.id))
 */
export async function getMessagesBySourceTx(
  client: BridgeApiClient,
  parameters: GetMessagesBySourceTxParameters,
): Promise<MessageSummary[]> {
  const { sourceTxHash, signal } = parameters
  return (
    await apiJson<MessagesBySourceTx>(client, `/v1/messages?sourceTx=${encodeURIComponent(sourceTxHash)}`, { signal })
  ).messages
}
