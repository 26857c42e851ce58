import { chainName, formatDuration } from '../format.js'
import type { StatsSample } from '../summarizeTraffic.js'
import { trafficSeries } from '../trafficSeries.js'
import { Sparkline } from './Sparkline.js'

type RecentMessage = Parameters<typeof trafficSeries>[1][number]

function routeLabel(route: string): string {
  const [origin, destination] = route.split('-').map(Number)
  return `${chainName(origin ?? 0)} → ${chainName(destination ?? 0)}`
}

/** Per route, throughput and latency over the sampled minutes as two small charts; redrawn on every poll. */
export function TrafficCharts({
  samples,
  recent,
}: {
  samples: readonly StatsSample[]
  recent: readonly RecentMessage[]
}) {
  const series = trafficSeries(samples, recent)
  const from = samples[0]?.at ?? 0
  const to = samples.at(-1)?.at ?? 0
  if (series.length === 0) return null
  return (
    <section aria-labelledby="traffic">
      <h2 id="traffic">Traffic over the last minutes</h2>
      <div class="cards">
        {series.map((s) => (
          <article class="card" key={s.route} data-route={s.route}>
            <h3>{routeLabel(s.route)}</h3>
            <Sparkline
              label="Executed per minute"
              points={s.throughput}
              from={from}
              to={to}
              format={(v) => v.toFixed(1)}
              testId="chart-throughput"
            />
            <Sparkline
              label="Latency, observed to executed (median)"
              points={s.latency}
              from={from}
              to={to}
              format={formatDuration}
              testId="chart-latency"
            />
          </article>
        ))}
      </div>
    </section>
  )
}
