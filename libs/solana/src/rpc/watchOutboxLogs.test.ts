import assert from 'node:assert/strict'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { WebSocketServer, type WebSocket } from 'ws'
import { watchOutboxLogs } from './watchOutboxLogs.js'

const FEE_ACCOUNT = '4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T'

/** A local PubSub endpoint that hands each connection, and its first request, to the test. */
function pubSub() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  const connections: { socket: WebSocket; request: Promise<unknown> }[] = []
  const waiting: ((c: (typeof connections)[number]) => void)[] = []
  server.on('connection', (socket) => {
    const request = once(socket, 'message').then(([data]) => JSON.parse(String(data)) as unknown) // reason: JSON text
    const connection = { socket, request }
    connections.push(connection)
    waiting.shift()?.(connection)
  })
  let taken = 0
  return {
    server,
    ready: once(server, 'listening'),
    url: () => `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, // reason: a TCP server
    /** The next connection the watcher opens. */
    next: () =>
      new Promise<(typeof connections)[number]>((resolve) => {
        const connection = connections[taken]
        taken++
        if (connection) resolve(connection)
        else waiting.push(resolve)
      }),
  }
}

const notification = (signature: string, slot: number) =>
  JSON.stringify({
    jsonrpc: '2.0',
    method: 'logsNotification',
    params: { subscription: 7, result: { context: { slot }, value: { signature, err: null, logs: [] } } },
  })

describe('watchOutboxLogs', { timeout: 60_000 }, () => {
  const endpoint = pubSub()
  before(() => endpoint.ready)
  after(() => new Promise((resolve) => endpoint.server.close(resolve)))

  it('subscribes to the fee account and reports each notification, reopening a closed socket', async () => {
    const stop = new AbortController()
    const seen: [string, number][] = []
    let notified: () => void = () => undefined
    const onLogs = (signature: string, slot: number) => {
      seen.push([signature, slot])
      notified()
    }
    const nextNotification = () => new Promise<void>((resolve) => (notified = resolve))
    const closes: number[] = []
    watchOutboxLogs({
      wsUrl: endpoint.url(),
      feeAccount: FEE_ACCOUNT,
      onLogs,
      onClose: (reconnectInMs) => closes.push(reconnectInMs),
      reconnectDelayMs: 10,
      signal: stop.signal,
    })

    const first = await endpoint.next()
    assert.deepEqual(await first.request, {
      jsonrpc: '2.0',
      id: 1,
      method: 'logsSubscribe',
      params: [{ mentions: [FEE_ACCOUNT] }, { commitment: 'finalized' }],
    })
    const delivered = nextNotification()
    // The subscribe answer and a malformed message are not notifications.
    first.socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, result: 7 }))
    first.socket.send('not json')
    first.socket.send(notification('sig-a', 41))
    await delivered
    assert.deepEqual(seen, [['sig-a', 41]])

    first.socket.close()
    const second = await endpoint.next()
    assert.deepEqual(closes, [10], 'the close is reported with the wait before reopening')
    // reason: asserted JSON-RPC request
    assert.equal(((await second.request) as { method: string }).method, 'logsSubscribe')
    const again = nextNotification()
    second.socket.send(notification('sig-b', 42))
    await again
    assert.deepEqual(seen, [
      ['sig-a', 41],
      ['sig-b', 42],
    ])

    const closed = once(second.socket, 'close')
    stop.abort()
    await closed
  })
})
