// sendMessages on one anvil with the bridge deployed (no relayers: it only dispatches).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { deployBridge, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { encodeMessage, messageId } from '@relaymesh/protocol'
import { BaseError as ViemError, ContractFunctionRevertedError, pad, toHex, type Hex, type PublicClient } from 'viem'
import { BridgeSdkError, createBridgeClient, sendMessage, sendMessages, type BridgeClient } from './index.js'

// No suite timeout: anvil and the bridge deployment are slow on busy cores; the runner's per-file budget bounds a hang.
describe('sendMessages (Outbox.dispatchBatch)', () => {
  let chain: AnvilInstance
  let bridge: Bridge
  let client: BridgeClient
  const solanaRecipient: Hex = `0x${'5a'.repeat(32)}`

  before(async () => {
    chain = await startAnvil({ chainId: 31337 })
    bridge = await deployBridge(chain, {
      relayers: [chain.accounts[1]!.address],
      threshold: 1,
      pauser: chain.accounts[0]!.address,
    })
    client = createBridgeClient({
      chains: {
        31337: {
          publicClient: chain.publicClient as PublicClient,
          outbox: bridge.addresses.outbox,
          inbox: bridge.addresses.inbox,
        },
      },
      api: 'http://127.0.0.1:9', // never called: sending needs only the chain
    })
  })
  after(() => chain.stop())

  test('one transaction, ids in the order given, consecutive nonces; each message what sendMessage would send', async () => {
    const sender = chain.accounts[7]!
    const walletClient = chain.walletClientFor(sender)
    const first = await bridge.outbox.read.nonce()
    const messages = [
      { destination: 31356, recipient: bridge.addresses.noopRecipient, payload: toHex('one') },
      { destination: 1399811150, recipient: solanaRecipient, payload: '0x' as Hex },
      {
        destination: 56,
        recipient: bridge.addresses.noopRecipient,
        payload: toHex(new Uint8Array(300).fill(9)),
        gasLimit: 1_000_000,
      },
    ]
    const sent = await sendMessages(client, { walletClient, messages })
    assert.equal(sent.ids.length, 3)
    const expected = messages.map((m, i) =>
      encodeMessage({
        version: 2,
        nonce: first + BigInt(i),
        origin: 31337,
        sender: pad(sender.address).toLowerCase() as Hex, // reason: lower-cased hex stays hex
        destination: m.destination,
        // reason: as above
        recipient: m.recipient.length === 42 ? (pad(m.recipient).toLowerCase() as Hex) : m.recipient,
        gasLimit: m.gasLimit ?? 200_000,
        payload: m.payload,
      }),
    )
    assert.deepEqual(
      sent.ids,
      expected.map((e) => messageId(e)),
    )
    assert.deepEqual(
      sent.messages.map((m) => m.id),
      sent.ids,
    )
    assert.deepEqual(
      sent.messages.map((m) => m.message.nonce),
      [first, first + 1n, first + 2n],
    )
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: sent.txHash })
    assert.equal(receipt.blockNumber, sent.blockNumber)
    // The next single message continues the sequence, with the same encoding rules.
    const single = await sendMessage(client, { walletClient, ...messages[0]! })
    assert.equal(single.message.nonce, first + 3n)
    assert.deepEqual({ ...single.message, nonce: first }, sent.messages[0]!.message)
  })

  test('typed errors before sending (INVALID_ADDRESS, WRONG_CHAIN, CHAIN_NOT_CONFIGURED); the Outbox revert (BatchEmpty) passes through', async () => {
    const walletClient = chain.walletClientFor(chain.accounts[7]!)
    const before = await bridge.outbox.read.nonce()
    await assert.rejects(
      sendMessages(client, {
        walletClient,
        messages: [
          { destination: 56, recipient: bridge.addresses.noopRecipient, payload: '0x' },
          { destination: 56, recipient: '0x1234', payload: '0x' },
        ],
      }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'INVALID_ADDRESS',
    )
    await assert.rejects(
      sendMessages(client, {
        walletClient,
        origin: 56,
        messages: [{ destination: 31337, recipient: bridge.addresses.noopRecipient, payload: '0x' }],
      }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'WRONG_CHAIN',
    )
    const elsewhere = createBridgeClient({ chains: {}, api: 'http://127.0.0.1:9' })
    await assert.rejects(
      sendMessages(elsewhere, {
        walletClient,
        messages: [{ destination: 56, recipient: bridge.addresses.noopRecipient, payload: '0x' }],
      }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'CHAIN_NOT_CONFIGURED',
    )
    await assert.rejects(sendMessages(client, { walletClient, messages: [] }), (e: unknown) => {
      const reverted = e instanceof ViemError ? e.walk((x) => x instanceof ContractFunctionRevertedError) : undefined
      return reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName === 'BatchEmpty'
    })
    assert.equal(await bridge.outbox.read.nonce(), before)
  })
})
