import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { keepIdleConnections } from '@relaymesh/relayer/runtime'

export type StartHealthServerParameters = {
  host: string
  /** 0 picks a free port (tests). */
  port: number
  /** Postgres and NATS reachability (the api's `createReadinessCheck`). */
  readiness: () => Promise<{ postgres: boolean; nats: boolean }>
  service: string
  signal: AbortSignal
}

/**
 * The health port of a worker service (watcher, verifier, batcher, settler):
 * `GET /healthz` (the process answers), `GET /readyz` (Postgres and NATS
 * reachable: 200 or 503), `GET /metrics` (process memory, Prometheus text).
 * Kubernetes probes and the chart's PodMonitor use it (`workerHealth`).
 *
 * @example
 * const { url } = await startHealthServer({ host: '0.0.0.0', port: 9464, readiness, service: 'verifier', signal })
 */
export async function startHealthServer(p: StartHealthServerParameters): Promise<{ url: string; done: Promise<void> }> {
  const server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') =>
      res.writeHead(status, { 'content-type': type }).end(body)
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED' } }))
    if (req.url === '/healthz') return send(200, JSON.stringify({ status: 'ok', service: p.service }))
    if (req.url === '/readyz') {
      void p.readiness().then(
        (checks) =>
          send(
            checks.postgres && checks.nats ? 200 : 503,
            JSON.stringify({ ready: checks.postgres && checks.nats, checks }),
          ),
        () => send(503, JSON.stringify({ ready: false, checks: { postgres: false, nats: false } })),
      )
      return
    }
    if (req.url === '/metrics') return send(200, processMetrics(p.service), 'text/plain; version=0.0.4')
    send(404, JSON.stringify({ error: { code: 'ROUTE_NOT_FOUND' } }))
  })
  keepIdleConnections(server)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(p.port, p.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo // reason: listening on TCP, not a pipe
  const done = new Promise<void>((resolve) => {
    const close = () => server.close(() => resolve())
    if (p.signal.aborted) close()
    else p.signal.addEventListener('abort', close, { once: true })
  })
  return { url: `http://${p.host === '0.0.0.0' ? '127.0.0.1' : p.host}:${port}`, done }
}

function processMetrics(service: string): string {
  const memory = process.memoryUsage()
  const label = `{service="${service}"}`
  return [
    '# HELP process_resident_memory_bytes Resident memory of the process.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes${label} ${memory.rss}`,
    '# HELP nodejs_heap_size_used_bytes V8 heap in use.',
    '# TYPE nodejs_heap_size_used_bytes gauge',
    `nodejs_heap_size_used_bytes${label} ${memory.heapUsed}`,
    '# HELP process_uptime_seconds Seconds since the process started.',
    '# TYPE process_uptime_seconds gauge',
    `process_uptime_seconds${label} ${process.uptime().toFixed(1)}`,
    '',
  ].join('\n')
}
