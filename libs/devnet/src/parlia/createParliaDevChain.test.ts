// The devnet Parlia chain stays verifiable through a vote pause at any point
// of an epoch: it holds while paused, and after resume the Parlia light
// client (trusting only epoch block 0) verifies and finalizes every header,
// across the set switches that follow.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createParliaStore, processParliaHeaders } from '@relaymesh/light-client'
import type { Hex } from '@relaymesh/protocol'
import { encodeBlockHeader } from '@relaymesh/receipt-proof'
import { createParliaDevChain } from './createParliaDevChain.js'
import { defaultParliaDevSchedule } from './parliaDevValidators.js'
import { anvilStandInBlock as anvilBlock } from './anvilStandInBlock.js'

const EPOCH = 20n

/** Seals while the chain may extend, up to `to`; returns the head. */
function sealUpTo(chain: ReturnType<typeof createParliaDevChain>, to: bigint): bigint {
  for (let n = chain.head() + 1n; n <= to && chain.canExtend(n); n++) chain.extend(anvilBlock(n))
  return chain.head()
}

describe('devnet Parlia chain: vote pause and resume', () => {
  for (const pausedAt of [39n, 40n, 42n, 50n]) {
    it(`paused at ${pausedAt}: holds before the next epoch block, then verifies and finalizes after resume`, () => {
      const chain = createParliaDevChain({ chainId: 31356n, epochLength: EPOCH, schedule: defaultParliaDevSchedule() })
      assert.equal(sealUpTo(chain, pausedAt), pausedAt)
      chain.pauseVotes()
      const held = sealUpTo(chain, pausedAt + 3n * EPOCH)
      assert.ok(held < pausedAt + EPOCH, `held at ${held} while paused`)
      chain.resumeVotes()
      assert.equal(sealUpTo(chain, 130n), 130n, 'after resume every block is sealed')
      const headers = Array.from({ length: 126 }, (_, i) => encodeBlockHeader(chain.block(BigInt(i) + 5n)!.header))
      // reason: sealed headers carry 0x extraData
      const trusted = [{ number: 0n, extraData: chain.block(0n)!.header.extraData as Hex }]
      const store = processParliaHeaders(
        createParliaStore({ chainId: 31356n, epochLength: EPOCH, trustedEpochs: trusted }),
        headers,
      )
      assert.equal(store.finalized?.number, 128n, 'the light client finalizes up to head - 2')
      assert.ok(
        store.validatorSets.has(100n) && store.validatorSets.has(120n),
        'the sets of later epochs adopted (older ones pruned)',
      )
    })
  }
})
