// Liveness, in live traffic through the relayer (one relayer, every service in-process),
// a gas-burning recipient (runtime code = INVALID), a message whose gas limit no block can give, and a
// front-runner who executes one message of each relayer `execute` just before it (higher tip, same
// block) must not stall the destination: every other message executes exactly once, the burner is
// recorded failed, the oversized message is dropped from its chunk with EXECUTE_GAS_UNAFFORDABLE,
// and the relayer's front-run transactions skip the stolen message instead of reverting. The settler
// settles with submitAndExecute (one transaction per batch); the front-runner also settles some of
// those batches first with submitBatch (the signatures are in the pool) and executes one of their
// messages: the relayer's one-shot call is refused, and the batch completes the two-step way.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { gasBurningRecipientBytecode, outboxAbi, settlementInboxAbi } from '@relaymesh/evm-contracts'
import { devAccounts, type Bridge } from '@relaymesh/localchain'
import { bytesToHex, createMerkleTree, decodeMessage, hexToBytes, keccak256, unpackMessages } from '@relaymesh/protocol'
import { getBatchMessageIds } from '@relaymesh/store'
import { decodeFunctionData, pad, parseEventLogs, toHex, toFunctionSelector, type Address, type Hex } from 'viem'
import { startBatcher } from '../batcher/startBatcher.js'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { startInboxFollower } from '../follower/startInboxFollower.js'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from '../watcher/startWatcher.js'
import { startSettler } from './startSettler.js'

const TICKS = 12
const PER_TICK = 4
const TICK_MS = 300
/** Ticks that also send a message to the gas burner (default 200,000 gas limit) and one with an unaffordable limit. */
const BURNER_TICKS = new Set([2, 7])
const HUGE_TICKS = new Set([4])
const HUGE_GAS_LIMIT = 2 ** 32 - 1
const MAX_ATTEMPTS = 2
const EXECUTE_SELECTOR = toFunctionSelector(
  'execute((uint32,uint64,bytes32,uint32,bytes32),bytes[],uint32[],bytes32[])',
)
const ONE_SHOT_SELECTOR = toFunctionSelector('submitAndExecute((uint32,uint64,bytes32,uint32,bytes32),bytes,bytes[])')
/** One-shot settlements the front-runner settles first (then the relayer's call is refused). */
const SETTLEMENT_FRONT_RUNS = 2

type FrontRun = { relayerTx: Hex; id: Hex; hash: Hex }
type BatchHeader = { destination: number; batchIndex: bigint; root: Hex; messageCount: number; previousBatchHash: Hex }

