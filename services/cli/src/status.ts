import { getStats, listMessages, type ApiStats, type MessageSummary, type StateCounts } from '@relaymesh/sdk/api'
import { formatTable } from './formatTable.js'
import { positionals, type OperatorArgs } from './operatorArgs.js'
import { operatorClient } from './operatorClient.js'

/** One route's backlog per pipeline stage, and its throughput between the two samples. */
export type RouteStatus = {
  route: string
  backlog: { verifiedUnbatched: number; batchedUnsettled: number; settledUnexecuted: number; failed: number }
  executed: number
  rejected: number
  throughput: { settledPerSecond: number; executedPerSecond: number }
}

/** `relaymesh status --json`. */
export type StatusReport = {
  sampledOverSeconds: number
  routes: RouteStatus[]
  total: RouteStatus
  recentFailures: { id: string; route: string; reasonCode: string | null; attempts: number; at: string | null }[]
}

// Settled-or-later only grows (a failed message that later executes stays in it); executed is final.
const settledOrLater = (c: StateCounts) => c.settled + c.executed + c.failed

function routeStatus(route: string, first: StateCounts | undefined, second: StateCounts, seconds: number): RouteStatus {
  const rate = (now: number, then: number) => Math.max(0, Math.round(((now - then) / seconds) * 100) / 100)
  return {
    route,
    backlog: {
      verifiedUnbatched: second.verified,
      batchedUnsettled: second.batched,
      settledUnexecuted: second.settled,
      failed: second.failed,
    },
    executed: second.executed,
    rejected: second.rejected,
    throughput: {
      settledPerSecond: rate(settledOrLater(second), first ? settledOrLater(first) : settledOrLater(second)),
      executedPerSecond: rate(second.executed, first?.executed ?? second.executed),
    },
  }
}

function report(first: ApiStats, second: ApiStats, seconds: number, failures: MessageSummary[]): StatusReport {
  return {
    sampledOverSeconds: Math.round(seconds * 1000) / 1000,
    routes: Object.keys(second.byRoute)
      .sort()
      // reason: r is a key of byRoute
      .map((r) => routeStatus(r, first.byRoute[r], second.byRoute[r] as StateCounts, seconds)),
    total: routeStatus('total', first.total, second.total, seconds),
    recentFailures: failures.map((m) => ({
      id: m.id,
      route: `${m.origin}-${m.destination}`,
      reasonCode: m.reasonCode,
      attempts: m.attempts,
      at: m.rejections.at(-1)?.at ?? null,
    })),
  }
}

function print(status: StatusReport): void {
  const rows = [...status.routes, status.total].map((r) => [
    r.route,
    r.backlog.verifiedUnbatched,
    r.backlog.batchedUnsettled,
    r.backlog.settledUnexecuted,
    r.backlog.failed,
    r.rejected,
    r.executed,
    r.throughput.settledPerSecond,
    r.throughput.executedPerSecond,
  ])
  console.log(
    formatTable(
      [
        'route',
        'verified-unbatched',
        'batched-unsettled',
        'settled-unexecuted',
        'failed',
        'rejected',
        'executed',
        'settled/s',
        'executed/s',
      ],
      rows,
    ),
  )
  console.log(`\nthroughput over ${status.sampledOverSeconds} s`)
  if (status.recentFailures.length === 0) return console.log('no failed executions')
  console.log('\nrecent failed executions:')
  console.log(
    formatTable(
      ['id', 'route', 'reason', 'attempts', 'at'],
      status.recentFailures.map((f) => [f.id, f.route, f.reasonCode, f.attempts, f.at]),
    ),
  )
}

/**
 * `relaymesh status`: backlog per stage and route (from `/v1/stats`),
 * throughput from two samples `--interval` ms apart, and the latest failed
 * executions.
 */
export async function statusCommand(args: OperatorArgs): Promise<void> {
  positionals(args, [])
  const client = operatorClient(args)
  const started = performance.now()
  const first = await getStats(client)
  await new Promise((resolve) => setTimeout(resolve, args.intervalMs))
  const [second, failed] = await Promise.all([getStats(client), listMessages(client, { state: 'failed', limit: 5 })])
  const status = report(first, second, (performance.now() - started) / 1000, failed.messages)
  if (args.json) console.log(JSON.stringify(status, null, 2))
  else print(status)
}
