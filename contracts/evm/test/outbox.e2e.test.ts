import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { keccak256, pad, parseEventLogs, toHex, type Hex } from 'viem'
import { deployBridge, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { outboxAbi } from '../src/index.js'
import { encodeMessage } from './support/batch.js'
import { assertRevert, waitOk } from './support/fixture.js'

let chain: AnvilInstance
let bridge: Bridge
before(async () => {
  chain = await startAnvil({ chainId: 31337 })
  bridge = await deployBridge(chain, {
    relayers: [chain.accounts[1]!.address],
    threshold: 1,
    pauser: chain.accounts[0]!.address,
  })
})
after(() => chain.stop())

describe('Outbox.dispatch', () => {
  test('emits Dispatch carrying the whole encoded message; id = keccak256(message); nonce increments', async () => {
    const sender = chain.accounts[3]!
    const outbox = chain.walletClientFor(sender)
    const recipient = pad('0x1234')
    for (const [nonce, payload] of [
      [0n, '0x'],
      [1n, toHex('hello relaymesh')],
    ] as const) {
      const hash = await outbox.writeContract({
        address: bridge.addresses.outbox,
        abi: outboxAbi,
        functionName: 'dispatch',
        args: [31356, recipient, payload],
      })
      const receipt = await waitOk(chain, hash)
      const [event] = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
      const expected = encodeMessage({
        nonce,
        origin: 31337,
        sender: pad(sender.address),
        destination: 31356,
        recipient,
        payload,
      })
      assert.equal(event!.args.message, expected)
      assert.equal(event!.args.id, keccak256(expected))
      assert.equal(event!.args.nonce, nonce)
      assert.equal(event!.args.destination, 31356)
    }
    assert.equal(await bridge.outbox.read.nonce(), 2n)
    const { result } = await bridge.outbox.simulate.dispatch([56, recipient, '0xabcd'], { account: sender })
    assert.equal(
      result,
      keccak256(
        encodeMessage({
          nonce: 2n,
          origin: 31337,
          sender: pad(sender.address),
          destination: 56,
          recipient,
          payload: '0xabcd',
        }),
      ),
    )
  })

  test('without a gas limit a message carries the default (200,000); with one, exactly that limit', async () => {
    const sender = chain.accounts[7]!
    const recipient = pad('0x5678')
    const wallet = chain.walletClientFor(sender)
    const sent = async (args: readonly [number, Hex, Hex] | readonly [number, Hex, number, Hex]) => {
      const receipt = await waitOk(
        chain,
        await wallet.writeContract({
          address: bridge.addresses.outbox,
          abi: outboxAbi,
          functionName: 'dispatch',
          args,
        }),
      )
      return parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })[0]!.args
    }
    const plain = await sent([31356, recipient, '0x01'])
    assert.equal(
      plain.message,
      encodeMessage({
        nonce: plain.nonce,
        origin: 31337,
        sender: pad(sender.address),
        destination: 31356,
        recipient,
        gasLimit: 200_000,
        payload: '0x01',
      }),
    )
    assert.equal(
      plain.message.slice(2 + 81 * 2, 2 + 85 * 2),
      '00030d40',
      'bytes 81..85 carry the gas limit, big-endian',
    )
    for (const gasLimit of [0, 21_000, 2 ** 32 - 1]) {
      const explicit = await sent([31356, recipient, gasLimit, '0x02'])
      assert.equal(
        explicit.message,
        encodeMessage({
          nonce: explicit.nonce,
          origin: 31337,
          sender: pad(sender.address),
          destination: 31356,
          recipient,
          gasLimit,
          payload: '0x02',
        }),
      )
    }
  })

  test('PayloadTooLarge above 65,536 bytes; exactly 65,536 is accepted', async () => {
    const limit = 65_536
    const big = toHex(new Uint8Array(limit + 1).fill(7))
    await assertRevert(
      bridge.outbox.simulate.dispatch([31356, pad('0x01'), big], { account: chain.accounts[0] }),
      'PayloadTooLarge',
      [BigInt(limit + 1), BigInt(limit)],
    )
    await waitOk(chain, await bridge.outbox.write.dispatch([31356, pad('0x01'), toHex(new Uint8Array(limit).fill(7))]))
  })
})

