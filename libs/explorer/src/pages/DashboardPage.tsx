import type { MessagePage } from '@relaymesh/sdk'
import { useEffect, useState } from 'preact/hooks'
import { Empty, Loaded } from '../components/States.js'
import { TrafficCharts } from '../components/TrafficCharts.js'
import { chainName, formatDuration, formatWei } from '../format.js'
import { routeHref } from '../parseExplorerRoute.js'
import type { RelayerSetsView } from '../RelayerSetsView.js'
import {
  addSample,
  summarizeTraffic,
  type RouteTraffic,
  type StateCounts,
  type StatsSample,
} from '../summarizeTraffic.js'
import { useApi } from '../useApi.js'

const STAGES = ['observed', 'verified', 'batched', 'settled', 'failed', 'executed', 'rejected'] as const
const POLL_MS = 3_000

type RouteStatesView = { routes: { route: string; paused: boolean; pausedAt: string | null }[] }

function routeLabel(route: string): string {
  const [origin, destination] = route.split('-').map(Number)
  return `${chainName(origin ?? 0)} → ${chainName(destination ?? 0)}`
}

function RelayerSets({ apiBase, pausedDomains }: { apiBase: string; pausedDomains: (domains: number[]) => void }) {
  const state = useApi<RelayerSetsView>(apiBase, '/v1/relayers', 15_000)
  useEffect(() => {
    if (state.status === 'ok') pausedDomains(state.data.chains.filter((c) => c.paused).map((c) => c.domain))
  }, [state])
  return (
    <section aria-labelledby="relayer-sets">
      <h2 id="relayer-sets">Relayer sets and settler balances</h2>
      <Loaded state={state} what="relayer sets">
        {(data) =>
          data.chains.length === 0 ? (
            <Empty>No destination chain configured.</Empty>
          ) : (
            <div class="cards">
              {data.chains.map((c) => (
                <article class="card" key={c.domain}>
                  <h3>
                    {c.name} ({c.domain}){c.paused ? <span class="badge state-rejected"> inbox paused</span> : null}
                  </h3>
                  {c.error ? <p class="state error">Chain unreadable: {c.error.code}</p> : null}
                  <p>{c.relayers ? `${c.threshold} of ${c.relayers.length} relayers` : 'relayer set unknown'}</p>
                  {c.relayers && (
                    <ul class="plain">
                      {c.relayers.map((r) => (
                        <li key={r}>
                          <code>{r}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                  <p>
                    Settler <code>{c.settler.address}</code>:{' '}
                    {c.settler.balanceWei === null ? 'balance unknown' : `${formatWei(c.settler.balanceWei)} (native)`}
                  </p>
                </article>
              ))}
            </div>
          )
        }
      </Loaded>
    </section>
  )
}

/** One route's backlog by stage, its executions per minute and latency, and whether batching or its inbox is paused. */
function RouteRow(p: {
  route: string
  counts: StateCounts
  traffic: RouteTraffic | undefined
  batchingPaused: boolean
  inboxPaused: boolean
}) {
  const t = p.traffic
  return (
    <tr data-route={p.route}>
      <th scope="row">
        {routeLabel(p.route)}
        {p.batchingPaused ? (
          <span
            class="badge state-rejected"
            data-testid="route-paused"
            title="This relayer's batcher does not seal the route's messages"
          >
            batching paused
          </span>
        ) : null}
        {p.inboxPaused ? (
          <span class="badge state-rejected" title="The destination inbox's pauser stopped it">
            inbox paused
          </span>
        ) : null}
      </th>
      {STAGES.map((s) => (
        <td key={s} data-stage={s}>
          {p.counts[s] ?? 0}
        </td>
      ))}
      <td data-testid="throughput">{t?.executedPerMinute == null ? 'measuring…' : t.executedPerMinute.toFixed(1)}</td>
      <td>
        {t?.latencyP50Ms == null ? '—' : `${formatDuration(t.latencyP50Ms)} / ${formatDuration(t.latencyMaxMs ?? 0)}`}
      </td>
    </tr>
  )
}

/** Every route with traffic, sorted by name: one `RouteRow` each. */
function RouteTable(p: {
  byRoute: Record<string, StateCounts>
  traffic: readonly RouteTraffic[]
  pausedRoutes: ReadonlySet<string>
  pausedDomains: readonly number[]
}) {
  return (
    <div class="table-wrap">
      <table aria-label="Backlog per route and stage">
        <thead>
          <tr>
            <th scope="col">Route</th>
            {STAGES.map((s) => (
              <th scope="col" key={s}>
                {s}
              </th>
            ))}
            <th scope="col">executed / min</th>
            <th scope="col">latency p50 / max</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(p.byRoute)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([route, counts]) => (
              <RouteRow
                key={route}
                route={route}
                counts={counts}
                traffic={p.traffic.find((x) => x.route === route)}
                batchingPaused={p.pausedRoutes.has(route)}
                inboxPaused={p.pausedDomains.includes(Number(route.split('-')[1]))}
              />
            ))}
        </tbody>
      </table>
    </div>
  )
}

/** When the statistics were read, how often, and over how long the rates are measured. */
function UpdatedNote({ updatedAt, samples }: { updatedAt: number; samples: readonly StatsSample[] }) {
  const rateWindow = (samples.at(-1)?.at ?? 0) - (samples[0]?.at ?? 0)
  return (
    <p class="note" aria-live="off">
      Updated{' '}
      <time dateTime={new Date(updatedAt).toISOString()} data-testid="updated">
        {new Date(updatedAt).toLocaleTimeString()}
      </time>
      , every {POLL_MS / 1000} s; rates over the last{' '}
      {Math.round(rateWindow) > 0 ? formatDuration(rateWindow) : 'few seconds'}.{' '}
      <a href={routeHref({ page: 'batches', destination: '' })}>All batches</a>
    </p>
  )
}

/**
 * Per route backlog by stage, executions per minute and latency over the last minutes, live; relayer sets and balances.
 */
export function DashboardPage({ apiBase }: { apiBase: string }) {
  const stats = useApi<{ byRoute: Record<string, StateCounts> }>(apiBase, '/v1/stats', POLL_MS)
  const recent = useApi<MessagePage>(apiBase, '/v1/messages?state=executed&limit=200', POLL_MS)
  const [samples, setSamples] = useState<StatsSample[]>([])
  const [paused, setPaused] = useState<number[]>([])
  const routeStates = useApi<RouteStatesView>(apiBase, '/v1/routes', POLL_MS)
  const pausedRoutes = new Set(
    routeStates.status === 'ok' ? routeStates.data.routes.filter((r) => r.paused).map((r) => r.route) : [],
  )
  useEffect(() => {
    if (stats.status === 'ok') setSamples((s) => addSample(s, { at: stats.updatedAt, byRoute: stats.data.byRoute }))
  }, [stats])
  const traffic = summarizeTraffic(samples, recent.status === 'ok' ? recent.data.messages : [])
  return (
    <>
      <h1>Routes</h1>
      <Loaded state={stats} what="route statistics">
        {(data) =>
          Object.keys(data.byRoute).length === 0 ? (
            <Empty>No message has been seen on any route yet.</Empty>
          ) : (
            <RouteTable byRoute={data.byRoute} traffic={traffic} pausedRoutes={pausedRoutes} pausedDomains={paused} />
          )
        }
      </Loaded>
      {stats.status === 'ok' && <UpdatedNote updatedAt={stats.updatedAt} samples={samples} />}
      <TrafficCharts samples={samples} recent={recent.status === 'ok' ? recent.data.messages : []} />
      <RelayerSets apiBase={apiBase} pausedDomains={setPaused} />
    </>
  )
}
