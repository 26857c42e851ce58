// The SDK end to end: a real mesh (two anvil chains, three relayers with threshold 2, each with
// its own Postgres database, over the real NATS), run in-process to save CPU. Everything a dApp
// does goes through the SDK: 20 messages and 5 token transfers each way, waited for, receipted
// and verified offline against the relayer set read from each inbox; then a message whose
// recipient reverted is executed by hand.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { revertingRecipientAbi, revertingRecipientBytecode } from '@relaymesh/evm-contracts'
import type { Bridge } from '@relaymesh/localchain'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { toHex, type Address, type Hex } from 'viem'
import {
  startInProcessRelayer,
  stopInProcessRelayers,
  type InProcessRelayer,
} from '../../relayer/src/testing/startInProcessRelayer.js'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
} from '../../relayer/src/testing/testInfra.js'
import {
  BridgeSdkError,
  createBridgeClient,
  executeMessage,
  getMessage,
  getSettlementReceipt,
  sendMessage,
  sendToken,
  verifySettlementReceipt,
  waitForMessage,
  type BridgeClient,
  type TrustedRelayerSet,
} from './index.js'

const MESSAGES = 20
const TRANSFERS = 5
const AMOUNT = 10n ** 15n
const alice: Address = '0x00000000000000000000000000000000000a11ce'

async function trustedSetOf(bridge: Bridge): Promise<TrustedRelayerSet> {
  const [relayers, threshold] = await Promise.all([bridge.inbox.read.relayers(), bridge.inbox.read.threshold()])
  return { relayers, threshold, inbox: bridge.addresses.inbox, chainId: bridge.domain }
}

