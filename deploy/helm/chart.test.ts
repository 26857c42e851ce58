import assert from 'node:assert/strict'
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { attesterConfigSchema } from '../../libs/relayer/src/attester/loadAttesterConfig.js'
import { relayerConfigSchema } from '../../libs/relayer/src/config/relayerConfigSchema.js'
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

const apiMetricsSource = readFileSync(new URL('../../libs/relayer/src/api/ApiMetrics.ts', import.meta.url), 'utf8')
// The attester's metrics are written where it answers HTTP.
const attesterMetricsSource = ['startAttester.ts', 'createAttesterRequestHandler.ts']
  .map((file) => readFileSync(new URL(`../../libs/relayer/src/attester/${file}`, import.meta.url), 'utf8'))
  .join('\n')
const chartVersion = /appVersion: "([^"]+)"/.exec(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'))?.[1]
const WORKLOADS = new Set(['Deployment', 'Job'])

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

function relaymeshContainers(manifests: Manifest[]): (Container & { owner: string })[] {
  return manifests
    .filter((m) => WORKLOADS.has(m.kind) && m.metadata.labels?.['app.kubernetes.io/component'] !== 'jaeger')
    .flatMap((m) => containersOf(m).map((c) => Object.assign({ owner: `${m.kind}/${m.metadata.name}` }, c)))
}

function relayerConfigOf(manifests: Manifest[], name = 'rm-relaymesh-config'): unknown {
  const config = manifests.find((m) => (m.kind === 'ConfigMap' || m.kind === 'Secret') && m.metadata.name === name)
  assert.ok(config, `no config object ${name}`)
  const data = (config.data ?? config.stringData) as Record<string, string> // reason: ConfigMap.data or Secret.stringData
  return JSON.parse(data['relayer.json'] ?? '')
}

function envOf(container: { env?: { name: string; value?: string }[] }, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value
}

