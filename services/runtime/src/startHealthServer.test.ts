import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startHealthServer } from './startHealthServer.js'

test('worker health port: /healthz, /readyz (200 and 503), /metrics, 404, and a clean stop', async () => {
  let ready = true
  const stop = new AbortController()
  const { url, done } = await startHealthServer({
    host: '127.0.0.1',
    port: 0,
    service: 'verifier',
    signal: stop.signal,
    readiness: async () => ({ postgres: ready, nats: true }),
  })
  assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { status: 'ok', service: 'verifier' })
  assert.equal((await fetch(`${url}/readyz`)).status, 200)
  ready = false
  const notReady = await fetch(`${url}/readyz`)
  assert.equal(notReady.status, 503)
  assert.deepEqual(await notReady.json(), { ready: false, checks: { postgres: false, nats: true } })
  const metrics = await (await fetch(`${url}/metrics`)).text()
  assert.match(metrics, /^process_resident_memory_bytes\{service="verifier"\} \d+$/m)
  assert.equal((await fetch(`${url}/nope`)).status, 404)
  stop.abort()
  await done
})
