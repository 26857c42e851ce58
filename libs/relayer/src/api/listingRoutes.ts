import { listBatches, listMessages } from '@relaymesh/store'
import type { BatchList, MessagePage } from '@relaymesh/sdk'
import type { RouteContext, RouteResult } from './RouteContext.js'
import {
  encodeBatchCursor,
  encodeMessageCursor,
  parseBatchListQuery,
  parseMessageListQuery,
} from './parseListParams.js'
import { toBatchSummary, toMessageSummary } from './toApiJson.js'

/** `GET /v1/messages?sender=&route=&state=&from=&to=&limit=&cursor=`: one keyset page, newest first. */
export async function messageList(context: RouteContext, query: URLSearchParams): Promise<RouteResult> {
  const page = await listMessages(context.db, parseMessageListQuery(query))
  const body: MessagePage = {
    messages: page.messages.map(toMessageSummary),
    nextCursor: page.next ? encodeMessageCursor(page.next) : null,
  }
  return { status: 200, json: body }
}

/** `GET /v1/batches?destination=&state=&limit=&cursor=`: one keyset page, newest first per destination. */
export async function batchList(
  context: RouteContext,
  _params: readonly string[],
  query: URLSearchParams,
): Promise<RouteResult> {
  const page = await listBatches(context.db, parseBatchListQuery(query))
  const body: BatchList = {
    batches: page.batches.map(toBatchSummary),
    nextCursor: page.next ? encodeBatchCursor(page.next) : null,
  }
  return { status: 200, json: body }
}
