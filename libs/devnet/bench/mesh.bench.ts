// npm run bench:mesh [-- --rate 1000 --duration 60 --routes ethereum->bsc,bsc->ethereum,solana->ethereum,solana->bsc
//                       --relayers 3 --threshold 2 --find-max --step-seconds 45 --step-factor 1.5 --drain-stall 180
//                       --dir .bench/mesh-<time>
//                       --cpu-prof <dir> --prefix bench --settle 30
//                       --faults [--seed N] [--fault-kinds kill-process,kill-proposer-cosigning,restart-nats,
//                         restart-postgres,refuse-database,rpc-stall,rpc-drop,rpc-errors,rpc-rate-limit,rpc-lie,
//                         rpc-forge-chain,clock-skew,gas-spike,settler-funds-low]]
// The whole mesh as the devnet runs it (two anvil chains with sync-committee and Parlia finality, LiteSVM Solana
// with its committee, the relayers as separate processes, the machine's NATS and Postgres) under a fixed offered
// rate, then drained. Prints per route offered / executed / lost / executed twice (from the chains' MessageExecuted
// logs) and observed→executed p50/p99, per process CPU per 1,000 messages and peak RSS (/proc), and last
// `sustained: N msgs/s ...`. The run folder keeps backlog.csv (per second), backlog.svg, summary.json and every
// process's log. `--rate 0` measures the idle mesh (CPU per process as a share of a core). Exits 1 when a message was
// lost or executed twice or a destination stalled.
// `--cpu-prof <dir>`: every relayer process runs with `node --cpu-prof`; its profiles land in
// <dir>/<relayer>/<service>/ when the run stops it (summarise them with `node scripts/cpuprofile-summary.mjs <dir>`).
// `--settle <s>`: the ready mesh runs this long before the CPU figures (and the load) start, so the `% of a core`
// column leaves start-up out: `--rate 0 --settle 30` is the steady idle share of each process.
// `--prefix <name>`: names the run's databases (`relaymesh_<name>_r1`, ...), NATS streams (`<NAME>_...`) and subjects
// (`<name>.`); two runs with different prefixes share the machine's Postgres and NATS (a pair measured side by side).
// `--faults`: the run starts its own nats-server and Postgres cluster and plays a seeded fault schedule during the load
// (printed with its seed: `--seed N` replays it), then checks on chain and in every relayer's database that nothing was
// lost, duplicated or wrongly rejected, and reports the recovery time per fault kind; any violation exits 1.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { runMeshBench } from '../src/runMeshBench.js'
import { MESH_ROUTES } from '../src/mesh/startLoadGenerator.js'
import { FAULT_KINDS } from '../src/faults/planFaults.js'

const { values } = parseArgs({
  options: {
    rate: { type: 'string' },
    duration: { type: 'string' },
    routes: { type: 'string' },
    relayers: { type: 'string' },
    threshold: { type: 'string' },
    'find-max': { type: 'boolean' },
    'step-seconds': { type: 'string' },
    'step-factor': { type: 'string' },
    'drain-stall': { type: 'string' },
    dir: { type: 'string' },
    'cpu-prof': { type: 'string' },
    faults: { type: 'boolean' },
    seed: { type: 'string' },
    'fault-kinds': { type: 'string' },
    prefix: { type: 'string' },
    settle: { type: 'string' },
  },
})
const options = z
  .object({
    rate: z.coerce.number().min(0).default(1000),
    duration: z.coerce.number().positive().default(60),
    routes: z
      .string()
      .default(MESH_ROUTES.join(','))
      .transform((s) => s.split(',').map((r) => r.trim()))
      .pipe(z.array(z.enum(MESH_ROUTES)).min(1)),
    relayers: z.coerce.number().int().min(1).max(9).default(3),
    threshold: z.coerce.number().int().min(1).default(2),
    'find-max': z.boolean().default(false),
    'step-seconds': z.coerce.number().min(35).default(45),
    'step-factor': z.coerce.number().gt(1).default(1.5),
    'drain-stall': z.coerce.number().positive().default(180),
    settle: z.coerce.number().min(0).default(0),
    faults: z.boolean().default(false),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(() => Math.floor(Math.random() * 2 ** 32)),
    'fault-kinds': z
      .string()
      .default(FAULT_KINDS.join(','))
      .transform((s) => s.split(',').map((k) => k.trim()))
      .pipe(z.array(z.enum(FAULT_KINDS)).min(1)),
    'cpu-prof': z.string().optional(),
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,15}$/, 'lower-case letters and digits (a NATS subject token and a database name part)')
      .optional(),
    dir: z.string().default(`.bench/mesh-${new Date().toISOString().replace(/[:.]/g, '-')}`),
  })
  .refine((o) => o.threshold <= o.relayers, 'threshold exceeds relayers')
  .refine((o) => 2 * o.threshold > o.relayers, 'threshold is not a majority of relayers (the inbox refuses it)')
  .refine((o) => !o['find-max'] || o.rate > 0, '--find-max needs a starting --rate above 0')
  .parse(values)

const stop = new AbortController()
process.once('SIGINT', () => stop.abort())
process.once('SIGTERM', () => stop.abort())
const result = await runMeshBench({
  relayerIds: Array.from({ length: options.relayers }, (_, i) => `r${i + 1}`),
  threshold: options.threshold,
  rate: options.rate,
  durationSeconds: options.duration,
  routes: options.routes,
  findMax: options['find-max'],
  stepSeconds: options['step-seconds'],
  stepFactor: options['step-factor'],
  drainStallSeconds: options['drain-stall'],
  settleSeconds: options.settle,
  runDir: resolve(options.dir),
  bin: fileURLToPath(import.meta.resolve('@relaymesh/cli/bin')),
  env: { ...process.env },
  print: (line) => console.log(line),
  signal: stop.signal,
  cpuProfDir: options['cpu-prof'] === undefined ? undefined : resolve(options['cpu-prof']),
  faults: options.faults ? { seed: options.seed, kinds: options['fault-kinds'] } : undefined,
  databasePrefix: options.prefix && `relaymesh_${options.prefix}`,
  streamPrefix: options.prefix?.toUpperCase(),
})
process.exit(
  result.summary.lost || result.summary.executedTwice || result.stalled.length || result.violations.length ? 1 : 0,
)
