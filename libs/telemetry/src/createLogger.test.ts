import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { createLogger } from './createLogger.js'
import { createTelemetry } from './createTelemetry.js'

function capture() {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()))
      done()
    },
  })
  return { lines, stream }
}

describe('createLogger', () => {
  const telemetry = createTelemetry({
    serviceName: 'test',
    relayerId: 'r1',
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  })
  after(async () => {
    await telemetry.forceFlush()
    await telemetry.shutdown()
  })

  it('puts the active span traceId/spanId on every line, and none outside a span', async () => {
    const { lines, stream } = capture()
    const logger = createLogger({ name: 'verifier', base: { relayerId: 'r1' }, destination: stream })
    const log = logger.child({ module: 'light-client' })
    const ids = telemetry.tracer.startActiveSpan('verify', (span) => {
      log.info({ slot: 7 }, 'update verified')
      span.end()
      return span.spanContext()
    })
    log.info('idle')
    assert.equal(lines.length, 2)
    assert.deepEqual(
      [
        lines[0]?.traceId,
        lines[0]?.spanId,
        lines[0]?.module,
        lines[0]?.relayerId,
        lines[0]?.name,
        lines[0]?.level,
        lines[0]?.msg,
      ],
      [ids.traceId, ids.spanId, 'light-client', 'r1', 'verifier', 'info', 'update verified'],
    )
    assert.equal(lines[1]?.traceId, undefined)
  })

  it('redacts secret-named keys at any depth, in log objects, bindings and base', () => {
    const { lines, stream } = capture()
    const logger = createLogger({ name: 'settler', base: { password: 'p' }, destination: stream })
    logger.child({ module: 'wallet', privateKey: '0xdeadbeef' }).warn(
      {
        chain: 'bsc',
        signer: { privateKey: '0x11', private_key: '0x12', publicKey: '0xpub', mnemonic: 'abandon abandon' },
        headers: { Authorization: 'Bearer t', accept: 'json' },
        list: [{ secret: 's', apiKey: 'k', key: 'raw' }],
      },
      'signing',
    )
    const line = JSON.stringify(lines[0])
    for (const secret of ['0xdeadbeef', '0x11', '0x12', 'abandon', 'Bearer t', '"s"', '"k"', '"raw"', '"p"'])
      assert.ok(!line.includes(secret), `${secret} leaked: ${line}`)
    // reason: shape logged above
    const l = lines[0] as {
      signer: Record<string, string>
      headers: Record<string, string>
      chain: string
      module: string
    }
    assert.equal(l.signer.publicKey, '0xpub')
    assert.equal(l.signer.privateKey, '[redacted]')
    assert.equal(l.headers.accept, 'json')
    assert.equal(l.chain, 'bsc')
    assert.equal(l.module, 'wallet')
  })

  it('redacts URLs (userinfo, path, query) on the whole line, in messages, fields and serialised errors with their causes', () => {
    const { lines, stream } = capture()
    const logger = createLogger({ name: 'watcher', destination: stream })
    // The shape of viem's HttpRequestError: the URL in a field, in the message and in the details.
    const rpcError = Object.assign(
      new Error('HTTP request failed.\n\nURL: https://eth.example/v2/CANARY\nRequest body: {}'),
      { url: 'https://eth.example/v2/CANARY?key=CANARY' },
    )
    const error = new Error('watch failed', { cause: rpcError })
    logger
      .child({ natsUrl: 'nats://relayer:CANARY@nats:4222' })
      .error({ err: error, rpc: ['wss://ws.example/CANARY'] }, 'block poll failed at https://eth.example/v2/CANARY')
    const line = JSON.stringify(lines[0])
    assert.ok(!line.includes('CANARY'), line)
    assert.ok(line.includes('https://eth.example/[redacted]') && line.includes('nats://[redacted]@nats:4222'), line)
  })

  it("drops a pg error's connection object and redacts secret-named fields of errors", () => {
    const { lines, stream } = capture()
    const logger = createLogger({ name: 'settler', destination: stream })
    // The shape of what pg's pool emits for a lost idle connection: the error carries the whole client.
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), {
      client: { connectionParameters: { user: 'postgres', host: 'db' }, secretKey: 4242, processID: 7 },
      config: { apiKey: 'CANARY' },
    })
    logger.warn({ err: lost }, 'idle Postgres connection lost')
    const err = lines[0]?.err as Record<string, unknown>
    assert.equal(err.message, 'Connection terminated unexpectedly')
    assert.equal(err.client, undefined)
    assert.deepEqual(err.config, { apiKey: '[redacted]' })
    assert.ok(!JSON.stringify(lines[0]).includes('4242') && !JSON.stringify(lines[0]).includes('CANARY'))
  })
})
