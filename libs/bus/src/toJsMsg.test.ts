import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Msg } from '@nats-io/transport-node'
import { parseDeliveryInfo, toJsMsg } from './toJsMsg.js'

const reply = '$JS.ACK.hub.ACCHASH.BUNDLES.verifier.3.41.97.1765152000000000000.12.tok'

/** A core message that records what it was answered with. */
function delivery(replyTo = reply): { msg: Msg; sent: string[] } {
  const sent: string[] = []
  const msg = {
    subject: 'relaymesh.bundles.ethereum',
    sid: 7,
    reply: replyTo,
    data: new Uint8Array([1]),
    headers: undefined,
    respond: (payload: Uint8Array) => sent.push(new TextDecoder().decode(payload)) > 0,
  }
  // reason: toJsMsg reads only these members of a core message
  return { msg: msg as unknown as Msg, sent }
}

const noRequests = { request: () => assert.fail('no confirmed ack expected') }

describe('parseDeliveryInfo', () => {
  it('reads the current ack subject (domain, account, trailing token)', () => {
    assert.deepEqual(parseDeliveryInfo(reply), {
      domain: 'hub',
      account_hash: 'ACCHASH',
      stream: 'BUNDLES',
      consumer: 'verifier',
      deliveryCount: 3,
      redelivered: true,
      streamSequence: 41,
      deliverySequence: 97,
      timestampNanos: 1765152000000000000,
      pending: 12,
    })
  })

  it('reads the older form without domain and account', () => {
    const info = parseDeliveryInfo('$JS.ACK.BUNDLES.verifier.1.5.6.1765152000000000000.0')
    assert.deepEqual(
      [info.domain, info.stream, info.deliveryCount, info.redelivered, info.streamSequence],
      ['', 'BUNDLES', 1, false, 5],
    )
  })

  it('refuses a reply that is not a JetStream ack subject', () => {
    assert.throws(() => parseDeliveryInfo('_INBOX.abc.1'), /not a JetStream delivery/)
  })
})

describe('toJsMsg', () => {
  it('sends the first final settlement only; +WPI is not final', () => {
    const { msg, sent } = delivery()
    const m = toJsMsg(noRequests, msg, 5_000)
    m.working()
    m.nak(1_500)
    m.ack()
    m.term()
    m.working()
    assert.deepEqual(sent, ['+WPI', '-NAK {"delay":1500000000}'])
  })

  it('confirms an ack with a request to the ack subject, once', async () => {
    const { msg } = delivery()
    const requests: [string, string, number | undefined][] = []
    const nc = {
      request: async (subject: string, payload: Uint8Array, opts: { timeout?: number }) => {
        requests.push([subject, new TextDecoder().decode(payload), opts.timeout])
        return msg
      },
    }
    // reason: the fake answers the one call toJsMsg makes
    const m = toJsMsg(nc as unknown as Parameters<typeof toJsMsg>[0], msg, 4_000)
    assert.equal(await m.ackAck(), true)
    assert.equal(await m.ackAck(), false)
    assert.deepEqual(requests, [[reply, '+ACK', 4_000]])
  })

  it('exposes the delivery as nats.js does', () => {
    const m = toJsMsg(noRequests, delivery().msg, 5_000)
    assert.deepEqual(
      [m.seq, m.redelivered, m.subject, m.sid, m.timestampNanos],
      [41, true, 'relaymesh.bundles.ethereum', 7, 1765152000000000000n],
    )
    assert.equal(m.timestamp, '2025-12-08T00:00:00.000Z')
  })
})
