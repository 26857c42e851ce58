import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { relayerConfigSchema } from '../../libs/relayer/src/config/relayerConfigSchema.js'
import { chartVersion, envOf, relayerConfigOf, relaymeshContainers, STANDARD_RENDERS } from './testing/chartFixtures.js'
import {
  chartDir,
  containersOf,
  find,
  helm,
  productionValues,
  renderChart,
  type Manifest,
} from './testing/renderChart.js'
import { validateManifest } from './testing/validateManifest.js'

describe('helm chart deploy/helm/relaymesh: workloads, their relayer config, release and hooks', () => {
  let defaults: Manifest[]
  let production: Manifest[]
  let everything: Manifest[]
  let scratch: string

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'relaymesh-chart-'))
    ;[defaults, production, everything] = await Promise.all([
      renderChart(STANDARD_RENDERS.defaults),
      renderChart(STANDARD_RENDERS.production),
      renderChart(STANDARD_RENDERS.everything),
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

  test('the light clients are configurable: Ethereum sync committee and BSC Parlia pass the chart and the relayer', async () => {
    const file = join(scratch, 'light-clients.json')
    const root = `0x${'ab'.repeat(32)}`
    const lightClient = {
      kind: 'light-client',
      beaconApiUrl: 'https://beacon.example.com',
      trustedBlockRoot: root,
      genesisValidatorsRoot: root,
      preset: 'mainnet',
      forkSchedule: { CAPELLA_FORK_VERSION: '0x03000000', CAPELLA_FORK_EPOCH: 194048 },
      slotClock: { kind: 'wall', genesisTime: 1606824023, secondsPerSlot: 12 },
      pollIntervalMs: 1000,
    }
    const parlia = {
      kind: 'parlia',
      chainId: 56,
      epochLength: 1000,
      trustedEpochs: [{ number: 1000, extraData: '0x00' }],
      feedFrom: 1000,
      headersPerMessage: 64,
    }
    const evm = (name: string, domain: number, finality: unknown) => ({
      name,
      domain,
      rpcUrl: `https://${name}.example.com`,
      outbox: `0x${'1'.repeat(40)}`,
      inbox: `0x${'2'.repeat(40)}`,
      finality,
    })
    writeFileSync(
      file,
      JSON.stringify({
        chains: [evm('ethereum', 1, lightClient), evm('bsc', 56, parlia)],
        mesh: {
          relayers: [{ id: 'r1', address: `0x${'3'.repeat(40)}` }],
          threshold: 1,
          proposers: [
            { destination: 1, relayer: 'r1' },
            { destination: 56, relayer: 'r1' },
          ],
        },
      }),
    )
    const config = relayerConfigSchema.parse(relayerConfigOf(await renderChart({ valuesFiles: [file] })))
    assert.deepEqual(config.chains[0]?.finality, lightClient)
    assert.deepEqual(config.chains[1]?.finality, parlia)
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
