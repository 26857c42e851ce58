import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { recordObservedCommitment, type CreateDbReturnType } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { getMetricsText, getRelayers } from '@relaymesh/sdk'
import {
  apiClient,
  DESTINATION,
  fakeApiChains,
  getJsonAt,
  openTestStore,
  startTestApi,
  TEST_ADMIN_TOKEN,
  type TestApi,
} from './apiTestSeed.js'
import { parsePrometheusText } from './prometheusText.js'

const silent = createLogger({ name: 'api-test', level: 'silent' })

describe('relayer API: relayer sets, settler balances and proven equivocations', () => {
  let store: CreateDbReturnType
  let api: TestApi
  before(async () => {
    store = await openTestStore()
    api = await startTestApi(store.db, silent, { deps: { adminToken: TEST_ADMIN_TOKEN, chains: fakeApiChains() } })
  })
  after(async () => {
    await api?.stop()
    await store?.close()
  })

  it('reads relayer sets and settler balances through the chains interface; a down chain is reported, not fatal', async () => {
    const { chains } = await getRelayers(apiClient(api.url))
    assert.deepEqual(chains[0], {
      domain: DESTINATION,
      name: 'bsc-local',
      inbox: '0x00000000000000000000000000000000000000Bb',
      relayers: [
        '0x1111111111111111111111111111111111111111',
        '0x2222222222222222222222222222222222222222',
        '0x3333333333333333333333333333333333333333',
      ],
      threshold: 2,
      settler: { address: `0x${'aa'.repeat(20)}`, balanceWei: '1500000000000000000' },
      error: null,
      paused: false,
      pauser: '0x4444444444444444444444444444444444444444',
      pendingRotation: {
        relayers: ['0x1111111111111111111111111111111111111111'],
        threshold: 1,
        pauser: '0x3333333333333333333333333333333333333333',
        eta: '2027-01-15T08:00:00.000Z',
      },
    })
    assert.deepEqual(
      [chains[1]?.relayers, chains[1]?.threshold, chains[1]?.settler.balanceWei, chains[1]?.error?.code],
      [null, null, null, 'CHAIN_UNREADABLE'],
    )
    const samples = parsePrometheusText(await getMetricsText(apiClient(api.url))).filter(
      (s) => s.name === 'relaymesh_settler_balance_wei',
    )
    assert.deepEqual(samples, [
      { name: 'relaymesh_settler_balance_wei', labels: { chain: String(DESTINATION) }, value: 1.5e18 },
    ])
    const { status, body } = await getJsonAt((await startNoChains()).url, '/v1/relayers')
    assert.deepEqual([status, body.error.code], [503, 'CHAINS_NOT_CONFIGURED'])
  })

  let noChains: TestApi | undefined
  const startNoChains = async () => (noChains ??= await startTestApi(store.db, silent))
  after(async () => noChains?.stop())

  it('counts the equivocations it can prove in relaymesh_attester_equivocations_proven and serves them at /v1/equivocations', async () => {
    const proven = async () =>
      parsePrometheusText(await getMetricsText(apiClient(api.url))).find(
        (s) => s.name === 'relaymesh_attester_equivocations_proven',
      )?.value
    assert.equal(await proven(), 0)
    // Two different byte strings kept for one member and slot (the caller verified them; the count is the store's).
    const kept = {
      domain: 900,
      slot: 42,
      signer: '11111111111111111111111111111111',
      signature: new Uint8Array(64),
      observedBy: 'r1',
    }
    await recordObservedCommitment(store.db, { ...kept, commitment: new Uint8Array([1]) })
    assert.equal(await proven(), 0, 'one signed commitment proves nothing')
    await recordObservedCommitment(store.db, { ...kept, commitment: new Uint8Array([2]), observedBy: 'r2' })
    assert.equal(await proven(), 1)
    const { body } = await getJsonAt(api.url, '/v1/equivocations')
    assert.deepEqual(
      body.proofs.map((p: { slot: number; first: { commitment: string }; second: { commitment: string } }) => [
        p.slot,
        p.first.commitment,
        p.second.commitment,
      ]),
      [[42, '0x01', '0x02']],
    )
    await store.db.$client.query('DELETE FROM observed_commitments')
  })
})
