import { injectTraceContext, trace, type Context, type Telemetry } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import { messageParentContext } from './messageParentContext.js'

export type RecordObserveSpanParameters = {
  messageId: Hex
  origin: number
  /** The source block (EVM) or slot (Solana) the message was seen in. */
  blockNumber: string
  relayerId: string
}

/**
 * Records this relayer's `relaymesh.observe` span of a message, a child of the
 * message's deterministic root `relaymesh.message`, and returns the
 * traceparent the later hops (verify, batch, settle, execute, on any process
 * of any relayer) parent their spans on: the root's, not this span's. Every
 * span of a message thus names the root as parent, so a process killed before
 * its exporter flushed loses only its own spans and orphans no other; the
 * root, exported by the trace keeper, is the one span a tree needs. A message
 * whose trace is not sampled gets no span, only its traceparent.
 *
 * @example
 * const traceparent = recordObserveSpan(ctx.telemetry, { messageId, origin, blockNumber: '12', relayerId: 'r1' })
 */
export function recordObserveSpan(
  telemetry: Pick<Telemetry, 'tracer' | 'rootSampled' | 'recordsTrace'>,
  p: RecordObserveSpanParameters,
): string | undefined {
  const root = messageParentContext(telemetry, p.messageId)
  if (telemetry.recordsTrace(trace.getSpanContext(root)?.traceId ?? '')) recordSpan(telemetry, root, p)
  return injectTraceContext(root)
}

function recordSpan(telemetry: Pick<Telemetry, 'tracer'>, root: Context, p: RecordObserveSpanParameters): void {
  telemetry.tracer
    .startSpan(
      'relaymesh.observe',
      {
        attributes: {
          'relaymesh.message.id': p.messageId,
          'relaymesh.origin': p.origin,
          'relaymesh.block.number': p.blockNumber,
          'relaymesh.relayer': p.relayerId,
        },
      },
      root,
    )
    .end()
}
