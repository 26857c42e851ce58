import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { drawBacklogChart } from './drawBacklogChart.js'

describe('drawBacklogChart', () => {
  it('draws one panel per destination with a line per stage, as SVG', async () => {
    const points = [0, 1, 2].flatMap((t) =>
      ['31337', '31356'].flatMap((destination) =>
        ['source', 'verified', 'settled'].map((stage) => ({ atSeconds: t, destination, stage, messages: t * 10 })),
      ),
    )
    const svg = await drawBacklogChart(points, { title: 'test run' })
    assert.match(svg, /^<svg /)
    for (const text of ['test run', '31337', '31356', 'source', 'verified', 'settled', 'messages waiting'])
      assert.ok(svg.includes(text), `chart shows ${text}`)
  })
})
