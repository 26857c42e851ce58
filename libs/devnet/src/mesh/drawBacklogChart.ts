import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'

/** One point of the chart: the number of messages of one destination waiting at one stage, `atSeconds` into the run. */
export type BacklogPoint = { atSeconds: number; destination: string; stage: string; messages: number }

/**
 * The backlog per stage over time, one panel per destination, as an SVG
 * document (vega-lite, rendered headless: no canvas, no browser).
 *
 * @example
 * writeFileSync('backlog.svg', await drawBacklogChart(points, { title: 'bench:mesh 2,000 msgs/s' }))
 */
export async function drawBacklogChart(points: readonly BacklogPoint[], options: { title: string }): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    data: { values: points.map((p) => ({ ...p })) },
    facet: { row: { field: 'destination', type: 'nominal', title: 'destination' } },
    spec: {
      width: 720,
      height: 180,
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'atSeconds', type: 'quantitative', title: 'seconds' },
        y: { field: 'messages', type: 'quantitative', title: 'messages waiting' },
        color: { field: 'stage', type: 'nominal', title: 'stage' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  }
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