describe('helm chart deploy/helm/relaymesh', () => {
  let defaults: Manifest[]
  let production: Manifest[]
  let everything: Manifest[]
  let scratch: string

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'relaymesh-chart-'))
    ;[defaults, production, everything] = await Promise.all([
      renderChart(),
      renderChart({ valuesFiles: [productionValues] }),
      renderChart({ set: everythingOn }),
    ])
  })
  after(() => rmSync(scratch, { recursive: true, force: true }))

  test('helm lint --strict passes for the default and the production values', async () => {
    const [plain, prod] = await Promise.all([
      helm(['lint', '--strict', chartDir]),
      helm(['lint', '--strict', chartDir, '--values', productionValues]),
    ])
    assert.equal(plain.code, 0, plain.stdout + plain.stderr)
    assert.equal(prod.code, 0, prod.stdout + prod.stderr)
  })

  test('every rendered manifest validates against the Kubernetes schemas (CRDs by shape)', async () => {
    for (const [label, manifests] of [
      ['defaults', defaults],
      ['production', production],
      ['everything on', everything],
    ] as const) {
      assert.ok(manifests.length >= 12, `${label}: only ${manifests.length} manifests`)
      for (const m of manifests) await validateManifest(m)
      const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`)
      assert.equal(new Set(names).size, names.length, `${label}: duplicate objects`)
    }
    assert.deepEqual(
      production
        .filter((m) => m.apiVersion === 'monitoring.coreos.com/v1')
        .map((m) => m.kind)
        .sort(),
      ['PrometheusRule', 'ServiceMonitor'],
    )
  })

  test('renders the services: a watcher per chain, verifier with HPA and PDB, batcher, settler, api with Service and PDB', () => {
    const deployments = production
      .filter((m) => m.kind === 'Deployment')
      .map((m) => m.metadata.name)
      .sort()
    assert.deepEqual(deployments, [
      'rm-relaymesh-api',
      'rm-relaymesh-batcher',
      'rm-relaymesh-settler',
      'rm-relaymesh-verifier',
      'rm-relaymesh-watcher-bsc',
      'rm-relaymesh-watcher-ethereum',
    ])
    for (const [chain, domain] of [
      ['ethereum', '1'],
      ['bsc', '56'],
    ]) {
      const [watcher] = containersOf(find(production, 'Deployment', `rm-relaymesh-watcher-${chain}`))
      assert.deepEqual(watcher?.args, ['watcher'])
      assert.equal(envOf(watcher ?? {}, 'RELAYMESH_ORIGINS'), domain)
    }
    const hpa = find(production, 'HorizontalPodAutoscaler', 'rm-relaymesh-verifier').spec as {
      scaleTargetRef: { name: string }
      minReplicas: number
      maxReplicas: number
    }
    assert.deepEqual([hpa.scaleTargetRef.name, hpa.minReplicas, hpa.maxReplicas], ['rm-relaymesh-verifier', 3, 24])
    assert.equal(
      (find(production, 'Deployment', 'rm-relaymesh-verifier').spec as { replicas?: number }).replicas,
      undefined,
      'the HPA owns replicas',
    )
    assert.equal((find(everything, 'Deployment', 'rm-relaymesh-verifier').spec as { replicas?: number }).replicas, 2)
    for (const name of ['rm-relaymesh-verifier', 'rm-relaymesh-api']) find(production, 'PodDisruptionBudget', name)
    find(production, 'Service', 'rm-relaymesh-api')
    find(production, 'ServiceAccount', 'rm-relaymesh')
    assert.equal(production.filter((m) => m.kind === 'NetworkPolicy').length, 2)
  })

  test('the settler runs exactly one replica with the Recreate strategy', () => {
    for (const manifests of [defaults, production, everything]) {
      const spec = find(manifests, 'Deployment', 'rm-relaymesh-settler').spec as {
        replicas: number
        strategy: { type: string }
      }
      assert.equal(spec.replicas, 1)
      assert.equal(spec.strategy.type, 'Recreate')
    }
  })

  test('the rendered relayer config is accepted by relayerConfigSchema and carries the values', () => {
    for (const manifests of [defaults, production, everything]) {
      const parsed = relayerConfigSchema.safeParse(relayerConfigOf(manifests))
      assert.ok(parsed.success, parsed.success ? '' : parsed.error.message)
    }
    const config = relayerConfigSchema.parse(relayerConfigOf(production))
    assert.equal(config.relayerId, 'acme-1')
    assert.equal(config.threshold, 2)
    assert.deepEqual(config.proposers, { 1: 'acme-1', 56: 'bravo-1' })
    assert.deepEqual(Object.keys(config.relayers), ['acme-1', 'bravo-1', 'carol-1'])
    assert.deepEqual(
      config.chains.map((c) => [c.name, c.domain, c.startBlock]),
      [
        ['ethereum', 1, 21000000n],
        ['bsc', 56, 45000000n],
      ],
    )
    assert.deepEqual(config.api, { host: '0.0.0.0', port: 8080, explorer: { path: '/explorer' } })
    assert.equal(config.verifierThreads, 4)
    // The migration hook reads its own copy (pre-install runs before the release's objects exist): it must be the same.
    assert.deepEqual(relayerConfigOf(production, 'rm-relaymesh-migrate'), relayerConfigOf(production))
  })

  test('the relayer config (RPC URLs with API keys) is a Secret by default; a ConfigMap only when asked', async () => {
    for (const name of ['rm-relaymesh-config', 'rm-relaymesh-migrate']) {
      assert.equal(
        defaults.find((m) => m.metadata.name === name && (m.kind === 'Secret' || m.kind === 'ConfigMap'))?.kind,
        'Secret',
        name,
      )
    }
    const plain = await renderChart({ set: { 'config.storeIn': 'ConfigMap' } })
    assert.equal(find(plain, 'ConfigMap', 'rm-relaymesh-config').kind, 'ConfigMap')
    const volumes = (
      find(defaults, 'Deployment', 'rm-relaymesh-watcher-ethereum').spec as {
        template: { spec: { volumes: { name: string; secret?: { secretName: string } }[] } }
      }
    ).template.spec.volumes
    assert.equal(volumes.find((v) => v.name === 'config')?.secret?.secretName, 'rm-relaymesh-config')
  })

  test('label values are strings even when a relayer id or chain name is all digits', async () => {
    const file = join(scratch, 'digits.json')
    writeFileSync(
      file,
      JSON.stringify({
        relayer: { id: '1' },
        chains: [
          {
            name: '56',
            domain: 56,
            rpcUrl: 'https://rpc.example.com',
            outbox: `0x${'1'.repeat(40)}`,
            inbox: `0x${'2'.repeat(40)}`,
          },
        ],
        mesh: {
          relayers: [{ id: '1', address: `0x${'3'.repeat(40)}` }],
          threshold: 1,
          proposers: [{ destination: 56, relayer: '1' }],
        },
      }),
    )
    const manifests = await renderChart({ valuesFiles: [file], set: { 'metrics.prometheusRule.enabled': true } })
    const watcher = find(manifests, 'Deployment', 'rm-relaymesh-watcher-56')
    assert.equal(watcher.metadata.labels?.['relaymesh.io/relayer'], '1')
    assert.equal(watcher.metadata.labels?.['relaymesh.io/chain'], '56')
    for (const m of manifests) {
      for (const [k, v] of Object.entries(m.metadata.labels ?? {}))
        assert.equal(typeof v, 'string', `${m.kind}/${m.metadata.name} label ${k}`)
      await validateManifest(m)
    }
  })

  test('extraVolumes and extraVolumeMounts reach every relaymesh pod and the migration Job; the admin token only the api', async () => {
    const manifests = await renderChart({
      set: {
        'api.adminToken.existingSecret': 'rm-admin',
        'extraVolumes[0].name': 'pg-ca',
        'extraVolumes[0].secret.secretName': 'pg-ca',
        'extraVolumeMounts[0].name': 'pg-ca',
        'extraVolumeMounts[0].mountPath': '/etc/relaymesh/pg-ca',
        'extraVolumeMounts[0].readOnly': true,
      },
    })
    type Pod = {
      template: {
        spec: { volumes: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] } }[] }
      }
    }
    for (const m of manifests.filter(
      (x) => WORKLOADS.has(x.kind) && x.metadata.labels?.['app.kubernetes.io/component'] !== 'jaeger',
    )) {
      await validateManifest(m)
      const volumes = (m.spec as Pod).template.spec.volumes
      assert.equal(volumes.find((v) => v.name === 'pg-ca')?.secret?.secretName, 'pg-ca', m.metadata.name)
      const [container] = containersOf(m) as (Container & { volumeMounts: { name: string; mountPath: string }[] })[]
      assert.ok(
        container?.volumeMounts.some((v) => v.name === 'pg-ca' && v.mountPath === '/etc/relaymesh/pg-ca'),
        m.metadata.name,
      )
      const isApi = m.metadata.name === 'rm-relaymesh-api'
      assert.equal(
        volumes.some((v) => v.name === 'admin-token'),
        isApi,
        `${m.metadata.name}: admin token volume`,
      )
      assert.equal(
        envOf(container ?? {}, 'RELAYMESH_ADMIN_TOKEN_FILE'),
        isApi ? '/etc/relaymesh/admin/admin-token' : undefined,
        m.metadata.name,
      )
      if (isApi) {
        assert.deepEqual(volumes.find((v) => v.name === 'admin-token')?.secret, {
          secretName: 'rm-admin',
          defaultMode: 288,
          items: [{ key: 'admin-token', path: 'admin-token' }],
        })
        assert.ok(
          container?.volumeMounts.some((v) => v.name === 'admin-token' && v.mountPath === '/etc/relaymesh/admin'),
        )
      }
    }
    const [api] = containersOf(find(defaults, 'Deployment', 'rm-relaymesh-api'))
    assert.equal(envOf(api ?? {}, 'RELAYMESH_ADMIN_TOKEN_FILE'), undefined, 'no Secret named: admin routes off')
  })

  test('NATS credentials, TLS files and stream replicas and a libpq sslmode reach the relayer config, accepted by its schema', async () => {
    const manifests = await renderChart({
      set: {
        'nats.credsFile': '/etc/relaymesh/nats/relayer.creds',
        'nats.tls.caFile': '/etc/relaymesh/nats/ca.crt',
        'nats.replicas.mesh': 3,
      },
      setString: {
        'database.url':
          'postgres://relaymesh@pg:5432/relaymesh?sslmode=verify-full&sslrootcert=/etc/relaymesh/pg-ca/ca.crt',
      },
    })
    const config = relayerConfigSchema.parse(relayerConfigOf(manifests))
    assert.deepEqual(config.nats, {
      credsFile: '/etc/relaymesh/nats/relayer.creds',
      tls: { caFile: '/etc/relaymesh/nats/ca.crt' },
      replicas: { mesh: 3 },
    })
    assert.match(config.databaseUrl, /sslmode=verify-full&sslrootcert=/)
    assert.equal((relayerConfigOf(defaults) as { nats?: unknown }).nats, undefined, 'none given: no nats block')
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

  test('large domains and block numbers render as integers, not floats', async () => {
    const file = join(scratch, 'large.json')
    writeFileSync(
      file,
      JSON.stringify({
        chains: [
          {
            name: 'sepolia',
            domain: 11155111,
            rpcUrl: 'https://rpc.example.com',
            outbox: `0x${'1'.repeat(40)}`,
            inbox: `0x${'2'.repeat(40)}`,
            startBlock: 123456789012,
          },
        ],
        mesh: {
          relayers: [{ id: 'r1', address: `0x${'3'.repeat(40)}` }],
          threshold: 1,
          proposers: [{ destination: 11155111, relayer: 'r1' }],
        },
      }),
    )
    const manifests = await renderChart({ valuesFiles: [file] })
    const config = relayerConfigSchema.parse(relayerConfigOf(manifests))
    assert.equal(config.chains[0]?.domain, 11155111)
    assert.equal(config.chains[0]?.startBlock, 123456789012n)
    assert.deepEqual(config.proposers, { 11155111: 'r1' })
    const [watcher] = containersOf(find(manifests, 'Deployment', 'rm-relaymesh-watcher-sepolia'))
    assert.equal(envOf(watcher ?? {}, 'RELAYMESH_ORIGINS'), '11155111')
  })

  test('a long release name still renders names Kubernetes accepts', async () => {
    const manifests = await renderChart({
      releaseName: 'a-very-long-release-name-for-the-relayer-of-acme-corp',
      set: { 'metrics.prometheusRule.enabled': true },
    })
    for (const m of manifests) await validateManifest(m)
    assert.ok(manifests.some((m) => m.metadata.name.endsWith('-watcher-ethereum')))
  })

  test('the migration Job is a pre-install/pre-upgrade hook running `relaymesh migrate`, after its config', () => {
    const job = find(production, 'Job', 'rm-relaymesh-migrate')
    assert.equal(job.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade')
    const config = find(production, 'Secret', 'rm-relaymesh-migrate')
    assert.equal(config.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade')
    assert.ok(
      Number(config.metadata.annotations?.['helm.sh/hook-weight']) <
        Number(job.metadata.annotations?.['helm.sh/hook-weight']),
    )
    assert.equal(
      config.metadata.annotations?.['helm.sh/hook-delete-policy'],
      'before-hook-creation,hook-succeeded,hook-failed',
      'the copy of the RPC URLs is deleted after the hook',
    )
    const [migrate] = containersOf(job)
    assert.deepEqual(migrate?.args, ['migrate'])
    assert.equal(envOf(migrate ?? {}, 'RELAYMESH_RELAYER_KEY_FILE'), undefined, 'migrating needs no key')
  })

  test('the migration Job and every service use the same image reference', async () => {
    for (const manifests of [defaults, production, everything]) {
      const containers = relaymeshContainers(manifests)
      assert.ok(containers.some((c) => c.owner === 'Job/rm-relaymesh-migrate'))
      assert.ok(containers.length >= 6)
      assert.deepEqual(
        [...new Set(containers.map((c) => c.image))].length,
        1,
        containers.map((c) => `${c.owner} ${c.image}`).join('\n'),
      )
    }
    assert.equal(relaymeshContainers(defaults)[0]?.image, `ghcr.io/relaymesh/relaymesh:${chartVersion}`)
    const digest = `sha256:${'ab'.repeat(32)}`
    const pinned = await renderChart({ set: { 'image.tag': '1.2.3', 'image.digest': digest } })
    for (const c of relaymeshContainers(pinned))
      assert.equal(c.image, `ghcr.io/relaymesh/relaymesh:1.2.3@${digest}`, c.owner)
  })

  test('the relayer key comes only from a Secret the chart does not create, mounted only where it signs (batcher, settler)', () => {
    for (const [manifests, secret] of [
      [defaults, 'rm-relaymesh-relayer-key'],
      [production, 'relaymesh-acme-1-key'],
      [everything, 'rm-relaymesh-relayer-key'],
    ] as const) {
      assert.ok(
        !manifests.some((m) => m.kind === 'Secret' && m.metadata.name === secret),
        'the chart never renders the key Secret',
      )
      const workloads = manifests.filter(
        (x) => WORKLOADS.has(x.kind) && x.metadata.labels?.['app.kubernetes.io/component'] !== 'jaeger',
      )
      const signers = workloads.filter((m) => {
        const volumes = (
          m.spec as { template: { spec: { volumes: { name: string; secret?: { secretName: string } }[] } } }
        ).template.spec.volumes
        const [container] = containersOf(m) as (Container & { volumeMounts?: { name: string }[] })[]
        const key = volumes.find((v) => v.name === 'key')
        const file = envOf(container ?? {}, 'RELAYMESH_RELAYER_KEY_FILE')
        assert.equal(key !== undefined, file !== undefined, `${m.metadata.name}: volume and variable go together`)
        assert.equal(
          key !== undefined,
          container?.volumeMounts?.some((v) => v.name === 'key') ?? false,
          `${m.metadata.name}: volume and mount go together`,
        )
        if (key)
          assert.deepEqual([key.secret?.secretName, file], [secret, '/etc/relaymesh/key/relayer-key'], m.metadata.name)
        return key !== undefined
      })
      assert.deepEqual(signers.map((m) => m.metadata.name).sort(), ['rm-relaymesh-batcher', 'rm-relaymesh-settler'])
    }
  })

  test('probes: the api on /healthz and /readyz; workers by exec, or on their health port with workerHealth; startup probes for all', () => {
    type Probe = { httpGet?: { path: string; port: string }; exec?: { command: string[] }; failureThreshold?: number }
    type Probed = { startupProbe?: Probe; livenessProbe?: Probe; readinessProbe?: Probe }
    const [api] = containersOf(find(production, 'Deployment', 'rm-relaymesh-api')) as Probed[]
    assert.deepEqual(api?.livenessProbe?.httpGet, { path: '/healthz', port: 'http' })
    assert.deepEqual(api?.readinessProbe?.httpGet, { path: '/readyz', port: 'http' })
    assert.deepEqual(api?.startupProbe?.httpGet, { path: '/healthz', port: 'http' })
    for (const name of ['watcher-ethereum', 'verifier', 'batcher', 'settler']) {
      const [today] = containersOf(find(production, 'Deployment', `rm-relaymesh-${name}`)) as Probed[]
      assert.deepEqual(today?.readinessProbe?.exec?.command, ['node', '/app/deploy/docker/probeDependencies.mjs'])
      assert.deepEqual(today?.startupProbe?.exec?.command, ['node', '/app/deploy/docker/probeDependencies.mjs'])
      assert.equal(today?.startupProbe?.failureThreshold, 36)
      assert.equal(today?.livenessProbe, undefined)
      const [later] = containersOf(find(everything, 'Deployment', `rm-relaymesh-${name}`)) as Probed[]
      assert.deepEqual(later?.startupProbe?.httpGet, { path: '/healthz', port: 'health' })
      assert.deepEqual(later?.livenessProbe?.httpGet, { path: '/healthz', port: 'health' })
      assert.deepEqual(later?.readinessProbe?.httpGet, { path: '/readyz', port: 'health' })
    }
  })

  test('every relaymesh container has resources, a read-only root filesystem and runs as non-root', () => {
    for (const c of relaymeshContainers(everything)) {
      const resources = c.resources as { requests?: Record<string, unknown>; limits?: Record<string, unknown> }
      assert.ok(
        resources.requests?.cpu && resources.requests.memory && resources.limits?.memory,
        `${c.owner}: resources`,
      )
      assert.equal((c.securityContext as { readOnlyRootFilesystem?: boolean }).readOnlyRootFilesystem, true, c.owner)
    }
    for (const m of everything.filter((x) => WORKLOADS.has(x.kind))) {
      const pod = (m.spec as { template: { spec: { securityContext: { runAsNonRoot?: boolean } } } }).template.spec
      assert.equal(pod.securityContext.runAsNonRoot, true, m.metadata.name)
    }
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

  test('NOTES.txt says how to reach the API and Jaeger', async () => {
    const dev = await helm([
      'install',
      'rm',
      chartDir,
      '--dry-run=client',
      '--namespace',
      'relaymesh',
      '--set',
      'jaeger.enabled=true',
    ])
    assert.equal(dev.code, 0, dev.stderr)
    const notes = dev.stdout.slice(dev.stdout.indexOf('NOTES:'))
    assert.match(notes, /port-forward svc\/rm-relaymesh-api 8080:80/)
    assert.match(notes, /port-forward svc\/rm-relaymesh-jaeger 16686:16686/)
    const prod = await helm([
      'install',
      'rm',
      chartDir,
      '--dry-run=client',
      '--namespace',
      'relaymesh',
      '--values',
      productionValues,
    ])
    assert.match(prod.stdout.slice(prod.stdout.indexOf('NOTES:')), /open https:\/\/jaeger\.example\.com/)
  })
})
