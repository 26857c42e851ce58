import { isTraceparentSampled, messageTraceId } from '@relaymesh/relayer/trace-id'
import type { Hex } from 'viem'

/**
 * A message's trace: its id, whether the relayer recorded it (`sampled`, from the stored traceparent's flags;
 * `undefined` when unknown), and the Jaeger link unless the message was not traced.
 */
export type MessageTraceLink = { traceId: string; sampled: boolean | undefined; jaegerUrl: string | undefined }

/**
 * Where to find a message's trace: its trace id (every relayer derives it
 * from the message id) and, when Jaeger's UI base URL is configured,
 * `<base>/trace/<trace id>`. A message its traceparent says was not sampled
 * gets no link: by default one message in a hundred is traced, and a link to
 * any other would open an empty search.
 *
 * @example
 * messageTraceLink('0x9c22…', 'http://localhost:16686/', '00-…-…-01')
 * // { traceId: '…', sampled: true, jaegerUrl: 'http://localhost:16686/trace/…' }
 */
export function messageTraceLink(
  id: Hex,
  jaegerBase: string | undefined,
  traceparent?: string | null,
): MessageTraceLink {
  const traceId = messageTraceId(id)
  const sampled = isTraceparentSampled(traceparent)
  return {
    traceId,
    sampled,
    jaegerUrl:
      jaegerBase === undefined || sampled === false ? undefined : `${jaegerBase.replace(/\/+$/, '')}/trace/${traceId}`,
  }
}
