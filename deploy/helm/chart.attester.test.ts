import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { attesterConfigSchema } from '../../libs/relayer/src/attester/loadAttesterConfig.js'
import { attesterMetricsSource, envOf, STANDARD_RENDERS } from './testing/chartFixtures.js'
import {
  chartDir,
  containersOf,
  find,
  helm,
  productionValues,
  renderChart,
  type Container,
  type Manifest,
} from './testing/renderChart.js'
import { validateManifest } from './testing/validateManifest.js'

describe('helm chart deploy/helm/relaymesh: the Solana attester', () => {
  let production: Manifest[]

  before(async () => {
    production = await renderChart(STANDARD_RENDERS.production)
  })

  test('the Solana attester (opt-in): its Deployment with its own key and tokens, config Secret, Service, probes and NetworkPolicy', async () => {
    assert.ok(!production.some((m) => m.metadata.name === 'rm-relaymesh-attester'), 'off by default')
    const member = '11111111111111111111111111111111'
    const attester = {
      'attester.enabled': true,
      'attester.key.existingSecret': 'attester-key',
      'attester.tokens.existingSecret': 'attester-tokens',
      'attester.solana.feeAccount': member,
      'attester.committee.schedule[0].fromEpoch': 0,
      'attester.committee.schedule[0].members[0].pubkey': member,
    }
    const manifests = await renderChart({
      set: attester,
      setString: { 'attester.committee.schedule[0].members[0].stake': '10' },
    })
    for (const m of manifests.filter((x) => x.metadata.name.startsWith('rm-relaymesh-attester')))
      await validateManifest(m)
    const secret = find(manifests, 'Secret', 'rm-relaymesh-attester-config') as Manifest & {
      stringData: Record<string, string>
    }
    const config = attesterConfigSchema.parse(JSON.parse(secret.stringData['attester.json'] ?? ''))
    assert.deepEqual(
      [config.attesterId, config.api.port, config.solana.domain, config.committee.schedule[0]?.members[0]?.stake],
      ['a1', 8090, 1399811149, 10n],
    )
    const deployment = find(manifests, 'Deployment', 'rm-relaymesh-attester')
    const [container] = containersOf(deployment) as (Container & {
      startupProbe?: unknown
      readinessProbe?: { httpGet?: { path: string } }
    })[]
    assert.deepEqual(container?.args, ['attester'])
    assert.equal(envOf(container ?? {}, 'RELAYMESH_ATTESTER_KEY_FILE'), '/etc/relaymesh/attester-key/attester-key')
    assert.equal(envOf(container ?? {}, 'RELAYMESH_RELAYER_KEY_FILE'), undefined, 'no relayer key in the attester')
    assert.ok(container?.startupProbe)
    assert.equal(container?.readinessProbe?.httpGet?.path, '/readyz')
    const volumes = (
      deployment.spec as { template: { spec: { volumes: { name: string; secret?: { secretName: string } }[] } } }
    ).template.spec.volumes
    assert.deepEqual(
      volumes
        .filter((v) => v.secret)
        .map((v) => v.secret?.secretName)
        .sort(),
      ['attester-key', 'attester-tokens', 'rm-relaymesh-attester-config'],
    )
    find(manifests, 'Service', 'rm-relaymesh-attester')
    find(manifests, 'NetworkPolicy', 'rm-relaymesh-attester')
    const missing = await helm(['template', 'rm', chartDir, '--set', 'attester.enabled=true'])
    assert.notEqual(missing.code, 0)
    assert.match(missing.stderr, /attester\.key\.existingSecret/)
  })

  test('monitoring the attester: a PodMonitor on its port, its own alerts on the metrics it exports, traces exported like every service', async () => {
    const member = '11111111111111111111111111111111'
    const set = {
      'attester.enabled': true,
      'attester.key.existingSecret': 'attester-key',
      'attester.tokens.existingSecret': 'attester-tokens',
      'attester.solana.feeAccount': member,
      'attester.committee.schedule[0].fromEpoch': 0,
      'attester.committee.schedule[0].members[0].pubkey': member,
      'attester.networkPolicyFrom[0].podSelector.matchLabels.app': 'watcher',
      'networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name': 'monitoring',
    }
    const manifests = await renderChart({
      valuesFiles: [productionValues],
      set,
      setString: { 'attester.committee.schedule[0].members[0].stake': '10' },
    })
    const monitor = find(manifests, 'PodMonitor', 'rm-relaymesh-attester') as Manifest & {
      spec: {
        selector: { matchLabels: Record<string, string> }
        podMetricsEndpoints: {
          port: string
          path: string
          relabelings: { targetLabel: string; replacement: string }[]
        }[]
      }
    }
    await validateManifest(monitor)
    const deployment = find(manifests, 'Deployment', 'rm-relaymesh-attester') as Manifest & {
      spec: { template: { metadata: { labels: Record<string, string> } } }
    }
    for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels))
      assert.equal(deployment.spec.template.metadata.labels[k], v, k)
    const [container] = containersOf(deployment) as (Container & { ports: { name: string }[] })[]
    const endpoint = monitor.spec.podMetricsEndpoints[0]
    assert.ok(container?.ports.some((p) => p.name === endpoint?.port))
    assert.equal(endpoint?.path, '/metrics')
    assert.deepEqual(
      endpoint?.relabelings.map((r) => [r.targetLabel, r.replacement]),
      [
        ['relayer', 'acme-1'],
        ['attester', 'a1'],
      ],
    )
    // Off with the monitors: no PodMonitor.
    const off = await renderChart({
      set: { ...set, 'metrics.serviceMonitor.enabled': false },
      setString: { 'attester.committee.schedule[0].members[0].stake': '10' },
    })
    assert.ok(!off.some((m) => m.kind === 'PodMonitor' && m.metadata.name === 'rm-relaymesh-attester'))
    // Prometheus reaches the port through a restricted NetworkPolicy.
    const policy = find(manifests, 'NetworkPolicy', 'rm-relaymesh-attester') as Manifest & {
      spec: { ingress: { from: unknown[] }[] }
    }
    assert.deepEqual(
      policy.spec.ingress.map((r) => r.from),
      [
        [{ podSelector: { matchLabels: { app: 'watcher' } } }],
        [{ namespaceSelector: { matchLabels: { name: 'monitoring' } } }],
      ],
    )
    const groups = (
      find(manifests, 'PrometheusRule', 'rm-relaymesh').spec as {
        groups: { name: string; rules: { alert: string; expr: string }[] }[]
      }
    ).groups
    const rules = groups.find((g) => g.name === 'relaymesh.attester.a1')?.rules ?? []
    assert.deepEqual(
      rules.map((r) => r.alert),
      ['RelaymeshAttesterDown', 'RelaymeshAttesterNotSigning', 'RelaymeshAttesterRefusedSecondCommitment'],
    )
    for (const metric of new Set(rules.flatMap((r) => [...r.expr.matchAll(/\b([a-z_]+)\{/g)].map((m) => m[1])))) {
      if (metric !== 'up')
        assert.ok(attesterMetricsSource.includes(`'${metric}'`), `${metric} is not exported by the attester`)
    }
    assert.equal(envOf(container ?? {}, 'OTEL_TRACES_EXPORTER'), 'otlp')
    assert.equal(
      envOf(container ?? {}, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
      envOf(containersOf(find(manifests, 'Deployment', 'rm-relaymesh-api'))[0] ?? {}, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
    )
    assert.match(envOf(container ?? {}, 'OTEL_RESOURCE_ATTRIBUTES') ?? '', /relaymesh\.component=attester/)
  })

  test('attester TLS (opt-in): HTTPS from a tls Secret, mTLS with its client CA, HTTPS probes, the PodMonitor scraping https', async () => {
    const member = '11111111111111111111111111111111'
    const set = {
      'attester.enabled': true,
      'attester.key.existingSecret': 'attester-key',
      'attester.tokens.existingSecret': 'attester-tokens',
      'attester.solana.feeAccount': member,
      'attester.committee.schedule[0].fromEpoch': 0,
      'attester.committee.schedule[0].members[0].pubkey': member,
      'attester.tls.existingSecret': 'attester-tls',
      'attester.tls.clientCaKey': 'ca.crt',
      'attester.tls.scrapeTlsConfig.insecureSkipVerify': true,
    }
    const manifests = await renderChart({
      valuesFiles: [productionValues],
      set,
      setString: { 'attester.committee.schedule[0].members[0].stake': '10' },
    })
    const deployment = find(manifests, 'Deployment', 'rm-relaymesh-attester')
    await validateManifest(deployment)
    type Probe = { httpGet: { scheme: string } }
    const [container] = containersOf(deployment) as (Container & {
      startupProbe: Probe
      livenessProbe: Probe
      readinessProbe: Probe
    })[]
    assert.deepEqual(
      [
        'RELAYMESH_ATTESTER_TLS_CERT_FILE',
        'RELAYMESH_ATTESTER_TLS_KEY_FILE',
        'RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE',
      ].map((n) => envOf(container ?? {}, n)),
      [
        '/etc/relaymesh/attester-tls/tls.crt',
        '/etc/relaymesh/attester-tls/tls.key',
        '/etc/relaymesh/attester-tls/client-ca.crt',
      ],
    )
    assert.deepEqual(
      [container?.startupProbe, container?.livenessProbe, container?.readinessProbe].map((p) => p?.httpGet.scheme),
      ['HTTPS', 'HTTPS', 'HTTPS'],
    )
    const volumes = (
      deployment.spec as {
        template: {
          spec: { volumes: { name: string; secret?: { secretName: string; items: { key: string; path: string }[] } }[] }
        }
      }
    ).template.spec.volumes
    assert.deepEqual(
      volumes.find((v) => v.name === 'tls')?.secret?.items.map((i) => [i.key, i.path]),
      [
        ['tls.crt', 'tls.crt'],
        ['tls.key', 'tls.key'],
        ['ca.crt', 'client-ca.crt'],
      ],
    )
    const monitor = find(manifests, 'PodMonitor', 'rm-relaymesh-attester') as Manifest & {
      spec: { podMetricsEndpoints: { scheme?: string; tlsConfig?: unknown }[] }
    }
    await validateManifest(monitor)
    assert.deepEqual(
      [monitor.spec.podMetricsEndpoints[0]?.scheme, monitor.spec.podMetricsEndpoints[0]?.tlsConfig],
      ['https', { insecureSkipVerify: true }],
    )
    // Without the Secret: plain HTTP, as before.
    const plain = find(
      await renderChart({
        set: { ...set, 'attester.tls.existingSecret': '' },
        setString: { 'attester.committee.schedule[0].members[0].stake': '10' },
      }),
      'Deployment',
      'rm-relaymesh-attester',
    )
    const [plainContainer] = containersOf(plain) as (Container & { readinessProbe: Probe })[]
    assert.deepEqual(
      [plainContainer?.readinessProbe.httpGet.scheme, envOf(plainContainer ?? {}, 'RELAYMESH_ATTESTER_TLS_CERT_FILE')],
      ['HTTP', undefined],
    )
  })
})
