import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { loadSourceWatchers } from './loadSourceWatchers.js'
import { planSourceWatchers, type PlannedSourceWatcher, type SourceWatcherConfig } from './planSourceWatchers.js'

// Two EVM chains (1, 56) and two Solana sources (900, 901).
const config: SourceWatcherConfig = {
  chains: [{ domain: 1 }, { domain: 56 }],
  solana: [{ domain: 900 }, { domain: 901 }],
}

describe('planSourceWatchers', () => {
  const cases: Array<[string, SourceWatcherConfig, readonly number[] | undefined, PlannedSourceWatcher[]]> = [
    [
      'no origins named: every source chain, EVM first',
      config,
      undefined,
      [
        { origin: 1, source: 'evm' },
        { origin: 56, source: 'evm' },
        { origin: 900, source: 'solana' },
        { origin: 901, source: 'solana' },
      ],
    ],
    ['the named EVM origins only', config, [56], [{ origin: 56, source: 'evm' }]],
    [
      'a named Solana origin is watched as Solana',
      config,
      [901, 1],
      [
        { origin: 1, source: 'evm' },
        { origin: 901, source: 'solana' },
      ],
    ],
    ['no Solana source configured', { chains: [{ domain: 1 }], solana: [] }, undefined, [{ origin: 1, source: 'evm' }]],
    ['an origin no chain names goes to the EVM watcher, which refuses it', config, [7], [{ origin: 7, source: 'evm' }]],
    ['no origins', config, [], []],
  ]
  for (const [name, c, origins, expected] of cases)
    it(name, () => {
      assert.deepEqual(planSourceWatchers(c, origins), expected)
    })
})

describe('loadSourceWatchers', () => {
  it('one watcher per origin, one per kind, started through the same interface', async () => {
    // reason: loading reads the config only; a watcher touches the rest of the context when it watches
    const ctx = { config } as unknown as RelayerContext
    const loaded = await loadSourceWatchers(ctx, {})
    assert.deepEqual(
      loaded.map((w) => w.origin),
      [1, 56, 900, 901],
    )
    assert.equal(loaded[0]?.watcher, loaded[1]?.watcher, 'the EVM kind loaded once')
    assert.equal(loaded[2]?.watcher, loaded[3]?.watcher, 'the Solana kind loaded once')
    assert.notEqual(loaded[0]?.watcher, loaded[2]?.watcher)
    assert.ok(loaded.every((w) => typeof w.watcher.watch === 'function'))
  })
})
