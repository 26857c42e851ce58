import type { DeliveryInfo, JsMsg, PullOptions } from '@nats-io/jetstream'
import { millis, nanos, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node'

const encoder = new TextEncoder()
const ACK = encoder.encode('+ACK')
const NAK = encoder.encode('-NAK')
const WPI = encoder.encode('+WPI')
const TERM = encoder.encode('+TERM')

/**
 * Parses a delivery's ack subject:
 * `$JS.ACK.<domain>.<account>.<stream>.<consumer>.<deliveries>.<streamSeq>.<deliverySeq>.<nanos>.<pending>[.<token>]`,
 * or the older form without domain and account.
 */
export function parseDeliveryInfo(reply: string): DeliveryInfo {
  const tokens = ackTokens(reply)
  const [, , domain, accountHash, stream, consumer, deliveries, streamSeq, deliverySeq, ts, pending] = tokens
  return {
    domain: domain === '_' ? '' : (domain ?? ''),
    account_hash: accountHash ?? '',
    stream: stream ?? '',
    consumer: consumer ?? '',
    deliveryCount: Number(deliveries),
    redelivered: Number(deliveries) > 1,
    streamSequence: Number(streamSeq),
    deliverySequence: Number(deliverySeq),
    timestampNanos: Number(ts),
    pending: Number(pending),
  }
}

function ackTokens(reply: string): string[] {
  const tokens = reply.split('.')
  if (tokens.length === 9) tokens.splice(2, 0, '_', '')
  if (tokens.length < 11 || tokens[0] !== '$JS' || tokens[1] !== 'ACK')
    throw new Error(`not a JetStream delivery (reply ${JSON.stringify(reply)})`)
  return tokens
}

/**
 * A JetStream delivery over a core message, settled with public core calls only (`respond`, and `request` for a
 * confirmed ack): the pull loop reads its own inbox, and nats.js keeps its `JsMsg` constructor internal. Every
 * settlement but `working()` is final, as in nats.js: later ones are not sent. Its delivery info is parsed when first
 * read.
 *
 * @example
 * nc.subscribe(inbox, { callback: (_, m) => deliveries.push(toJsMsg(nc, m, 5_000)) })
 */
export function toJsMsg(nc: Pick<NatsConnection, 'request'>, msg: Msg, ackTimeoutMs: number): JsMsg {
  return new PulledMessage(nc, msg, ackTimeoutMs)
}

/** One object per delivery, methods on the prototype: a pull loop makes one per message. */
class PulledMessage implements JsMsg {
  private parsed: DeliveryInfo | undefined
  private settled = false
  constructor(
    private readonly nc: Pick<NatsConnection, 'request'>,
    private readonly msg: Msg,
    private readonly ackTimeoutMs: number,
  ) {}
  get info(): DeliveryInfo {
    this.parsed ??= parseDeliveryInfo(this.msg.reply ?? '')
    return this.parsed
  }
  get redelivered(): boolean {
    return this.info.deliveryCount > 1
  }
  get seq(): number {
    return this.info.streamSequence
  }
  get headers(): MsgHdrs | undefined {
    return this.msg.headers
  }
  get data(): Uint8Array {
    return this.msg.data
  }
  get subject(): string {
    return this.msg.subject
  }
  get sid(): number {
    return this.msg.sid
  }
  get time(): Date {
    return new Date(millis(this.info.timestampNanos))
  }
  get timestamp(): string {
    return this.time.toISOString()
  }
  get timestampNanos(): bigint {
    return BigInt(ackTokens(this.msg.reply ?? '')[9] ?? 0)
  }
  ack(): void {
    this.settle(ACK)
  }
  nak(ms?: number): void {
    this.settle(ms ? encoder.encode(`-NAK ${JSON.stringify({ delay: nanos(ms) })}`) : NAK)
  }
  working(): void {
    this.settle(WPI, false)
  }
  term(reason?: string): void {
    this.settle(reason ? encoder.encode(`+TERM ${reason}`) : TERM)
  }
  next(subject: string, opts: Partial<PullOptions> = { batch: 1 }): void {
    const expires = opts.expires && opts.expires > 0 ? { expires: nanos(opts.expires) } : {}
    const request = { batch: opts.batch || 1, no_wait: opts.no_wait || false, ...expires }
    this.msg.respond(encoder.encode(`+NXT ${JSON.stringify(request)}`), { reply: subject })
  }
  async ackAck(opts?: Partial<{ timeout: number }>): Promise<boolean> {
    if (this.settled || !this.msg.reply) return false
    this.settled = true
    await this.nc.request(this.msg.reply, ACK, { timeout: opts?.timeout ?? this.ackTimeoutMs })
    return true
  }
  json<J>(): J {
    return this.msg.json<J>()
  }
  string(): string {
    return this.msg.string()
  }
  private settle(payload: Uint8Array, final = true): void {
    if (this.settled) return
    this.settled = final
    this.msg.respond(payload)
  }
}
