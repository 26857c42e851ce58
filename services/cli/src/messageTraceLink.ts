import { messageTraceId } from '@relaymesh/relayer/trace-id'
import type { Hex } from 'viem'

export type MessageTraceLink = { traceId: string; jaegerUrl: string | undefined }

/**
 * Where to find a message's trace: its trace id (every relayer derives it
 * from the message id) and, when Jaeger's UI base URL is configured,
 * `<base>/trace/<trace id>`.
 *
 * @example
 * messageTraceLink('0x9c22…', 'http://localhost:16686/')
 * // { traceId: '…', jaegerUrl: 'http://localhost:16686/trace/…' }
 */
export function messageTraceLink(id: Hex, jaegerBase: string | undefined): MessageTraceLink {
  const traceId = messageTraceId(id)
  return {
    traceId,
    jaegerUrl: jaegerBase === undefined ? undefined : `${jaegerBase.replace(/\/+$/, '')}/trace/${traceId}`,
  }
}
