import type { Hex } from 'viem'
import type { MessagePage, MessageState } from '../ApiTypes.js'
import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import type { ApiCallOptions } from '../internal/apiRequest.js'
import { recipientBytes32 } from '../internal/chains.js'
import { listMessages } from './listMessages.js'

/**
 * Parameters of `getMessagesBySender`: a sender and optional filters, one page at a time.
 *
 * @example
 * const parameters: GetMessagesBySenderParameters = {
 *   sender: account.address,
 *   route: { origin: 1, destination: 56 },
 *   state: 'failed',
 * }
 */
export type GetMessagesBySenderParameters = ApiCallOptions & {
  /** A 20-byte EVM address or a 32-byte sender (Solana key); sent as the protocol's bytes32. */
  sender: Hex
  route?: { origin: number; destination: number } | undefined
  state?: MessageState | undefined
  /** Observed at or after. */
  from?: Date | undefined
  /** Observed before. */
  to?: Date | undefined
  /** Page size, 1..500 (the API's default is 50). */
  limit?: number | undefined
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined
}

/**
 * One page of messages and the cursor of the next (null on the last page).
 *
 * @example
 * const { messages, nextCursor }: GetMessagesBySenderReturnType = await getMessagesBySender(client, { sender })
 */
export type GetMessagesBySenderReturnType = MessagePage

/**
 * Errors of `getMessagesBySender`.
 *
 * @example
 * if ((error as GetMessagesBySenderErrorType).code === 'API_ERROR') …
 */
export type GetMessagesBySenderErrorType = BridgeSdkError<
  'INVALID_ADDRESS' | 'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'
>

/**
 * A sender's messages, newest first, filtered by route, state and time, one page per call.
 * Reads `GET /v1/messages?sender=…` (route as `<origin>-<destination>`, times ISO-8601).
 *
 * @throws {GetMessagesBySenderErrorType}
 * @example
 * let cursor: string | undefined
 * do {
 *   const page = await getMessagesBySender(client, { sender: account.address, state: 'failed', cursor })
 *   for (const m of page.messages) console.log(m.id, m.reasonCode)
 *   cursor = page.nextCursor ?? undefined
 * } while (cursor)
 */
export async function getMessagesBySender(
  client: BridgeApiClient,
  parameters: GetMessagesBySenderParameters,
): Promise<GetMessagesBySenderReturnType> {
  return listMessages(client, { ...parameters, sender: recipientBytes32(parameters.sender, 'sender') })
}
