import type { JsMsg } from '@nats-io/jetstream'
import { createInbox, nanos, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node'
import { toJsMsg } from './toJsMsg.js'

export type OpenPullInboxParameters = {
  stream: string
  consumer: string
  /** JetStream API prefix, `$JS.API` unless the client was set up with another. */
  apiPrefix: string
  /** Pull request lifetime at the server, in ms. */
  expiresMs: number
  /** Timeout of a confirmed ack. */
  ackTimeoutMs: number
  clock: { now(): number }
}

/** Why a pull ended without its deliveries: `error` is told to the caller as a failed pull, the others are not. */
export type PullEnd = { kind: 'expired' | 'unanswered' } | { kind: 'error'; error: Error }

/**
 * One subscription that outlives its pulls, and the pull requests sent to it. Each request has a reply subject of its
 * own under the subscription, so a status that arrives late for an earlier request never ends the current one.
 */
export type PullInbox = {
  /** Deliveries received and not taken yet, in arrival order. */
  readonly arrived: number
  /** Deliveries the pull in flight may still bring; 0 when none is in flight. */
  readonly outstanding: number
  /** Sends a pull request for `size` deliveries; one at a time. Throws when the connection refuses the publish. */
  pull(size: number): void
  take(max: number): JsMsg[]
  /** Settles when something arrived, a pull ended, or its deadline passed (ends an unanswered pull), or `signal`. */
  changed(signal: AbortSignal | undefined): Promise<void>
  /** The end of the latest pull that ended without all its deliveries, once; undefined when none. */
  takeEnd(): PullEnd | undefined
  /** Tells the server the deliveries held here are still being worked on (`+WPI`): their ack wait starts again. */
  touch(): number
  close(): void
}

type InFlight = { token: string; size: number; received: number; answered: boolean; deadline: number }

/**
 * Opens the inbox of a pull loop over a durable consumer. A pull the server never answers (a lost connection, or one
 * too busy to read) ends at twice its lifetime; what it still brings later is kept, so nothing sent is dropped.
 *
 * @example
 * const inbox = openPullInbox(bus.nc, { stream, consumer, apiPrefix: '$JS.API', expiresMs: 2_000, ... })
 * inbox.pull(64); await inbox.changed(signal); handle(inbox.take(64))
 */
export function openPullInbox(nc: NatsConnection, p: OpenPullInboxParameters): PullInbox {
  const s: InboxState = { prefix: createInbox(), arrived: [], current: undefined, ended: undefined, wake: undefined }
  let serial = 0
  const sub: Subscription = nc.subscribe(`${s.prefix}.*`, {
    callback: (err, msg) => (err ? end(s, { kind: 'error', error: err }) : receive(s, msg, nc, p.ackTimeoutMs)),
  })
  // Closed with its connection (or drained): no pull in flight can answer any more.
  void sub.closed.then(() => end(s, undefined))
  const subject = `${p.apiPrefix}.CONSUMER.MSG.NEXT.${p.stream}.${p.consumer}`
  return {
    get arrived() {
      return s.arrived.length
    },
    get outstanding() {
      return s.current ? s.current.size - s.current.received : 0
    },
    pull(size) {
      if (s.current) throw new Error('a pull is in flight already')
      const token = String(++serial)
      const request = { batch: size, expires: nanos(p.expiresMs) }
      nc.publish(subject, JSON.stringify(request), { reply: `${s.prefix}.${token}` })
      s.current = { token, size, received: 0, answered: false, deadline: p.clock.now() + 2 * p.expiresMs }
    },
    take: (max) => s.arrived.splice(0, max),
    changed: (signal) => waitForChange(signal, s.current, p.clock, (resolve) => (s.wake = resolve)),
    takeEnd() {
      if (s.current && p.clock.now() > s.current.deadline) end(s, s.current.answered ? { kind: 'expired' } : unanswered)
      const why = s.ended
      s.ended = undefined
      return why
    },
    touch() {
      for (const m of s.arrived) m.working()
      return s.arrived.length
    },
    close: () => sub.unsubscribe(),
  }
}

type InboxState = {
  prefix: string
  arrived: JsMsg[]
  current: InFlight | undefined
  ended: PullEnd | undefined
  wake: (() => void) | undefined
}

function notify(s: InboxState): void {
  s.wake?.()
  s.wake = undefined
}

function end(s: InboxState, why: PullEnd | undefined): void {
  s.current = undefined
  if (why) s.ended = why
  notify(s)
}

/** A delivery is kept, whichever pull brought it; a status ends the request it answers if that is the current one. */
function receive(s: InboxState, msg: Msg, nc: NatsConnection, ackTimeoutMs: number): void {
  if (msg.subject.startsWith(`${s.prefix}.`)) {
    // 100 is a heartbeat; any other status ends its request.
    const code = msg.headers?.code ?? 0
    if (code !== 100 && msg.subject === `${s.prefix}.${s.current?.token}`)
      end(s, statusEnd(code, msg.headers?.description))
    return
  }
  s.arrived.push(toJsMsg(nc, msg, ackTimeoutMs))
  if (s.current) {
    s.current.answered = true
    s.current.received += 1
    if (s.current.received >= s.current.size) s.current = undefined
  }
  notify(s)
}

const unanswered: PullEnd = { kind: 'unanswered' }

/**
 * 404/408: nothing more for now, or the request expired; 409 for a leadership change or too many waiting requests: cut
 * short, pull again. Anything else (a deleted consumer, a refused request, no JetStream: 503) is a failed pull.
 */
function statusEnd(code: number, description = ''): PullEnd {
  if (code === 404 || code === 408) return { kind: 'expired' }
  if (code === 409 && /leadership change|exceeded maxwaiting/i.test(description)) return { kind: 'expired' }
  return { kind: 'error', error: new Error(`pull ended by the server: ${code} ${description}`.trim()) }
}

/** One timer per wait, at the deadline of the pull in flight: the loop pays per pull, never per delivery. */
function waitForChange(
  signal: AbortSignal | undefined,
  current: InFlight | undefined,
  clock: { now(): number },
  arm: (resolve: () => void) => void,
): Promise<void> {
  if (signal?.aborted && !current) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const timer = current ? setTimeout(done, Math.max(0, current.deadline - clock.now()) + 1) : undefined
    signal?.addEventListener('abort', done, { once: true })
    arm(done)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      // Reads what the socket holds before the caller checks the deadline: a busy process sees the answer first.
      setImmediate(resolve)
    }
  })
}
