import { httpSolanaRpc } from '@relaymesh/solana'
import { createDb, migrate } from '@relaymesh/store'
import { createLogger } from '@relaymesh/telemetry'
import { rpcAttesterChain, type commitmentAtSlot } from '@relaymesh/relayer/internal'
import { startAttester, type Attester, type AttesterChain } from '@relaymesh/relayer'
import type { CommitteeSigners, StartCommitteeSignersParameters } from './startCommitteeSigners.js'

/** The bearer token the local attesters accept and the local relayers send (development only). */
export const LOCAL_ATTESTER_TOKEN = 'relaymesh-local-attester-token'

export type StartLocalAttestersParameters = Omit<
  StartCommitteeSignersParameters,
  'pollIntervalMs' | 'keepSlots' | 'host'
> & {
  /** One database for all of them (their records are keyed by signer). */
  databaseUrl: string
}

/**
 * The local Solana committee as the production service: one `startAttester` per development key (the code
 * `relaymesh attester` runs), sharing one database, behind the local chain's JSON-RPC. Same shape as the
 * development signers (`signerUrls` in key order, `lastSigned`, `stop`), so the devnet and the tests can use
 * either; the relayers must send `LOCAL_ATTESTER_TOKEN`.
 */
export async function startLocalAttesters(p: StartLocalAttestersParameters): Promise<CommitteeSigners> {
  const logger = createLogger({ name: 'relaymesh-attester', level: 'warn' })
  // A Postgres restart (a fault run plays one) drops the idle connections: replaced on next use, not a crash of the
  // run.
  const store = createDb({
    connectionString: p.databaseUrl,
    max: 4,
    applicationName: 'relaymesh-local-attesters',
    onIdleError: (error) => logger.warn({ err: error }, 'idle Postgres connection lost'),
  })
  await migrate(store.db)
  const request = httpSolanaRpc(p.rpcUrl)
  const stop = new AbortController()
  // One chain reader for all of them: each slot is fetched once however many attesters ask (independent
  // attesters have their own RPC; five loops over one local JSON-RPC server only multiply its load).
  const rpc = rpcAttesterChain(request, p)
  const commitments = new Map<string, ReturnType<typeof commitmentAtSlot>>()
  let finalized: Promise<number> | undefined
  const chain: AttesterChain = {
    ...rpc,
    finalizedSlot: () =>
      (finalized ??= rpc.finalizedSlot().finally(() => setTimeout(() => (finalized = undefined), 50))),
    commitmentAt: (slot, messagesBefore) => {
      // Keyed by the count too: every attester carries the same one, so they share the read.
      const key = `${slot}:${messagesBefore}`
      let commitment = commitments.get(key)
      if (!commitment) {
        commitment = rpc.commitmentAt(slot, messagesBefore)
        commitment.catch(() => commitments.delete(key))
        commitments.set(key, commitment)
        // reason: a non-empty map has a first key
        if (commitments.size > 4096) commitments.delete(commitments.keys().next().value as string)
      }
      return commitment
    },
  }
  const attesters: Attester[] = []
  for (const key of p.keys) {
    attesters.push(
      await startAttester({
        db: store.db,
        key,
        chain,
        schedule: p.schedule,
        tokens: [LOCAL_ATTESTER_TOKEN],
        rateLimit: { ratePerSecond: 1_000, burst: 10_000 },
        host: '127.0.0.1',
        port: 0,
        logger: logger.child({ signer: key.publicKey }),
        signal: stop.signal,
        clock: { now: () => performance.now() },
        pollIntervalMs: 100,
      }),
    )
  }
  return {
    signerUrls: attesters.map((a) => a.url),
    // Every attester walks every slot (signing those of its epochs): all have passed the slowest one's.
    lastSigned: () => Math.min(...attesters.map((a) => a.lastSigned())),
    stop: async () => {
      stop.abort()
      await Promise.all(attesters.map((a) => a.done))
      await store.close()
    },
  }
}
