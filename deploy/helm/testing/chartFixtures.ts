// Test-only: what the chart's test files (deploy/helm/chart*.test.ts) share: the renders most of them read, and
// readers of the rendered config, containers and env.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  chartDir,
  containersOf,
  productionValues,
  type Container,
  type Manifest,
  type RenderParameters,
} from './renderChart.js'

export const apiMetricsSource = readFileSync(
  new URL('../../../libs/relayer/src/api/ApiMetrics.ts', import.meta.url),
  'utf8',
)
// The attester's metrics are written where it answers HTTP.
export const attesterMetricsSource = ['startAttester.ts', 'createAttesterRequestHandler.ts']
  .map((file) => readFileSync(new URL(`../../../libs/relayer/src/attester/${file}`, import.meta.url), 'utf8'))
  .join('\n')
export const chartVersion = /appVersion: "([^"]+)"/.exec(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'))?.[1]
export const WORKLOADS = new Set(['Deployment', 'Job'])

/** Every feature on at once: Jaeger, worker health ports, monitoring, config in a Secret, restricted egress. */
const everythingOn = {
  'jaeger.enabled': true,
  'workerHealth.enabled': true,
  'metrics.serviceMonitor.enabled': true,
  'metrics.prometheusRule.enabled': true,
  'config.storeIn': 'Secret',
  'networkPolicy.egress.allowAll': false,
  'verifier.autoscaling.enabled': false,
  'database.passwordSecret.name': 'pg',
}

/** The renders most tests read: the chart's defaults, the production example, and every feature on. */
export const STANDARD_RENDERS = {
  defaults: {},
  production: { valuesFiles: [productionValues] },
  everything: { set: everythingOn },
} satisfies Record<string, RenderParameters>

export function relaymeshContainers(manifests: Manifest[]): (Container & { owner: string })[] {
  return manifests
    .filter((m) => WORKLOADS.has(m.kind) && m.metadata.labels?.['app.kubernetes.io/component'] !== 'jaeger')
    .flatMap((m) => containersOf(m).map((c) => Object.assign({ owner: `${m.kind}/${m.metadata.name}` }, c)))
}

export function relayerConfigOf(manifests: Manifest[], name = 'rm-relaymesh-config'): unknown {
  const config = manifests.find((m) => (m.kind === 'ConfigMap' || m.kind === 'Secret') && m.metadata.name === name)
  assert.ok(config, `no config object ${name}`)
  // reason: ConfigMap.data or Secret.stringData
  const data = (config.data ?? config.stringData) as Record<string, string>
  return JSON.parse(data['relayer.json'] ?? '')
}

export function envOf(container: { env?: { name: string; value?: string }[] }, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value
}
