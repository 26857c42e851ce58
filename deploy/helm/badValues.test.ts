import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { helm, productionValues, templateArgs } from './testing/renderChart.js'

const address = (digit: string) => `0x${digit.repeat(40)}`
const chain = (name: string, domain: number) => ({
  name,
  domain,
  rpcUrl: `https://${name}.example.com`,
  outbox: address('1'),
  inbox: address('2'),
})
const twoChains = [chain('ethereum', 1), chain('bsc', 56)]
const relayers = [
  { id: 'r1', address: address('a') },
  { id: 'r2', address: address('b') },
]
const proposers = [
  { destination: 1, relayer: 'r1' },
  { destination: 56, relayer: 'r2' },
]

/**
 * Values the chart must refuse, each with the reason it must give. The schema
 * (values.schema.json) refuses malformed single values; the templates refuse
 * combinations (relaymesh.validate in _helpers.tpl). Each case is layered over
 * the production example, so only the named mistake is wrong.
 */
const cases: { name: string; values: Record<string, unknown>; reason: RegExp }[] = [
  {
    name: 'a relayer key in values',
    values: { relayer: { key: { privateKey: `0x${'1'.repeat(64)}` } } },
    reason: /relayer\/key.*additional properties 'privateKey'/s,
  },
  {
    name: 'the key through extraEnv',
    values: { extraEnv: [{ name: 'RELAYMESH_RELAYER_KEY', value: `0x${'1'.repeat(64)}` }] },
    reason: /extraEnv\/0.*'not' failed/s,
  },
  {
    name: 'a second settler',
    values: { settler: { replicas: 2 } },
    reason: /settler.*additional properties 'replicas'/s,
  },
  {
    name: 'a misspelled top-level key',
    values: { verifer: { threads: 8 } },
    reason: /additional properties 'verifer'/,
  },
  {
    name: 'a password in the database URL',
    values: { database: { url: 'postgres://relaymesh:hunter2@pg:5432/relaymesh' } },
    reason: /database\/url.*does not match pattern/s,
  },
  {
    name: 'a malformed outbox address',
    values: { chains: [{ ...chain('ethereum', 1), outbox: '0x1234' }, chain('bsc', 56)] },
    reason: /chains\/0\/outbox/,
  },
  {
    name: 'a chain without rpcUrl',
    values: { chains: [{ name: 'ethereum', domain: 1, outbox: address('1'), inbox: address('2') }, chain('bsc', 56)] },
    reason: /chains\/0.*missing propert.*rpcUrl/s,
  },
  {
    name: 'an upper-case chain name',
    values: { chains: [chain('Ethereum', 1), chain('bsc', 56)] },
    reason: /chains\/0\/name/,
  },
  {
    name: 'confirmations without a depth',
    values: { chains: [{ ...chain('ethereum', 1), finality: { kind: 'confirmations' } }, chain('bsc', 56)] },
    reason: /chains\/0\/finality/,
  },
  {
    name: 'a replica count as a string',
    values: { api: { replicas: '3' } },
    reason: /api\/replicas.*(got string|want integer)/s,
  },
  { name: 'an unknown trace sampler', values: { tracing: { sampler: 'sometimes' } }, reason: /tracing\/sampler/ },
  { name: 'OTLP over gRPC (no gRPC exporter)', values: { tracing: { protocol: 'grpc' } }, reason: /tracing\/protocol/ },
  {
    name: 'a non-numeric balance threshold',
    values: { metrics: { prometheusRule: { balance: { minWei: '0.1 ether' } } } },
    reason: /balance\/minWei/,
  },
  {
    name: 'the same domain twice',
    values: {
      chains: [chain('ethereum', 1), chain('ethereum2', 1)],
      mesh: { relayers, threshold: 2, proposers: [proposers[0]] },
    },
    reason: /domain 1 is configured twice/,
  },
  {
    name: 'a threshold above the relayer set',
    values: { mesh: { relayers, threshold: 3, proposers } },
    reason: /mesh\.threshold 3 is above the 2 relayers/,
  },
  {
    name: 'this relayer missing from the set',
    values: { relayer: { id: 'zed' }, mesh: { relayers, threshold: 2, proposers } },
    reason: /relayer\.id "zed" is not in mesh\.relayers/,
  },
  {
    name: 'one address listed twice',
    values: { mesh: { relayers: [...relayers, { id: 'r3', address: address('a') }], threshold: 2, proposers } },
    reason: /address 0xa+ is listed twice/,
  },
  {
    name: 'a proposer outside the set',
    values: { mesh: { relayers, threshold: 2, proposers: [proposers[0], { destination: 56, relayer: 'r9' }] } },
    reason: /"r9" \(destination 56\) is not in mesh\.relayers/,
  },
  {
    name: 'a chain without a proposer',
    values: { mesh: { relayers, threshold: 2, proposers: [proposers[0]] } },
    reason: /chain "bsc" \(domain 56\) has no proposer/,
  },
  {
    name: 'a proposer for an unknown chain',
    values: { mesh: { relayers, threshold: 2, proposers: [...proposers, { destination: 10, relayer: 'r1' }] } },
    reason: /destination 10 is not a configured chain domain/,
  },
  {
    name: 'an explorer path over an API route',
    values: { api: { explorer: { path: '/v1/explorer' } } },
    reason: /api\/explorer\/path.*'not' failed/s,
  },
  {
    name: 'an explorer path with a trailing slash',
    values: { api: { explorer: { path: '/explorer/' } } },
    reason: /api\/explorer\/path.*does not match pattern/s,
  },
  {
    name: 'an explorer Jaeger URL that is a script',
    values: { api: { explorer: { jaegerUrl: 'javascript:alert(1)' } } },
    reason: /api\/explorer\/jaegerUrl/,
  },
  {
    name: 'an autoscaler maximum below its minimum',
    values: { verifier: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2 } } },
    reason: /maxReplicas 2 is below minReplicas 5/,
  },
]

describe('helm chart rejects bad values', () => {
  let dir: string
  let results: Map<string, { code: number; stderr: string }>

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relaymesh-bad-values-'))
    // The base: the production example with a relayer set the cases above can edit.
    const base = join(dir, 'base.json')
    writeFileSync(
      base,
      JSON.stringify({ relayer: { id: 'r1' }, chains: twoChains, mesh: { relayers, threshold: 2, proposers } }),
    )
    const runs = cases.map(async (c, i) => {
      const file = join(dir, `case-${i}.json`)
      writeFileSync(file, JSON.stringify(c.values))
      const result = await helm(templateArgs({ valuesFiles: [productionValues, base, file] }))
      return [c.name, result] as const
    })
    results = new Map(await Promise.all(runs))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('the base the cases edit renders', async () => {
    const base = await helm(templateArgs({ valuesFiles: [productionValues, join(dir, 'base.json')] }))
    assert.equal(base.code, 0, base.stderr)
  })

  for (const c of cases) {
    test(`refuses ${c.name}`, () => {
      const result = results.get(c.name)
      assert.ok(result, 'not run')
      assert.notEqual(result.code, 0, `${c.name} rendered`)
      assert.match(result.stderr, c.reason)
    })
  }
})
