#!/usr/bin/env node
// Readiness probe of the services that serve no HTTP yet (watcher, verifier,
// batcher, settler): exits 0 when Postgres and at least one NATS server of the
// relayer config accept a TCP connection, 1 otherwise with the reason on stderr.
// It proves the pod can reach what it needs, not that the service is making
// progress: replace it with HTTP /readyz once the services serve one
// (deploy/README.md, "Known gaps"). Plain JS, no dependencies: it runs in ~50 ms.
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'

const TIMEOUT_MS = Number(process.env.RELAYMESH_PROBE_TIMEOUT_MS ?? 2000)
const DEFAULT_PORTS = { 'postgres:': 5432, 'postgresql:': 5432, 'nats:': 4222, 'tls:': 4222, 'ws:': 80, 'wss:': 443 }

/** host and port of a URL, with the scheme's default port. */
export function endpointOf(url) {
  const u = new URL(url)
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || DEFAULT_PORTS[u.protocol]) }
}

function reachable({ host, port }) {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(TIMEOUT_MS, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

export async function probeDependencies(config) {
  const failures = []
  const postgres = endpointOf(config.databaseUrl)
  if (!(await reachable(postgres))) failures.push(`postgres ${postgres.host}:${postgres.port} unreachable`)
  const servers = config.natsUrl.split(',').map((s) => endpointOf(s.trim()))
  const nats = await Promise.all(servers.map(reachable))
  if (!nats.some(Boolean))
    failures.push(`no NATS server reachable (${servers.map((s) => `${s.host}:${s.port}`).join(', ')})`)
  return failures
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const config = JSON.parse(
      readFileSync(process.env.RELAYMESH_CONFIG_FILE ?? '/etc/relaymesh/config/relayer.json', 'utf8'),
    )
    const failures = await probeDependencies(config)
    if (failures.length > 0) {
      console.error(`not ready: ${failures.join('; ')}`)
      process.exit(1)
    }
  } catch (error) {
    console.error(`not ready: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
