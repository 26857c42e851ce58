import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createEthereumLightClientConfig } from '@relaymesh/light-client/config'
import type { BeaconApiObject } from './beaconApi.js'
import { beaconPeriodOf } from './beaconPeriodOf.js'

// The minimal preset: 8 slots per epoch, 8 epochs per sync-committee period, so 64 slots per period.
const lcConfig = createEthereumLightClientConfig({
  preset: 'minimal',
  chainConfig: { GENESIS_FORK_VERSION: new Uint8Array(4) },
})
const at = (data: unknown): BeaconApiObject => ({ version: 'deneb', data })

describe('beaconPeriodOf', () => {
  const cases: Array<[string, BeaconApiObject | null, 'bootstrap' | 'update' | 'finality', number | undefined]> = [
    ["a bootstrap: its header's slot", at({ header: { beacon: { slot: '130' } } }), 'bootstrap', 2],
    [
      "an update: its attested header's slot",
      at({ attested_header: { beacon: { slot: '64' } }, signature_slot: '200' }),
      'update',
      1,
    ],
    [
      'a finality update: its signature slot (the committee that signed)',
      at({ attested_header: { beacon: { slot: '63' } }, signature_slot: '64' }),
      'finality',
      1,
    ],
    [
      'a finality update with no signature slot: its attested header',
      at({ attested_header: { beacon: { slot: '63' } } }),
      'finality',
      0,
    ],
    ['no object', null, 'finality', undefined],
    ['no slot', at({ header: {} }), 'bootstrap', undefined],
    ['a slot that is no number', at({ header: { beacon: { slot: 'soon' } } }), 'bootstrap', undefined],
  ]
  for (const [name, o, kind, period] of cases)
    it(name, () => {
      assert.equal(beaconPeriodOf(lcConfig, o, kind), period)
    })
})