// No suite timeout: the runner's per-file budget bounds a hang; every wait below has its own deadline.
describe('SDK end to end (3 relayers, threshold 2)', () => {
  let mesh: LocalMesh
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let running: InProcessRelayer[] = []
  let client: BridgeClient
  const ns = testBusNamespace()
  const ids = ['r1', 'r2', 'r3']

  before(async () => {
    dbs = await createTestDatabases(ids)
    mesh = await startLocalMesh({
      relayerIds: ids,
      threshold: 2,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
    })
    // One attempt: a failed message stays failed until someone executes it by hand.
    const start = (index: number) =>
      startInProcessRelayer(mesh, index, { ns, serviceName: 'sdk-e2e', settler: { execute: { maxAttempts: 1 } } })
    const started = [await start(0), await start(1), await start(2)]
    running = started
    const chain = (bridge: Bridge) => ({
      publicClient: bridge.chain.publicClient,
      outbox: bridge.addresses.outbox,
      inbox: bridge.addresses.inbox,
      token: bridge.addresses.token,
    })
    client = createBridgeClient({
      chains: {
        [mesh.bridges.ethereum.domain]: chain(mesh.bridges.ethereum),
        [mesh.bridges.bsc.domain]: chain(mesh.bridges.bsc),
      },
      api: { baseUrl: started[0]?.apiUrl as string }, // reason: relayer 0 serves the API
    })
  })

  after(async () => {
    await stopInProcessRelayers(running)
    await mesh?.stop()
    await dbs?.drop()
    await ns.cleanup()
  })

  test('20 messages and 5 token transfers each way: all executed, every receipt fetched and verified offline', async () => {
    const { ethereum, bsc } = mesh.bridges
    const sendRoute = async (from: Bridge, to: Bridge) => {
      const walletClient = from.chain.walletClientFor(mesh.sender)
      const sent: Hex[] = []
      for (let i = 0; i < MESSAGES; i++) {
        const { id, message } = await sendMessage(client, {
          walletClient,
          destination: to.domain,
          recipient: to.addresses.noopRecipient,
          payload: toHex(`sdk message ${i}`),
        })
        assert.equal(message.origin, from.domain)
        sent.push(id)
      }
      for (let i = 0; i < TRANSFERS; i++)
        sent.push(
          (await sendToken(client, { walletClient, destination: to.domain, recipient: alice, amount: AMOUNT })).id,
        )
      return sent
    }
    const [eth, bscIds] = await Promise.all([sendRoute(ethereum, bsc), sendRoute(bsc, ethereum)])
    const all = [...eth, ...bscIds]
    assert.equal(new Set(all).size, 2 * (MESSAGES + TRANSFERS))

    // Totals first: every message executed, alice credited on both chains.
    const statuses = await Promise.all(
      all.map((id) => waitForMessage(client, { id, timeoutMs: WAIT_DEADLINE_MS, pollIntervalMs: 2_000 })),
    )
    assert.equal(statuses.filter((s) => s.state === 'executed').length, all.length)
    assert.equal(await bsc.token.read.balanceOf([alice]), AMOUNT * BigInt(TRANSFERS))
    assert.equal(await ethereum.token.read.balanceOf([alice]), AMOUNT * BigInt(TRANSFERS))

    // Then every receipt, verified offline against the relayer set each inbox holds.
    const trusted = { [ethereum.domain]: await trustedSetOf(ethereum), [bsc.domain]: await trustedSetOf(bsc) }
    for (const id of all) {
      const receipt = await getSettlementReceipt(client, { id })
      const set = trusted[receipt.message.decoded.destination] as TrustedRelayerSet // reason: both destinations listed
      assert.deepEqual(
        verifySettlementReceipt(JSON.parse(JSON.stringify(receipt)), set),
        { valid: true },
        `receipt of ${id}`,
      )
      assert.equal(receipt.source.verification, 'confirmations')
      assert.ok(receipt.batch.signatures.length >= 2)
      // Signed for one inbox, the receipt does not verify for the other.
      const other = trusted[receipt.message.decoded.origin] as TrustedRelayerSet // reason: as above
      assert.throws(
        () => verifySettlementReceipt(receipt, other),
        (e: unknown) => (e as { code?: string }).code === 'RECEIPT_WRONG_DESTINATION',
      )
    }
  })

  test('executeMessage: a message whose recipient reverted is executed by hand once the recipient accepts', async () => {
    const { ethereum, bsc } = mesh.bridges
    const bscWallet = bsc.chain.walletClientFor(mesh.sender)
    const deployHash = await bscWallet.deployContract({
      abi: revertingRecipientAbi,
      bytecode: revertingRecipientBytecode,
    })
    const recipient = (await bsc.chain.publicClient.waitForTransactionReceipt({ hash: deployHash }))
      .contractAddress as Address // reason: a deployment receipt
    assert.equal(
      await bsc.chain.publicClient.readContract({
        address: recipient,
        abi: revertingRecipientAbi,
        functionName: 'reverting',
      }),
      true,
    )

    const { id, message } = await sendMessage(client, {
      walletClient: ethereum.chain.walletClientFor(mesh.sender),
      destination: bsc.domain,
      recipient,
      payload: toHex('retry me'),
    })
    const failed = await waitForMessage(client, {
      id,
      state: 'failed',
      timeoutMs: WAIT_DEADLINE_MS,
      pollIntervalMs: 300,
    })
    assert.equal(failed.state, 'failed')
    assert.equal(failed.reasonCode, 'RECIPIENT_REVERTED')
    await assert.rejects(
      getSettlementReceipt(client, { id }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'NOT_EXECUTED',
    )

    // By hand while the recipient still reverts: the inbox records another failure, with the revert data.
    const again = await executeMessage(client, { walletClient: bscWallet, id })
    assert.equal(again.outcome, 'failed')
    assert.ok(again.reason?.startsWith('0x'))

    const flip = await bscWallet.writeContract({
      address: recipient,
      abi: revertingRecipientAbi,
      functionName: 'setReverting',
      args: [false],
    })
    await bsc.chain.publicClient.waitForTransactionReceipt({ hash: flip })
    const done = await executeMessage(client, { walletClient: bscWallet, id, gas: 1_000_000n })
    assert.equal(done.outcome, 'executed')
    assert.equal(await bsc.inbox.read.isExecuted([message.origin, message.nonce]), true)
    assert.equal(
      await bsc.chain.publicClient.readContract({
        address: recipient,
        abi: revertingRecipientAbi,
        functionName: 'handled',
      }),
      1n,
    )
    await assert.rejects(
      executeMessage(client, { walletClient: bscWallet, id }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'ALREADY_EXECUTED',
    )

    await waitForMessage(client, { id, timeoutMs: WAIT_DEADLINE_MS, pollIntervalMs: 300 })
    const receipt = await getSettlementReceipt(client, { id })
    assert.equal(receipt.execution.txHash, done.txHash)
    assert.deepEqual(verifySettlementReceipt(receipt, await trustedSetOf(bsc)), { valid: true })
    assert.equal((await getMessage(client, { id })).state, 'executed')
  })

  test('errors are typed: unknown id, timeout, abort, token not configured', async () => {
    const unknown = `0x${'ab'.repeat(32)}` as Hex
    await assert.rejects(
      getMessage(client, { id: unknown }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'MESSAGE_NOT_FOUND',
    )
    await assert.rejects(
      waitForMessage(client, { id: unknown, timeoutMs: 300, pollIntervalMs: 50 }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'WAIT_TIMEOUT',
    )
    const abort = new AbortController()
    setTimeout(() => abort.abort(new Error('user left')), 100)
    await assert.rejects(
      waitForMessage(client, { id: unknown, signal: abort.signal, pollIntervalMs: 50 }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'WAIT_ABORTED',
    )
    const noToken = createBridgeClient({
      chains: { [mesh.bridges.ethereum.domain]: { ...client.chains[mesh.bridges.ethereum.domain]!, token: undefined } },
      api: client.api.baseUrl,
    })
    await assert.rejects(
      sendToken(noToken, {
        walletClient: mesh.bridges.ethereum.chain.walletClientFor(mesh.sender),
        destination: mesh.bridges.bsc.domain,
        recipient: alice,
        amount: 1n,
      }),
      (e: unknown) => e instanceof BridgeSdkError && e.code === 'TOKEN_NOT_CONFIGURED',
    )
  })
})
