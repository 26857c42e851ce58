import type { JsMsg } from '@nats-io/jetstream'
import type { ErrorAction } from '@relaymesh/errors'
import { classifyError } from './classifyError.js'
import type { Bus } from './connectBus.js'
import { publishDeadLetter, type DeadLetter } from './deadLetter.js'
import { retryDelayMs, type RetryBackoff } from './retryDelay.js'

/** Minimal structured logger; a pino logger fits. */
export type BusLogger = {
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export type SettleContext = {
  bus: Pick<Bus, 'js' | 'maxPayload'>
  maxDeliver: number
  backoff: RetryBackoff
  unknownErrorAction: ErrorAction
  deadLetterSubject: string
  onDeadLetter: ((entry: DeadLetter) => Promise<void>) | undefined
  logger: BusLogger | undefined
}

export type Settlement =
  { outcome: 'acked' | 'retried' | 'dead-lettered' | 'unconfirmed' } | { outcome: 'fatal'; error: unknown }

/**
 * Acks, naks or dead-letters (then terms) one delivery according to the
 * error its handling produced (`undefined` = success).
 */
export async function settleDelivery(ctx: SettleContext, raw: JsMsg, error: unknown): Promise<Settlement> {
  if (error === undefined) return ackConfirmed(ctx, raw)
  const { action, code, message } = classifyError(error, ctx.unknownErrorAction)
  const delay = retryDelayMs(raw.info.deliveryCount, ctx.backoff)
  if (action === 'fatal') {
    raw.nak(delay)
    return { outcome: 'fatal', error }
  }
  if (action === 'retry' && raw.info.deliveryCount < ctx.maxDeliver) {
    raw.nak(delay)
    return { outcome: 'retried' }
  }
  return deadLetterOrRetry(ctx, raw, { reasonCode: code, reasonMessage: message, action }, delay)
}

async function ackConfirmed(ctx: SettleContext, raw: JsMsg): Promise<Settlement> {
  try {
    // Confirmed ack: after a clean stop nothing handled is delivered again.
    if (await raw.ackAck()) return { outcome: 'acked' }
  } catch (cause) {
    ctx.logger?.warn(
      { err: cause, subject: raw.subject, seq: raw.info.streamSequence },
      'ack not confirmed; message may be redelivered',
    )
  }
  return { outcome: 'unconfirmed' }
}

async function deadLetterOrRetry(
  ctx: SettleContext,
  raw: JsMsg,
  reason: { reasonCode: string; reasonMessage: string; action: 'reject' | 'retry' },
  delay: number,
): Promise<Settlement> {
  try {
    const entry = await publishDeadLetter(ctx.bus, raw, { subject: ctx.deadLetterSubject, ...reason })
    await ctx.onDeadLetter?.(entry)
  } catch (cause) {
    const { action } = classifyError(cause, 'retry')
    if (action === 'fatal') {
      raw.nak(delay)
      return { outcome: 'fatal', error: cause }
    }
    // Not terminated: the next delivery tries the dead-letter path again (its publish is deduplicated).
    ctx.logger?.error(
      { err: cause, subject: raw.subject, seq: raw.info.streamSequence, reason: reason.reasonCode },
      'dead-lettering failed; will retry',
    )
    raw.nak(delay)
    return { outcome: 'retried' }
  }
  // No `term(reason)`: servers before 2.10.4 ignore a `+TERM` that carries a
  // reason (the message stays pending). The reason lives in the dead letter.
  raw.term()
  return { outcome: 'dead-lettered' }
}
