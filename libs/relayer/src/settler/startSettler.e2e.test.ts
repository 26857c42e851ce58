// Settlement under steady traffic: messages flow both ways without pause while one
// relayer (threshold 1, every service in-process) settles both EVM destinations. Batches are kept
// small (2 messages) so signed batches arrive faster than one submitBatch per block can take them:
// a signed batch is due at almost every settler tick. Executions must keep progressing on each
// destination while batches keep being submitted, at every moment, not only once traffic stops.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import type { Bridge } from '@relaymesh/localchain'
import { decodeFunctionData, parseEventLogs, pad, toHex } from 'viem'
import { startBatcher } from '../batcher/startBatcher.js'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { startInboxFollower } from '../follower/startInboxFollower.js'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, waitUntil } from '../testing/testInfra.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from '../watcher/startWatcher.js'
import { startSettler } from './startSettler.js'

/**
 * Interleaved rounds each destination must show: executions rose AND more batches were submitted since the last round,
 * with signed batches still waiting.
 */
const ROUNDS = 5
/** Messages per route per traffic tick: twice `maxMessages`, so each tick seals two batches per destination at once. */
const PER_TICK = 4
const TICK_MS = 300

type Progress = { executed: number; batches: bigint; signed: number }

describe('settler under steady traffic to both EVM destinations', { timeout: 300_000 }, () => {
  let mesh: LocalMesh | undefined
  let ctx: RelayerContext | undefined
  let dbs: Awaited<ReturnType<typeof createTestDatabases>> | undefined
  const ns = testBusNamespace()
  const services = new AbortController()
  const running: Promise<unknown>[] = []

  before(async () => {
    dbs = await createTestDatabases(['r1'])
    mesh = await startLocalMesh({
      relayerIds: ['r1'],
      threshold: 1,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
      batch: { maxMessages: 2 },
    })
    const relayer = mesh.relayers[0]
    assert.ok(relayer)
    ctx = await createRelayerContext({
      config: relayer.config,
      privateKey: relayer.privateKey,
      serviceName: 'settler-steady-e2e',
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
      startSettler(ctx, { signal }).done,
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

  test('executions progress on each destination while new batches keep being submitted', async () => {
    assert.ok(mesh && ctx)
    const { ethereum, bsc } = mesh.bridges
    const db = ctx.db
    const traffic = new AbortController()
    const sent = { count: 0, errors: [] as string[] }
    // Steady traffic both ways until the assertion holds (pacing, not waiting on state).
    const send = async (from: Bridge, to: Bridge) => {
      const recipient = pad(to.addresses.noopRecipient)
      for (let tick = 0; !traffic.signal.aborted; tick++) {
        for (let i = 0; i < PER_TICK && !traffic.signal.aborted; i++) {
          try {
            await from.outbox.write.dispatch([to.domain, recipient, toHex(`steady ${tick}:${i}`)], {
              account: mesh!.sender,
            })
            sent.count++
          } catch (error) {
            sent.errors.push(error instanceof Error ? error.message.split('\n')[0]! : String(error))
          }
        }
        await new Promise((resolve) => setTimeout(resolve, TICK_MS))
      }
    }
    const senders = [send(ethereum, bsc), send(bsc, ethereum)]

    const progress = async (bridge: Bridge): Promise<Progress> => {
      const [counts, batches] = await Promise.all([
        db.$client.query<{ executed: number; signed: number }>(
          `SELECT (SELECT count(*)::int FROM messages WHERE destination = $1 AND state = 'executed') AS executed,
                  (SELECT count(*)::int FROM batches WHERE destination = $1 AND state = 'signed') AS signed`,
          [bridge.domain],
        ),
        bridge.inbox.read.nextBatchIndex(),
      ])
      return { executed: counts.rows[0]!.executed, signed: counts.rows[0]!.signed, batches }
    }
    const destinations = [bsc, ethereum]
    const rounds = new Map(
      destinations.map((b) => [
        b.domain,
        { count: 0, since: undefined as Progress | undefined, latest: undefined as Progress | undefined },
      ]),
    )
    try {
      await waitUntil(
        async () => {
          for (const bridge of destinations) {
            const r = rounds.get(bridge.domain)!
            const now = await progress(bridge)
            r.latest = now
            r.since ??= now
            // A round: since the last one, messages were executed AND batches submitted, and signed batches still wait
            // (traffic did not drain).
            if (now.executed > r.since.executed && now.batches > r.since.batches && now.signed > 0) {
              r.count++
              r.since = now
            }
          }
          return [...rounds.values()].every((r) => r.count >= ROUNDS) ? true : undefined
        },
        `${ROUNDS} rounds of executions interleaved with batch submissions on each destination`,
        210_000,
        500,
      ).catch((error: Error) => {
        const seen = [...rounds].map(
          ([d, r]) =>
            `${d}: ${r.count} rounds, latest ` +
            `${JSON.stringify(r.latest, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
        )
        throw new Error(`${error.message} (${seen.join('; ')}; sent ${sent.count})`)
      })
    } finally {
      traffic.abort()
      await Promise.all(senders)
      // Freeze the relayer before comparing its records with the chain: a settlement landing
      // between the two reads would otherwise count in one and not the other.
      services.abort()
      await Promise.allSettled(running)
    }

    // Totals: traffic flowed both ways without send errors, and each destination executed messages.
    assert.deepEqual(sent.errors, [], 'every dispatch was accepted')
    for (const bridge of destinations) {
      const r = rounds.get(bridge.domain)!
      assert.ok(r.count >= ROUNDS, `${bridge.domain}: ${r.count} interleaved rounds`)
    }
    // Details: what the relayer recorded as executed was executed on chain exactly once; nothing was rejected or
    // failed.
    for (const bridge of destinations) {
      const logs = parseEventLogs({
        abi: settlementInboxAbi,
        eventName: 'MessageExecuted',
        logs: await bridge.chain.publicClient.getLogs({ address: bridge.addresses.inbox, fromBlock: 0n }),
      })
      const ids = logs.map((l) => l.args.id)
      assert.equal(new Set(ids).size, ids.length, `${bridge.domain}: no message executed twice`)
      // The settler's path: every message executed in the transaction that settled its batch.
      const calls = new Map<string, number>()
      for (const hash of new Set(logs.map((l) => l.transactionHash))) {
        const { input } = await bridge.chain.publicClient.getTransaction({ hash })
        const { functionName } = decodeFunctionData({ abi: settlementInboxAbi, data: input })
        calls.set(functionName, (calls.get(functionName) ?? 0) + 1)
      }
      assert.deepEqual(
        [...calls.keys()],
        ['submitAndExecute'],
        `${bridge.domain}: executions by function ${JSON.stringify([...calls])}`,
      )
      const recorded = await db.$client.query<{ executed: number; bad: number }>(
        `SELECT count(*) FILTER (WHERE state = 'executed')::int AS executed, count(*) FILTER (WHERE state IN ` +
          `('failed', 'rejected'))::int AS bad
         FROM messages WHERE destination = $1`,
        [bridge.domain],
      )
      assert.ok(recorded.rows[0]!.executed <= ids.length, `${bridge.domain}: every recorded execution is on chain`)
      assert.equal(recorded.rows[0]!.bad, 0, `${bridge.domain}: nothing failed or rejected`)
      // The follower writes a one-shot batch's executed messages once, settled and executed in one statement (one
      // now()).
      const twice = await db.$client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE destination = $1 AND state = 'executed' AND settled_at IS ` +
          `DISTINCT FROM executed_at`,
        [bridge.domain],
      )
      assert.equal(twice.rows[0]!.n, 0, `${bridge.domain}: executed messages written once with their settlement`)
    }
  })
})
