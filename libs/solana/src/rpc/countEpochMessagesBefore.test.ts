// A slot's `messagesBefore` read from the chain (MEMO_FORMAT.md "Nonces"): the epoch's accepted outbox
// messages in earlier slots, over a fake node with real outbox transactions.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import bs58 from 'bs58'
import { domains } from '@relaymesh/protocol'
import { FEE_ACCOUNT, signedOutbox, testMessage, testSigner } from '../outbox/testing.js'
import { countEpochMessagesBefore } from './countEpochMessagesBefore.js'
import type { SolanaRpcRequest } from './fetchOutboxSlot.js'

const SLOTS_PER_EPOCH = 10
const rules = {
  origin: domains.solanaLocal,
  feeAccount: FEE_ACCOUNT,
  minFeeLamports: 5000n,
  slotsPerEpoch: SLOTS_PER_EPOCH,
}

describe('countEpochMessagesBefore', () => {
  // slot -> outbox transactions: accepted ones, one refused (nonce set: not counted), one failed (not counted).
  const ledger = new Map<number, { signature: string; wire: string; err: unknown }[]>()
  const calls: string[] = []
  const request: SolanaRpcRequest = async (method, params) => {
    calls.push(method)
    if (method === 'getSignaturesForAddress') {
      const { limit, before: after } = params[1] as { limit: number; before?: string }
      const all = [...ledger]
        .sort(([a], [b]) => b - a)
        .flatMap(([slot, txs]) => txs.map((t) => ({ signature: t.signature, slot })))
      const from = after ? all.findIndex((s) => s.signature === after) + 1 : 0
      return all.slice(from, from + limit)
    }
    if (method === 'getBlock') {
      const slot = params[0] as number
      const txs = ledger.get(slot) ?? []
      return {
        blockhash: bs58.encode(new Uint8Array(32).fill(slot)),
        parentSlot: slot - 1,
        blockTime: null,
        transactions: txs.map((t) => ({ transaction: [t.wire, 'base64'], meta: { err: t.err } })),
      }
    }
    throw new Error(`unexpected ${method}`)
  }

  before(async () => {
    const tx = async (n: number, nonce = 0n, err: unknown = null) => {
      const { base64 } = await signedOutbox({
        sender: await testSigner(n),
        message: testMessage({ nonce, payload: `0x0${n}` }),
      })
      return { signature: bs58.encode(Buffer.from(base64, 'base64').subarray(1, 65)), wire: base64, err }
    }
    ledger.set(2, [await tx(1), await tx(2)])
    ledger.set(5, [await tx(3), await tx(4, 7n), await tx(5, 0n, { InstructionError: [0, { Custom: 1 }] })])
    ledger.set(11, [await tx(6)])
  })

  it('counts the accepted messages of the epoch before the slot, and restarts at each epoch', async () => {
    const counts = await Promise.all(
      [0, 2, 3, 5, 6, 9, 10, 11, 12].map((slot) => countEpochMessagesBefore(request, { slot, ...rules })),
    )
    assert.deepEqual(counts, [0, 0, 2, 2, 3, 3, 0, 0, 1])
  })

  it("reads each outbox block once with a shared cache, and nothing for an epoch's first slot", async () => {
    const cache = new Map<number, number>()
    calls.length = 0
    await countEpochMessagesBefore(request, { slot: 9, ...rules, cache, pageSize: 2 })
    await countEpochMessagesBefore(request, { slot: 7, ...rules, cache, pageSize: 2 })
    assert.deepEqual(
      [...cache],
      [
        [2, 2],
        [5, 1],
      ],
    )
    assert.equal(calls.filter((c) => c === 'getBlock').length, 2)
    calls.length = 0
    assert.equal(await countEpochMessagesBefore(request, { slot: 10, ...rules }), 0)
    assert.deepEqual(calls, [])
  })
})
