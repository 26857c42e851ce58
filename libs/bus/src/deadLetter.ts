import type { JsMsg } from '@nats-io/jetstream'
import { headers as createHeaders } from '@nats-io/transport-node'
import type { ErrorAction } from '@relaymesh/errors'
import type { Bus } from './connectBus.js'
import { busHeaders } from './busHeaders.js'
import { publishBytes } from './publish.js'

/** What `consume` hands to `onDeadLetter` after copying a message to the dead-letter subject. */
export type DeadLetter = {
  /** Reason code: the error's `code` (`UNCLASSIFIED_ERROR` for non-relaymesh errors). */
  reasonCode: string
  reasonMessage: string
  /** `reject`: bad input; `retry`: still failing after `maxDeliver` deliveries. */
  action: Extract<ErrorAction, 'reject' | 'retry'>
  originalSubject: string
  stream: string
  /** Stream sequence of the original message: with `stream`, a unique key for idempotent storage. */
  streamSequence: number
  deliveryCount: number
  msgId: string | undefined
  deadLetterSubject: string
  deadLetterSequence: number
  /** Original payload bytes (not decoded: decoding may be what failed). */
  data: Uint8Array
}

/**
 * Copies `msg` with its headers to `subject`, adding the reason and origin
 * headers. The copy's msg-id is derived from the original stream sequence, so
 * a retried dead-lettering is deduplicated.
 */
export async function publishDeadLetter(
  bus: Pick<Bus, 'js' | 'maxPayload'>,
  msg: JsMsg,
  {
    subject,
    reasonCode,
    reasonMessage,
    action,
  }: { subject: string; reasonCode: string; reasonMessage: string; action: DeadLetter['action'] },
): Promise<DeadLetter> {
  const hdrs = createHeaders()
  for (const [key, values] of msg.headers ?? []) {
    if (key.toLowerCase().startsWith('nats-')) continue
    for (const value of values) hdrs.append(key, value)
  }
  const msgId = msg.headers?.get('Nats-Msg-Id') || undefined
  const { stream, streamSequence, deliveryCount } = msg.info
  hdrs.set(busHeaders.deadLetterReason, reasonCode)
  hdrs.set(busHeaders.deadLetterAction, action)
  hdrs.set(busHeaders.deadLetterMessage, reasonMessage.replace(/[\r\n]+/g, ' ').slice(0, 512))
  hdrs.set(busHeaders.deadLetterSubject, msg.subject)
  hdrs.set(busHeaders.deadLetterStream, stream)
  hdrs.set(busHeaders.deadLetterSequence, String(streamSequence))
  hdrs.set(busHeaders.deadLetterDeliveries, String(deliveryCount))
  if (msgId !== undefined) hdrs.set(busHeaders.deadLetterMsgId, msgId)
  const ack = await publishBytes(bus, subject, msg.data, {
    hdrs,
    msgId: `dlq:${stream}:${streamSequence}`,
    timeoutMs: 10_000,
  })
  return {
    reasonCode,
    reasonMessage,
    action,
    originalSubject: msg.subject,
    stream,
    streamSequence,
    deliveryCount,
    msgId,
    deadLetterSubject: subject,
    deadLetterSequence: ack.seq,
    data: msg.data,
  }
}
