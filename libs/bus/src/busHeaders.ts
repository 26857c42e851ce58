/**
 * Header names relaymesh sets on bus messages. `traceparent`/`tracestate` are
 * set by `@relaymesh/telemetry`'s `headersFromContext` and are not listed here.
 */
export const busHeaders = {
  /** Codec content type of the payload (see `BusCodec`). */
  codec: 'Rm-Codec',
  /** Dead letters: the error code that sent the message there. */
  deadLetterReason: 'Rm-Dlq-Reason',
  /** Dead letters: `reject` (bad input) or `retry` (retries exhausted). */
  deadLetterAction: 'Rm-Dlq-Action',
  deadLetterMessage: 'Rm-Dlq-Message',
  deadLetterSubject: 'Rm-Dlq-Subject',
  deadLetterStream: 'Rm-Dlq-Stream',
  deadLetterSequence: 'Rm-Dlq-Sequence',
  deadLetterDeliveries: 'Rm-Dlq-Deliveries',
  deadLetterMsgId: 'Rm-Dlq-Msg-Id',
} as const
