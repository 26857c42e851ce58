import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { keccak256, pad, parseEventLogs, toHex } from 'viem'
import { deployBridge, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { outboxAbi } from '../src/index.js'
import { encodeMessage } from './support/batch.js'
import { assertRevert, waitOk } from './support/fixture.js'

let chain: AnvilInstance
let bridge: Bridge
before(async () => {
  chain = await startAnvil({ chainId: 31337 })
  bridge = await deployBridge(chain, { relayers: [chain.accounts[1]!.address], threshold: 1, guardian: chain.accounts[0]!.address })
})
after(() => chain.stop())

describe('Outbox.dispatch', () => {
  test('emits Dispatch carrying the whole encoded message; id = keccak256(message); nonce increments', async () => {
    const sender = chain.accounts[3]!
    const outbox = chain.walletClientFor(sender)
    const recipient = pad('0x1234')
    for (const [nonce, payload] of [[0n, '0x'], [1n, toHex('hello relaymesh')]] as const) {
      const hash = await outbox.writeContract({ address: bridge.addresses.outbox, abi: outboxAbi, functionName: 'dispatch', args: [31356, recipient, payload] })
      const receipt = await waitOk(chain, hash)
      const [event] = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
      const expected = encodeMessage({ nonce, origin: 31337, sender: pad(sender.address), destination: 31356, recipient, payload })
      assert.equal(event!.args.message, expected)
      assert.equal(event!.args.id, keccak256(expected))
      assert.equal(event!.args.nonce, nonce)
      assert.equal(event!.args.destination, 31356)
    }
    assert.equal(await bridge.outbox.read.nonce(), 2n)
    const { result } = await bridge.outbox.simulate.dispatch([56, recipient, '0xabcd'], { account: sender })
    assert.equal(result, keccak256(encodeMessage({ nonce: 2n, origin: 31337, sender: pad(sender.address), destination: 56, recipient, payload: '0xabcd' })))
  })

  test('PayloadTooLarge above 65,536 bytes; exactly 65,536 is accepted', async () => {
    const limit = 65_536
    const big = toHex(new Uint8Array(limit + 1).fill(7))
    await assertRevert(bridge.outbox.simulate.dispatch([31356, pad('0x01'), big], { account: chain.accounts[0] }), 'PayloadTooLarge', [BigInt(limit + 1), BigInt(limit)])
    await waitOk(chain, await bridge.outbox.write.dispatch([31356, pad('0x01'), toHex(new Uint8Array(limit).fill(7))]))
  })
})