describe(
  'hostile traffic: a gas burner, an unaffordable gas limit and a front-runner stall nothing',
  { timeout: 600_000 },
  () => {
    let mesh: LocalMesh | undefined
    let ctx: RelayerContext | undefined
    let dbs: Awaited<ReturnType<typeof createTestDatabases>> | undefined
    let burner: Address | undefined
    const ns = testBusNamespace()
    const services = new AbortController()
    const running: Promise<unknown>[] = []

    before(async () => {
      dbs = await createTestDatabases(['r1'])
      // One-second blocks: the relayer's execute waits in the pool long enough for the front-runner to see it.
      mesh = await startLocalMesh({
        relayerIds: ['r1'],
        threshold: 1,
        databaseUrl: dbs.url,
        natsUrl: TEST_NATS_URL,
        blockTime: 1,
        confirmations: 1,
        batch: { maxMessages: 8 },
      })
      const { bsc } = mesh.bridges
      const deployed = await bsc.chain.publicClient.waitForTransactionReceipt({
        hash: await bsc.chain.walletClient.deployContract({ abi: [], bytecode: gasBurningRecipientBytecode }),
      })
      burner = deployed.contractAddress ?? undefined
      const relayer = mesh.relayers[0]
      assert.ok(relayer && burner)
      ctx = await createRelayerContext({
        config: relayer.config,
        privateKey: relayer.privateKey,
        serviceName: 'hostile-traffic-e2e',
        telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
        logLevel: process.env['RELAYMESH_TEST_LOG'] === '1' ? 'info' : 'error',
        subjectRoot: ns.subjectRoot,
        streamPrefix: ns.streamPrefix,
      })
      const { signal } = services
      running.push(
        ...ctx.config.chains.map((c) => startWatcher(ctx!, { origin: c.domain, signal }).done),
        startVerifier(ctx, { signal }).done,
        startBatcher(ctx, { signal }).done,
        startSettler(ctx, { signal, execute: { maxAttempts: MAX_ATTEMPTS, retryBaseMs: 500 } }).done,
        startInboxFollower(ctx, { signal, intervalMs: 100 }).done,
      )
    })

    after(async () => {
      services.abort()
      await Promise.allSettled(running)
      await ctx?.close()
      await mesh?.stop()
      await dbs?.drop()
      await ns.cleanup()
    })

    /**
     * Watches the pool for the relayer's execute txs and executes one of their messages first, with a far higher tip.
     */
    function startFrontRunner(
      bsc: Bridge,
      relayer: Address,
      signal: AbortSignal,
    ): { frontRuns: FrontRun[]; settlementFrontRuns: FrontRun[]; errors: string[]; done: Promise<void> } {
      const attacker = devAccounts()[8]!
      const wallet = bsc.chain.walletClientFor(attacker)
      const seen = new Set<Hex>()
      const frontRuns: FrontRun[] = []
      const settlementFrontRuns: FrontRun[] = []
      const errors: string[] = []
      const tip = { maxPriorityFeePerGas: 1_000_000_000_000n, maxFeePerGas: 2_000_000_000_000n }
      // submitBatch with the one-shot call's own header and signatures, then one of its messages executed: both ahead
      // of it. Blocks are held while the attacker overtakes: on busy cores the next 1 s block could otherwise mine the
      // relayer's transaction before the attacker's arrive (then theirs revert and it was no front-run: the next
      // one-shot is tried).
      const ahead = (overtake: (relayerTx: Hex, input: Hex) => Promise<void>) => async (relayerTx: Hex, input: Hex) => {
        await bsc.chain.testClient.setIntervalMining({ interval: 0 })
        try {
          const mined = await bsc.chain.publicClient.getTransactionReceipt({ hash: relayerTx }).then(
            () => true,
            () => false,
          )
          if (!mined) await overtake(relayerTx, input)
        } finally {
          await bsc.chain.testClient.setIntervalMining({ interval: 1 })
        }
      }
      const settleFirst = ahead(async (relayerTx: Hex, input: Hex) => {
        const { args } = decodeFunctionData({ abi: settlementInboxAbi, data: input })
        // reason: submitAndExecute's arguments
        const [header, packed, signatures] = args as readonly [BatchHeader, Hex, readonly Hex[]]
        const messages = unpackMessages(hexToBytes(packed))
        const ids = messages.map((m) => keccak256(m))
        const tree = createMerkleTree(ids)
        const hash = await wallet.writeContract({
          address: bsc.addresses.inbox,
          abi: settlementInboxAbi,
          functionName: 'submitBatch',
          args: [header, ids.map((id) => bytesToHex(id)), signatures],
          gas: 2_000_000n,
          ...tip,
        })
        const pick = Math.floor(messages.length / 2)
        await wallet.writeContract({
          address: bsc.addresses.inbox,
          abi: settlementInboxAbi,
          functionName: 'execute',
          args: [header, [bytesToHex(messages[pick]!)], [pick], tree.multiproof([pick])],
          gas: 1_000_000n,
          ...tip,
        })
        settlementFrontRuns.push({ relayerTx, id: tree.leaf(pick), hash })
      })
      const attack = ahead(async (relayerTx: Hex, input: Hex) => {
        const { args } = decodeFunctionData({ abi: settlementInboxAbi, data: input })
        // reason: execute's arguments
        const [header, messages, leafIndices] = args as readonly [
          BatchHeader,
          readonly Hex[],
          readonly number[],
          readonly Hex[],
        ]
        if (messages.length < 2) return
        const pick = Math.floor(messages.length / 2)
        const tree = createMerkleTree(
          await getBatchMessageIds(ctx!.db, { destination: bsc.domain, batchIndex: header.batchIndex }),
        )
        const leaf = leafIndices[pick]!
        const hash = await wallet.writeContract({
          address: bsc.addresses.inbox,
          abi: settlementInboxAbi,
          functionName: 'execute',
          args: [header, [messages[pick]!], [leaf], tree.multiproof([leaf])],
          gas: 1_000_000n,
          maxPriorityFeePerGas: 1_000_000_000_000n,
          maxFeePerGas: 2_000_000_000_000n,
        })
        frontRuns.push({ relayerTx, id: tree.leaf(leaf), hash })
      })
      const done = (async () => {
        while (!signal.aborted) {
          try {
            const pool = await bsc.chain.testClient.getTxpoolContent()
            for (const tx of Object.values(pool.pending).flatMap((byNonce) => Object.values(byNonce))) {
              if (
                tx.from.toLowerCase() !== relayer.toLowerCase() ||
                tx.to?.toLowerCase() !== bsc.addresses.inbox.toLowerCase()
              )
                continue
              if (seen.has(tx.hash)) continue
              if (tx.input.startsWith(ONE_SHOT_SELECTOR) && settlementFrontRuns.length < SETTLEMENT_FRONT_RUNS) {
                seen.add(tx.hash)
                await settleFirst(tx.hash, tx.input)
              }
              if (!tx.input.startsWith(EXECUTE_SELECTOR)) continue
              seen.add(tx.hash)
              await attack(tx.hash, tx.input)
            }
          } catch (error) {
            errors.push(error instanceof Error ? error.message.split('\n')[0]! : String(error))
          }
          await new Promise((resolve) => setTimeout(resolve, 25))
        }
      })()
      return { frontRuns, settlementFrontRuns, errors, done }
    }

    test('everything else executes exactly once; the hostile messages are failed or dropped; front-run executes skip', async () => {
      assert.ok(mesh && ctx && burner)
      const burnerRecipient = pad(burner)
      const { ethereum, bsc } = mesh.bridges
      const db = ctx.db
      const relayer = ctx.account.address
      const stop = new AbortController()
      const frontRunner = startFrontRunner(bsc, relayer, stop.signal)
      const noop = pad(bsc.addresses.noopRecipient)
      try {
        // Live traffic Ethereum -> BSC, the hostile messages in its midst.
        let last: Hex | undefined
        for (let tick = 0; tick < TICKS; tick++) {
          for (let i = 0; i < PER_TICK; i++)
            last = await ethereum.outbox.write.dispatch([bsc.domain, noop, toHex(`live ${tick}:${i}`)], {
              account: mesh.sender,
            })
          if (BURNER_TICKS.has(tick))
            await ethereum.outbox.write.dispatch([bsc.domain, burnerRecipient, toHex(`burn ${tick}`)], {
              account: mesh.sender,
            })
          if (HUGE_TICKS.has(tick))
            await ethereum.outbox.write.dispatch([bsc.domain, noop, HUGE_GAS_LIMIT, toHex(`huge ${tick}`)], {
              account: mesh.sender,
            })
          await new Promise((resolve) => setTimeout(resolve, TICK_MS))
        }
        await ethereum.chain.publicClient.waitForTransactionReceipt({ hash: last! }) // the sender's last: all mined
        const dispatched = (
          await ethereum.chain.publicClient.getContractEvents({
            address: ethereum.addresses.outbox,
            abi: outboxAbi,
            eventName: 'Dispatch',
            fromBlock: 0n,
          })
        ).map((e) => ({ id: e.args.id!, message: decodeMessage(e.args.message!) }))
        const burned = dispatched.filter((d) => d.message.recipient === burnerRecipient.toLowerCase()).map((d) => d.id)
        const huge = dispatched.filter((d) => d.message.gasLimit === HUGE_GAS_LIMIT).map((d) => d.id)
        const normal = dispatched.filter((d) => !burned.includes(d.id) && !huge.includes(d.id)).map((d) => d.id)
        assert.deepEqual(
          [normal.length, burned.length, huge.length],
          [TICKS * PER_TICK, BURNER_TICKS.size, HUGE_TICKS.size],
        )

        // Wait on state: every normal message executed, every hostile one failed for good (attempts spent).
        const states = async () =>
          (
            await db.$client.query<{ id: Buffer; state: string; reason_code: string | null; attempts: number }>(
              'SELECT id, state, reason_code, attempts FROM messages WHERE destination = $1',
              [bsc.domain],
            )
          ).rows
        const byId = (rows: Awaited<ReturnType<typeof states>>) =>
          new Map(rows.map((r) => [`0x${r.id.toString('hex')}`, r]))
        const final = await waitUntil(
          async () => {
            const rows = byId(await states())
            const done =
              normal.every((id) => rows.get(id)?.state === 'executed') &&
              [...burned, ...huge].every(
                (id) => rows.get(id)?.state === 'failed' && rows.get(id)!.attempts >= MAX_ATTEMPTS,
              )
            return done ? rows : undefined
          },
          'all normal messages executed and the hostile ones failed after their attempts',
          400_000,
          500,
        ).catch(async (error: Error) => {
          const counts = new Map<string, number>()
          for (const r of await states()) counts.set(r.state, (counts.get(r.state) ?? 0) + 1)
          throw new Error(
            `${error.message} (states ${JSON.stringify([...counts])}, front-runs ${frontRunner.frontRuns.length})`,
          )
        })

        // Totals first: on chain, each normal message executed exactly once, the hostile ones never.
        const inboxLogs = parseEventLogs({
          abi: settlementInboxAbi,
          logs: await bsc.chain.publicClient.getLogs({ address: bsc.addresses.inbox, fromBlock: 0n }),
        })
        const executed = inboxLogs.filter((l) => l.eventName === 'MessageExecuted').map((l) => l.args.id)
        assert.equal(executed.length, normal.length, 'one MessageExecuted per normal message')
        assert.deepEqual(new Set(executed), new Set(normal), 'exactly the normal messages executed')

        // The gas burner failed within its 200,000 (recorded by the follower), retryable until its attempts ran out.
        const failed = inboxLogs.filter((l) => l.eventName === 'MessageFailed').map((l) => l.args.id)
        for (const id of burned) {
          assert.ok(
            failed.filter((f) => f === id).length >= MAX_ATTEMPTS,
            `burner ${id} failed on chain once per attempt`,
          )
          assert.equal(final.get(id)?.reason_code, 'RECIPIENT_REVERTED')
        }
        // The unaffordable one never reached the chain: the settler dropped it from its chunk with a reason code.
        for (const id of huge) {
          assert.ok(!failed.includes(id), `${id} was never sent`)
          assert.equal(final.get(id)?.reason_code, 'EXECUTE_GAS_UNAFFORDABLE')
          const rejections = await db.$client.query<{ stage: string; reason_code: string }>(
            'SELECT stage, reason_code FROM rejections WHERE message_id = $1',
            [Buffer.from(id.slice(2), 'hex')],
          )
          assert.deepEqual(
            rejections.rows.map((r) => [r.stage, r.reason_code]),
            Array(MAX_ATTEMPTS).fill(['execute', 'EXECUTE_GAS_UNAFFORDABLE']),
          )
        }

        // Front-running: the attacker executed messages first; the relayer's executes skipped them and did not revert.
        stop.abort()
        await frontRunner.done
        assert.deepEqual(frontRunner.errors, [], 'the front-runner saw the pool and sent its transactions')
        const skipped = inboxLogs.filter((l) => l.eventName === 'MessageSkipped')
        const stolen = new Set(frontRunner.frontRuns.map((f) => f.id))
        const relayerSkips: Hex[] = []
        for (const skip of skipped) {
          const tx = await bsc.chain.publicClient.getTransaction({ hash: skip.transactionHash })
          if (tx.from.toLowerCase() === relayer.toLowerCase()) relayerSkips.push(skip.args.id)
        }
        console.log(
          `# hostile traffic: ${normal.length} executed, ${burned.length} burners failed, ${huge.length} dropped; ` +
            `${frontRunner.frontRuns.length} front-runs, ${relayerSkips.length} skipped inside relayer executes`,
        )
        assert.ok(
          relayerSkips.length >= 1,
          `a relayer execute skipped a front-run message (${frontRunner.frontRuns.length} front-runs, ` +
            `${skipped.length} skips)`,
        )
        assert.ok(
          relayerSkips.every((id) => stolen.has(id)),
          'the relayer skipped only messages the attacker executed',
        )
        for (const run of frontRunner.frontRuns) {
          const receipt = await bsc.chain.publicClient.getTransactionReceipt({ hash: run.relayerTx })
          assert.equal(receipt.status, 'success', `relayer execute ${run.relayerTx} did not revert`)
        }
        // The settler's path is one transaction per batch; a batch someone else settled first completed the two-step
        // way (its messages are among the executed-once totals above).
        const byFunction = new Map<string, number>()
        for (const hash of new Set(
          inboxLogs.filter((l) => l.eventName === 'MessageExecuted').map((l) => l.transactionHash),
        )) {
          const tx = await bsc.chain.publicClient.getTransaction({ hash })
          if (tx.from.toLowerCase() !== relayer.toLowerCase()) continue
          const name = decodeFunctionData({ abi: settlementInboxAbi, data: tx.input }).functionName
          byFunction.set(name, (byFunction.get(name) ?? 0) + 1)
        }
        console.log(
          `# relayer transactions that executed messages: ${JSON.stringify([...byFunction])}; ` +
            `${frontRunner.settlementFrontRuns.length} one-shot settlements front-run`,
        )
        assert.ok((byFunction.get('submitAndExecute') ?? 0) > 0, 'the relayer executed through submitAndExecute')
        assert.equal(
          frontRunner.settlementFrontRuns.length,
          SETTLEMENT_FRONT_RUNS,
          'the front-runner settled one-shot batches first',
        )
        for (const run of frontRunner.settlementFrontRuns) {
          assert.equal(
            (await bsc.chain.publicClient.getTransactionReceipt({ hash: run.hash })).status,
            'success',
            'the front-runner settled the batch',
          )
        }
      } finally {
        stop.abort()
        await frontRunner.done
      }
    })
  },
)
