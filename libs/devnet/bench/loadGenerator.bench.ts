// node --import tsx libs/devnet/bench/loadGenerator.bench.ts [-- --rates 500,1000,2000,4000 --seconds 10
//   --routes ethereum->bsc,...]
// The load generator's own ceiling: the local chains (two anvils, 0.5 s blocks, block gas limit raised to 1e9 so the
// chains' gas is not the limit; the LiteSVM Solana source in this process) and no relayer. Steps the per-route rate up
// and prints, per step and route, messages/s offered, submitted (accepted by the node), mined (EVM: the Outbox's nonce)
// and sent (ids known), the lag
// (offered - submitted) at the step's end, and CPU of this process (generator + LiteSVM) and of each anvil.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { startLocalSolanaSource } from '../src/solana/startLocalSolanaSource.js'
import { startLocalMesh } from '../src/mesh/startLocalMesh.js'
import { MESH_ROUTES, startLoadGenerator, type MeshRoute, type RouteLoad } from '../src/mesh/startLoadGenerator.js'

const { values } = parseArgs({
  options: { rates: { type: 'string' }, seconds: { type: 'string' }, routes: { type: 'string' } },
})
const options = z
  .object({
    rates: z
      .string()
      .default('250,500,1000,2000,4000')
      .transform((s) => s.split(',').map(Number))
      .pipe(z.array(z.number().positive()).min(1)),
    seconds: z.coerce.number().positive().default(10),
    routes: z
      .string()
      .default(MESH_ROUTES.join(','))
      .transform((s) => s.split(',').map((r) => r.trim()))
      .pipe(z.array(z.enum(MESH_ROUTES)).min(1)),
  })
  .parse(values)

const ticksPerSecond = 100 // Linux USER_HZ
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond // utime + stime
}

const mesh = await startLocalMesh({
  relayerIds: ['r1'],
  threshold: 1,
  databaseUrl: () => 'postgres://127.0.0.1:1/unused',
  natsUrl: 'nats://127.0.0.1:1',
  blockTime: 0.5,
})
const solana = await startLocalSolanaSource()
const anvils = [mesh.chains.ethereum, mesh.chains.bsc]
await Promise.all(anvils.map((chain) => chain.testClient.setBlockGasLimit({ gasLimit: 1_000_000_000n })))
const stop = new AbortController()
const load = startLoadGenerator({
  bridges: mesh.bridges,
  solana,
  routes: options.routes,
  rate: options.rates[0]!,
  signal: stop.signal,
})
console.log(
  `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${options.seconds} s ` +
    `per step; routes ${options.routes.join(', ')}`,
)
console.log(
  'rate/route | route            | offered/s | submitted/s | mined/s | sent/s | lag | msgs/tx | errors | cpu: ' +
    'node  anvil-eth  anvil-bsc',
)
try {
  for (const rate of options.rates) {
    load.setRate(rate)
    const before = await snapshot()
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000))
    const after = await snapshot()
    const wall = (after.at - before.at) / 1000
    const cpu = [(after.node - before.node) / wall, ...after.anvils.map((c, i) => (c - before.anvils[i]!) / wall)]
      .map((c) => `${(c * 100).toFixed(0)}%`.padStart(5))
      .join('  ')
    for (const route of options.routes) {
      const [b, a] = [before.routes[route], after.routes[route]]
      const perSecond = (k: 'offered' | 'submitted' | 'sent') =>
        ((a[k] - b[k]) / wall).toFixed(0).padStart(k === 'sent' ? 6 : 9)
      const perTx =
        a.transactions > b.transactions
          ? ((a.submitted - b.submitted) / (a.transactions - b.transactions)).toFixed(1)
          : '-'
      const mined = route in after.mined ? ((after.mined[route]! - before.mined[route]!) / wall).toFixed(0) : '-'
      console.log(
        `${String(rate).padStart(10)} | ${route.padEnd(16)} | ${perSecond('offered')} | ` +
          `${perSecond('submitted')}   | ${mined.padStart(7)} | ${perSecond('sent')} | ` +
          `${String(a.offered - a.submitted - a.errors).padStart(3)} | ${perTx.padStart(7)} | ` +
          `${String(a.errors).padStart(6)} | ${cpu}`,
      )
    }
  }
} finally {
  load.stop()
  await Promise.race([load.done, new Promise((resolve) => setTimeout(resolve, 60_000))])
  for (const route of options.routes)
    if (load.routes[route].lastError) console.log(`${route} last error: ${load.routes[route].lastError}`)
  stop.abort()
  await solana.stop()
  await mesh.stop()
}

function counters({ offered, submitted, sent, errors, transactions }: RouteLoad) {
  return { offered, submitted, sent, errors, transactions }
}

/** Messages the EVM Outboxes numbered so far (only the generator dispatches here). */
async function minedByRoute(): Promise<Partial<Record<MeshRoute, number>>> {
  const [eth, bsc] = await Promise.all([
    mesh.bridges.ethereum.outbox.read.nonce(),
    mesh.bridges.bsc.outbox.read.nonce(),
  ])
  return { 'ethereum->bsc': Number(eth), 'bsc->ethereum': Number(bsc) }
}

async function snapshot() {
  const mined = await minedByRoute()
  const usage = process.cpuUsage()
  // reason: one entry per listed route
  const routes = Object.fromEntries(options.routes.map((r) => [r, counters(load.routes[r])])) as Record<
    MeshRoute,
    ReturnType<typeof counters>
  >
  return {
    at: Date.now(),
    node: (usage.user + usage.system) / 1e6,
    anvils: anvils.map((chain) => cpuSeconds(chain.pid)),
    routes,
    mined,
  }
}
