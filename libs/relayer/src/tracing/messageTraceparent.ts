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
