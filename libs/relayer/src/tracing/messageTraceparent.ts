import { hexToBytes, keccak256, bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'

/**
 * The W3C traceparent every relayer derives from a message id: trace id =
 * the first 16 bytes of keccak256("relaymesh.trace" ++ id), parent span id =
 * the next 8. Independent relayers (and the SDK that sent the message) thus
 * put their spans for one message into ONE trace without talking to each
 * other; each hop's span is a child of this deterministic root.
 */
export function messageTraceparent(messageId: Hex): string {
  const tag = new TextEncoder().encode('relaymesh.trace')
  const input = new Uint8Array(tag.length + 32)
  input.set(tag)
  input.set(hexToBytes(messageId), tag.length)
  const digest = bytesToHex(keccak256(input)).slice(2)
  return `00-${digest.slice(0, 32)}-${digest.slice(32, 48)}-01`
}

/** The trace id part of {@link messageTraceparent}: what an operator pastes into Jaeger. */
export function messageTraceId(messageId: Hex): string {
  return messageTraceparent(messageId).slice(3, 35)
}

/**
 * Whether a stored traceparent says its message was traced (W3C trace-flags bit 0, `sampled`): with a ratio sampler
 * most messages are not, and a Jaeger link to one of those leads nowhere. `undefined` when there is no traceparent or
 * it is not a W3C traceparent: nothing is known either way.
 *
 * @example
 * isTraceparentSampled('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00') // false
 */
export function isTraceparentSampled(traceparent: string | null | undefined): boolean | undefined {
  const flags = traceparent ? /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-([0-9a-f]{2})$/.exec(traceparent)?.[1] : undefined
  return flags === undefined ? undefined : (Number.parseInt(flags, 16) & 1) === 1
}
