// The chart's explorer values (api.explorer: enabled, path, jaegerUrl) rendered into the relayer config the api reads,
// checked against the relayer's own config schema, and the NOTES line that says where the page is.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { relayerConfigSchema } from '../../libs/relayer/src/config/relayerConfigSchema.js'
import { chartDir, helm, productionValues, renderChart, type Manifest } from './testing/renderChart.js'

function explorerConfigOf(manifests: Manifest[]): unknown {
  const config = manifests.find(
    (m) => (m.kind === 'ConfigMap' || m.kind === 'Secret') && m.metadata.name === 'rm-relaymesh-config',
  )
  assert.ok(config, 'no relayer config object')
  // reason: ConfigMap.data or Secret.stringData
  const data = (config.data ?? config.stringData) as Record<string, string>
  return relayerConfigSchema.parse(JSON.parse(data['relayer.json'] ?? '')).api.explorer
}

describe('helm chart: the explorer', () => {
  test('on by default at /explorer, its trace links from RELAYMESH_JAEGER_URL (tracing.jaegerUiUrl)', async () => {
    assert.deepEqual(explorerConfigOf(await renderChart()), { path: '/explorer' })
    assert.deepEqual(explorerConfigOf(await renderChart({ valuesFiles: [productionValues] })), { path: '/explorer' })
  })

  test('api.explorer.path moves it, api.explorer.jaegerUrl names its own Jaeger, enabled=false turns it off', async () => {
    const moved = await renderChart({
      set: { 'api.explorer.path': '/ui/explorer', 'api.explorer.jaegerUrl': 'https://traces.example.com' },
    })
    assert.deepEqual(explorerConfigOf(moved), { path: '/ui/explorer', jaegerUrl: 'https://traces.example.com' })
    assert.equal(explorerConfigOf(await renderChart({ set: { 'api.explorer.enabled': false } })), false)
  })

  test('NOTES.txt says where the page is, and nothing when it is off', async () => {
    const notesOf = async (set: string[]) => {
      const result = await helm(['install', 'rm', chartDir, '--dry-run=client', '--namespace', 'relaymesh', ...set])
      assert.equal(result.code, 0, result.stderr)
      return result.stdout.slice(result.stdout.indexOf('NOTES:'))
    }
    assert.match(
      await notesOf(['--set', 'api.explorer.path=/ui']),
      /http:\/\/localhost:8080\/ui\/ after the port-forward/,
    )
    assert.doesNotMatch(await notesOf(['--set', 'api.explorer.enabled=false']), /explorer/i)
  })
})
