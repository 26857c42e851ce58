import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { apiMetricsSource, envOf, relaymeshContainers, STANDARD_RENDERS } from './testing/chartFixtures.js'
import { find, productionValues, renderChart, type Manifest } from './testing/renderChart.js'

describe('helm chart deploy/helm/relaymesh: monitoring and tracing', () => {
  let defaults: Manifest[]
  let production: Manifest[]

  before(async () => {
    ;[defaults, production] = await Promise.all([
      renderChart(STANDARD_RENDERS.defaults),
      renderChart(STANDARD_RENDERS.production),
    ])
  })

  test('monitoring: the ServiceMonitor scrapes the api Service port, the rules use metrics the services export', () => {
    const service = find(production, 'Service', 'rm-relaymesh-api') as Manifest & {
      spec: { selector: Record<string, string>; ports: { name: string }[] }
    }
    const monitor = find(production, 'ServiceMonitor', 'rm-relaymesh-api').spec as {
      selector: { matchLabels: Record<string, string> }
      endpoints: { port: string; path: string }[]
    }
    for (const [k, v] of Object.entries(monitor.selector.matchLabels)) assert.equal(service.metadata.labels?.[k], v)
    assert.ok(service.spec.ports.some((p) => p.name === monitor.endpoints[0]?.port))
    assert.equal(monitor.endpoints[0]?.path, '/metrics')
    const rules = (
      find(production, 'PrometheusRule', 'rm-relaymesh').spec as {
        groups: { rules: { alert: string; expr: string }[] }[]
      }
    ).groups.flatMap((g) => g.rules)
    assert.deepEqual(rules.map((r) => r.alert).sort(), [
      'RelaymeshApiDown',
      'RelaymeshAttesterEquivocation',
      'RelaymeshBacklogGrowing',
      'RelaymeshMessagesFailed',
      'RelaymeshMessagesRejected',
      'RelaymeshSettlerBalanceLow',
      'RelaymeshStatsUnavailable',
    ])
    const used = new Set(rules.flatMap((r) => [...r.expr.matchAll(/\b([a-z_]+)\{/g)].map((m) => m[1])))
    // Every metric the rules use is exported by the api (relaymesh_settler_balance_wei too, labelled by chain domain).
    for (const metric of used)
      if (metric !== 'up') assert.ok(apiMetricsSource.includes(`'${metric}'`), `${metric} is not exported by the api`)
    // The summary names the metric's own label (`chain`), not one it does not have.
    const summaries = (
      find(production, 'PrometheusRule', 'rm-relaymesh').spec as {
        groups: { rules: { alert: string; annotations: { summary: string } }[] }[]
      }
    ).groups.flatMap((g) => g.rules)
    assert.match(
      summaries.find((r) => r.alert === 'RelaymeshSettlerBalanceLow')?.annotations.summary ?? '',
      /domain \{\{ \$labels\.chain \}\}/,
    )
    const balance = rules.find((r) => r.alert === 'RelaymeshSettlerBalanceLow')?.expr ?? ''
    assert.match(balance, /chain="1"\} < 200000000000000000/)
    assert.match(balance, /chain="56"\} < 1000000000000000000/)
  })

  test('tracing: the OTLP protocol from tracing.protocol, the Jaeger UI for `relaymesh message` from tracing.jaegerUiUrl', async () => {
    const json = await renderChart({ valuesFiles: [productionValues], set: { 'tracing.protocol': 'http/json' } })
    for (const [manifests, protocol, jaeger] of [
      [defaults, 'http/protobuf', undefined],
      [production, 'http/protobuf', 'https://jaeger.example.com'],
      [json, 'http/json', 'https://jaeger.example.com'],
    ] as const) {
      // The services (the migration Job exports no traces).
      for (const c of relaymeshContainers(manifests).filter((x) => x.owner.startsWith('Deployment/'))) {
        assert.equal(envOf(c, 'OTEL_EXPORTER_OTLP_PROTOCOL'), protocol, c.owner)
        assert.equal(envOf(c, 'RELAYMESH_JAEGER_URL'), jaeger, c.owner)
      }
    }
  })
})
