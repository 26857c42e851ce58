import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { envOf, relaymeshContainers, STANDARD_RENDERS, WORKLOADS } from './testing/chartFixtures.js'
import { containersOf, find, renderChart, type Container, type Manifest } from './testing/renderChart.js'
import { validateManifest } from './testing/validateManifest.js'

describe('helm chart deploy/helm/relaymesh: volumes, the relayer key, probes and pod security', () => {
  let defaults: Manifest[]
  let production: Manifest[]
  let everything: Manifest[]

  before(async () => {
    ;[defaults, production, everything] = await Promise.all([
      renderChart(STANDARD_RENDERS.defaults),
      renderChart(STANDARD_RENDERS.production),
      renderChart(STANDARD_RENDERS.everything),
    ])
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
})
