import type { SeriesPoint } from '../trafficSeries.js'

const WIDTH = 240
const HEIGHT = 48
const PAD = 3

export type SparklineProps = {
  /** What the chart shows, for its heading and screen readers. */
  label: string
  points: readonly SeriesPoint[]
  /** The time axis: the window's first and last sample. */
  from: number
  to: number
  /** A value as people read it (the last one is printed beside the chart). */
  format: (value: number) => string
  testId: string
}

/**
 * A small line chart as inline SVG (no chart library): the time axis spans
 * `from`..`to`, the value axis 0..the largest value.
 */
export function Sparkline({ label, points, from, to, format, testId }: SparklineProps) {
  const last = points.at(-1)
  const max = Math.max(0, ...points.map((p) => p.value))
  const x = (at: number) => PAD + (to > from ? ((at - from) / (to - from)) * (WIDTH - 2 * PAD) : WIDTH - 2 * PAD)
  const y = (value: number) => HEIGHT - PAD - (max > 0 ? (value / max) * (HEIGHT - 2 * PAD) : 0)
  const line = points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')
  const summary = last ? `${label}: now ${format(last.value)}, highest ${format(max)}` : `${label}: no data yet`
  return (
    <figure class="spark">
      <figcaption>
        {label}: <strong>{last ? format(last.value) : '—'}</strong>
        {last ? <span class="dim"> (max {format(max)})</span> : null}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={summary}
        data-testid={testId}
        data-points={points.length}
        data-max={max}
      >
        <title>{summary}</title>
        <line class="axis" x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} />
        {points.length > 1 ? <polyline points={line} /> : null}
        {last ? <circle cx={x(last.at)} cy={y(last.value)} r={2.5} /> : null}
      </svg>
    </figure>
  )
}
