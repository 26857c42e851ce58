import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { redactUrls } from './redactUrls.js'

describe('redactUrls', () => {
  it('drops path, query and fragment; keeps scheme, host and port', () => {
    assert.equal(
      redactUrls('URL: https://eth-mainnet.g.alchemy.com/v2/SECRET'),
      'URL: https://eth-mainnet.g.alchemy.com/[redacted]',
    )
    assert.equal(redactUrls('http://127.0.0.1:8545/?apikey=SECRET#x'), 'http://127.0.0.1:8545/[redacted]')
    assert.equal(redactUrls('wss://node.example:443?token=SECRET'), 'wss://node.example:443/[redacted]')
    assert.equal(redactUrls('at http://127.0.0.1:8545/'), 'at http://127.0.0.1:8545/')
    assert.equal(redactUrls('at http://127.0.0.1:8545, then'), 'at http://127.0.0.1:8545, then')
  })

  it('drops userinfo (NATS, Postgres, basic auth)', () => {
    assert.equal(redactUrls('nats://relayer:SECRET@nats.svc:4222'), 'nats://[redacted]@nats.svc:4222')
    assert.equal(
      redactUrls('postgres://u:SECRET@db:5432/relaymesh?sslmode=verify-full'),
      'postgres://[redacted]@db:5432/[redacted]',
    )
    assert.equal(redactUrls('tls://TOKEN@nats:4222'), 'tls://[redacted]@nats:4222')
  })

  it('finds URLs inside JSON, quotes and brackets, several per text, and leaves the rest alone', () => {
    const line = JSON.stringify({
      msg: 'failed',
      err: {
        url: 'https://x.example/v2/SECRET',
        message: 'Details: "https://y.example/k/SECRET" (https://z.example?key=SECRET)',
      },
    })
    const out = redactUrls(line)
    assert.ok(!out.includes('SECRET'), out)
    assert.deepEqual(JSON.parse(out), {
      msg: 'failed',
      err: {
        url: 'https://x.example/[redacted]',
        message: 'Details: "https://y.example/[redacted]" (https://z.example/[redacted])',
      },
    })
    assert.equal(redactUrls('no url here: a/b?c=d'), 'no url here: a/b?c=d')
    assert.equal(redactUrls('at file:///work/main/x.ts:1:2'), 'at file:///work/main/x.ts:1:2')
  })
})
