import { ROOT_CONTEXT, trace, type Context, type Telemetry } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import { messageTraceparent } from './messageTraceparent.js'

/**
 * The context whose (remote) parent is the message's root span
 * `relaymesh.message`: trace id and span id derived from the message id (see
 * `messageTraceparent`), so every relayer's first span of a message lands in
 * one trace under one root without any relayer talking to another. The root
 * itself is exported once, by the message's trace keeper
 * (`recordMessageRoots`). The sampled flag is the configured sampler's
 * decision for that root, so with the same sampler config every relayer
 * keeps or drops the whole trace alike.
 *
 * @example
 * const span = tracer.startSpan('relaymesh.observe', { attributes }, messageParentContext(ctx.telemetry, id))
 */
export function messageParentContext(telemetry: Pick<Telemetry, 'rootSampled'>, messageId: Hex): Context {
  const traceparent = messageTraceparent(messageId)
  const traceId = traceparent.slice(3, 35)
  const spanId = traceparent.slice(36, 52)
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: telemetry.rootSampled(traceId) ? 1 : 0,
    isRemote: true,
  })
}
