// No secret leaves a relayer: every RPC URL carries a canary API key in its path and query (served
// by a forwarding proxy in front of each anvil, as a provider would), the NATS URL carries it as a password and
// the API's admin token is one. One RPC endpoint refuses every request for a few seconds mid-run, so viem's
// errors (which quote the full URL) are logged and recorded on spans. Then: no log line, no stderr, no exported
// span and no API answer holds the canary, while the redacted form of the URLs does show up.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { addressToBytes32 } from '@relaymesh/protocol'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import { freePort } from './infra.mjs'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
  waitUntil,
} from '../libs/relayer/src/testing/testInfra.js'

const PER_ROUTE = 10
const AMOUNT = 10n ** 15n
const CANARY = `canary${randomBytes(12).toString('hex')}`
const bin = fileURLToPath(new URL('../services/cli/bin/relaymesh.js', import.meta.url))

type RpcProxy = { url: string; refuseFor(ms: number): void; refused: () => number; close(): Promise<void> }

/**
 * A provider-style endpoint: JSON-RPC at /v2/<key>?key=<key> forwarded to anvil (which serves only /); any other path
 * is 404.
 */
async function startRpcProxy(target: string): Promise<RpcProxy> {
  let refuseUntil = 0
  let refused = 0
  const server = http.createServer((req, res) => {
    if (req.url !== `/v2/${CANARY}?key=${CANARY}`) return res.writeHead(404).end()
    if (Date.now() < refuseUntil) {
      refused++
      return res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden')
    }
    const upstream = http.request(
      target,
      { method: req.method, headers: { 'content-type': 'application/json' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' })
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number } // reason: a TCP server
  return {
    url: `http://127.0.0.1:${port}/v2/${CANARY}?key=${CANARY}`,
    refuseFor: (ms) => (refuseUntil = Date.now() + ms),
    refused: () => refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describe('no secret in logs, spans or API answers', () => {
  let mesh: LocalMesh
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let receiver: OtlpReceiver
  let procs: RelayerProcess[] = []
  const proxies: RpcProxy[] = []
  const ns = testBusNamespace()
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-secrets-'))
  const ids = ['r1', 'r2']
  const answers: string[] = []
  const natsUrl = TEST_NATS_URL.replace('://', `://relaymesh:${CANARY}@`)

  before(async () => {
    receiver = await startOtlpReceiver()
    dbs = await createTestDatabases(ids)
    mesh = await startLocalMesh({
      relayerIds: ids,
      threshold: 2,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
    })
    for (const r of mesh.relayers) {
      r.config.natsUrl = natsUrl
      for (const chain of r.config.chains) {
        const proxy = await startRpcProxy(chain.rpcUrl)
        proxies.push(proxy)
        chain.rpcUrl = proxy.url
      }
    }
    for (const r of mesh.relayers) r.config.api = { host: '127.0.0.1', port: await freePort() }
    procs = spawnRelayerProcesses({
      relayers: mesh.relayers,
      dir,
      bin,
      logs: true,
      env: {
        ...process.env,
        RELAYMESH_LOG_LEVEL: 'debug',
        RELAYMESH_ADMIN_TOKEN: CANARY,
        RELAYMESH_SUBJECT_ROOT: ns.subjectRoot,
        RELAYMESH_STREAM_PREFIX: ns.streamPrefix,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
      },
      onExit: () => undefined,
    })
  })

  after(async () => {
    await stopProcesses(procs)
    await mesh?.stop()
    await Promise.all(proxies.map((p) => p.close()))
    await dbs?.drop()
    await ns.cleanup()
    await receiver?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const api = async (relayer: number, path: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(`http://127.0.0.1:${mesh.relayers[relayer]?.config.api.port}${path}`, init)
    answers.push(`${response.status} ${path} ${JSON.stringify([...response.headers])} ${await response.clone().text()}`)
    return response
  }

  test('messages flow through an RPC outage; the canary is nowhere outside the config', async () => {
    const { ethereum, bsc } = mesh.bridges
    const alice = addressToBytes32('0x00000000000000000000000000000000000a11ce')
    const bob = addressToBytes32('0x0000000000000000000000000000000000000b0b')
    await waitUntil(
      async () => ((await api(0, '/readyz').catch(() => undefined))?.status === 200 ? true : undefined),
      'r1 api ready',
    )
    // The outage must meet r1's services at work, not still loading: its API answering says nothing of the watcher and
    // settler beside it, each compiling for tens of seconds on busy cores (a 6 s outage could end before they dial).
    await Promise.all(
      procs
        .filter((p) => p.relayer === 'r1')
        .map((p) =>
          waitUntil(
            async () =>
              // reason: logs: true gives every process a file
              readFileSync(p.logFile as string, 'utf8').includes('relaymesh service started') ? true : undefined,
            `r1 ${p.service} started`,
          ),
        ),
    )
    // r1's first chain (the watcher's, the settler's and the api's client) refuses everything for 6 s: longer than
    // viem's retries.
    const outage = proxies[0] as RpcProxy // reason: two chains per relayer
    outage.refuseFor(6_000)
    for (let i = 0; i < PER_ROUTE; i++) {
      await ethereum.token.write.transferRemote([bsc.domain, alice, AMOUNT], { account: mesh.sender })
      await bsc.token.write.transferRemote([ethereum.domain, bob, AMOUNT], { account: mesh.sender })
    }
    await waitUntil(
      async () => {
        const [a, b] = await Promise.all([
          bsc.token.read.balanceOf([`0x${alice.slice(26)}`]),
          ethereum.token.read.balanceOf([`0x${bob.slice(26)}`]),
        ])
        return a === AMOUNT * BigInt(PER_ROUTE) && b === AMOUNT * BigInt(PER_ROUTE) ? true : undefined
      },
      'both recipients credited',
      WAIT_DEADLINE_MS,
      500,
    )
    assert.ok(outage.refused() > 0, 'the outage refused requests')

    // The API, read and admin routes, with the canary token and a wrong one.
    for (const path of [
      '/v1/stats',
      '/v1/relayers',
      '/v1/messages?limit=5',
      '/v1/batches?limit=5',
      '/v1/routes',
      '/openapi.json',
      '/healthz',
      '/readyz',
      '/v1/messages/0x00',
    ])
      await api(0, path)
    const auth = { authorization: `Bearer ${CANARY}` }
    assert.equal((await api(0, '/v1/admin/routes', { headers: auth })).status, 200)
    assert.equal(
      (await api(0, `/v1/admin/routes/${ethereum.domain}-${bsc.domain}/pause`, { method: 'POST', headers: auth }))
        .status,
      200,
    )
    assert.equal(
      (await api(0, `/v1/admin/routes/${ethereum.domain}-${bsc.domain}/resume`, { method: 'POST', headers: auth }))
        .status,
      200,
    )
    assert.equal((await api(0, '/v1/admin/routes', { headers: { authorization: `Bearer ${CANARY}x` } })).status, 403)
    outage.refuseFor(4_000)
    await api(0, '/v1/relayers') // reads the inboxes through the refusing endpoint

    await stopProcesses(procs)
    await receiver.waitFor((spans) => spans.length > 0)
    // reason: logs: true gives every process a file
    const logs = procs.map((p) => readFileSync(p.logFile as string, 'utf8')).join('\n')
    const spans = JSON.stringify(receiver.spans())
    const where = (text: string) => text.slice(Math.max(0, text.indexOf(CANARY) - 300), text.indexOf(CANARY) + 100)
    assert.ok(logs.length > 0 && spans.length > 2)
    assert.ok(!logs.includes(CANARY), `a log line holds the canary: ${where(logs)}`)
    assert.ok(!spans.includes(CANARY), `a span holds the canary: ${where(spans)}`)
    for (const answer of answers)
      assert.ok(!answer.includes(CANARY), `an API answer holds the canary: ${answer.slice(0, 500)}`)
    // The errors that quoted the URLs were there, redacted.
    assert.match(logs, /http:\/\/127\.0\.0\.1:\d+\/\[redacted\]/, 'a log line quotes an RPC URL, redacted')
    console.log(
      `# ${logs.split('\n').length} log lines, ${receiver.spans().length} spans, ${answers.length} API answers: ` +
        `no canary; ${outage.refused()} requests refused during the outages`,
    )
  })
})