describe('Outbox.dispatchBatch', () => {
  const recipientA = pad('0xaa')
  const recipientB = pad('0xbb')

  test('one ordinary Dispatch per message, consecutive nonces in array order, ids returned = keccak256 of each encoding', async () => {
    const sender = chain.accounts[4]!
    const wallet = chain.walletClientFor(sender)
    const destinations = [31356, 56, 31356]
    const recipients = [recipientA, recipientB, recipientA]
    const payloads = ['0x', toHex('second'), toHex(new Uint8Array(100).fill(3))] as const
    const first = await bridge.outbox.read.nonce()
    const gasLimits = [200_000, 50_000, 3_000_000]
    const { result } = await bridge.outbox.simulate.dispatchBatch(
      [destinations, recipients, gasLimits, [...payloads]],
      { account: sender },
    )
    const hash = await wallet.writeContract({
      address: bridge.addresses.outbox,
      abi: outboxAbi,
      functionName: 'dispatchBatch',
      args: [destinations, recipients, gasLimits, [...payloads]],
    })
    const receipt = await waitOk(chain, hash)
    const events = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
    assert.equal(events.length, 3)
    const expected = payloads.map((payload, i) =>
      encodeMessage({
        nonce: first + BigInt(i),
        origin: 31337,
        sender: pad(sender.address),
        destination: destinations[i]!,
        recipient: recipients[i]!,
        gasLimit: gasLimits[i]!,
        payload,
      }),
    )
    assert.deepEqual(
      events.map((e) => e.args.message),
      expected,
    )
    assert.deepEqual(
      events.map((e) => e.args.id),
      expected.map((m) => keccak256(m)),
    )
    assert.deepEqual(
      events.map((e) => e.args.nonce),
      [first, first + 1n, first + 2n],
    )
    assert.deepEqual(
      events.map((e) => e.args.destination),
      destinations,
    )
    assert.deepEqual(
      result,
      expected.map((m) => keccak256(m)),
    )
    assert.equal(await bridge.outbox.read.nonce(), first + 3n)
    // dispatch continues the same sequence: one counter for both entry points.
    const single = await waitOk(
      chain,
      await wallet.writeContract({
        address: bridge.addresses.outbox,
        abi: outboxAbi,
        functionName: 'dispatch',
        args: [56, recipientB, '0x01'],
      }),
    )
    assert.equal(
      parseEventLogs({ abi: outboxAbi, logs: single.logs, eventName: 'Dispatch' })[0]?.args.nonce,
      first + 3n,
    )
  })

  test('a one-message batch emits exactly what dispatch emits', async () => {
    const sender = chain.accounts[5]!
    const snapshot = await chain.testClient.snapshot()
    const viaDispatch = await waitOk(
      chain,
      await bridge.outbox.write.dispatch([31356, recipientA, toHex('same')], { account: sender }),
    )
    await chain.testClient.revert({ id: snapshot })
    const viaBatch = await waitOk(
      chain,
      await bridge.outbox.write.dispatchBatch([[31356], [recipientA], [200_000], [toHex('same')]], { account: sender }),
    )
    const strip = (logs: typeof viaBatch.logs) =>
      logs.map((l) => ({ address: l.address, topics: l.topics, data: l.data }))
    assert.deepEqual(strip(viaBatch.logs), strip(viaDispatch.logs))
  })

  test('rejects: BatchLengthMismatch, BatchEmpty, BatchTooLarge, PayloadTooLarge (per message), BatchPayloadTooLarge; the nonce never moves', async () => {
    const account = chain.accounts[0]
    const before = await bridge.outbox.read.nonce()
    const max = await bridge.outbox.read.MAX_BATCH_MESSAGES()
    const maxBytes = await bridge.outbox.read.MAX_BATCH_PAYLOAD_BYTES()
    assert.equal(max, 1024n)
    assert.equal(maxBytes, 262_144n)
    const gas = (n: number) => Array<number>(n).fill(200_000)
    await assertRevert(
      bridge.outbox.simulate.dispatchBatch([[1, 2], [recipientA], gas(2), ['0x', '0x']], { account }),
      'BatchLengthMismatch',
      [2n, 1n, 2n, 2n],
    )
    await assertRevert(
      bridge.outbox.simulate.dispatchBatch([[1], [recipientA, recipientB], gas(1), ['0x']], { account }),
      'BatchLengthMismatch',
      [1n, 2n, 1n, 1n],
    )
    await assertRevert(
      bridge.outbox.simulate.dispatchBatch([[1], [recipientA], gas(2), ['0x']], { account }),
      'BatchLengthMismatch',
      [1n, 1n, 2n, 1n],
    )
    await assertRevert(bridge.outbox.simulate.dispatchBatch([[], [], [], []], { account }), 'BatchEmpty')
    const n = Number(max) + 1
    await assertRevert(
      bridge.outbox.simulate.dispatchBatch([Array(n).fill(1), Array(n).fill(recipientA), gas(n), Array(n).fill('0x')], {
        account,
      }),
      'BatchTooLarge',
      [BigInt(n), max],
    )
    const tooBig = toHex(new Uint8Array(65_537).fill(1))
    await assertRevert(
      bridge.outbox.simulate.dispatchBatch([[1, 1], [recipientA, recipientA], gas(2), ['0x', tooBig]], { account }),
      'PayloadTooLarge',
      [65_537n, 65_536n],
    )
    const quarter = toHex(new Uint8Array(65_536).fill(2))
    await assertRevert(
      bridge.outbox.simulate.dispatchBatch(
        [[1, 1, 1, 1, 1], Array(5).fill(recipientA), gas(5), [quarter, quarter, quarter, quarter, '0x01']],
        { account },
      ),
      'BatchPayloadTooLarge',
      [maxBytes + 1n, maxBytes],
    )
    assert.equal(await bridge.outbox.read.nonce(), before)
  })

  test('the largest batch (1,024 messages, 256 KiB of payload) fits a block; gas per message falls with batch size', async () => {
    const account = chain.accounts[6]!
    const gasOf = async (count: number, payloadBytes: number) => {
      const payloads = Array.from({ length: count }, (_, i) => toHex(new Uint8Array(payloadBytes).fill(i % 251)))
      const hash = await bridge.outbox.write.dispatchBatch(
        [Array(count).fill(31356), Array(count).fill(recipientA), Array(count).fill(200_000), payloads],
        { account },
      )
      const receipt = await waitOk(chain, hash)
      assert.equal(parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' }).length, count)
      return receipt.gasUsed
    }
    const one = await gasOf(1, 32)
    const hundred = await gasOf(100, 32)
    const largest = await gasOf(1024, 256)
    console.log(
      `# dispatchBatch gas: 1 x 32 B ${one}; 100 x 32 B ${hundred} (${hundred / 100n}/message); 1,024 x 256 B ${largest}`,
    )
    assert.ok(hundred / 100n < one / 2n, 'batching must at least halve the gas per message')
    assert.ok(largest < 30_000_000n, 'the largest batch must fit a 30M-gas block')
  })
})
