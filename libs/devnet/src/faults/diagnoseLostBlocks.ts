import { connectBus, createBusCatalogue } from '@relaymesh/bus'
import { createDb, getFinalityState } from '@relaymesh/store'
import type { Hex } from 'viem'
import { parliaFinalityStatus, PARLIA_CLIENT, restoreParliaStore } from '@relaymesh/relayer/internal'

/** A source block one relayer never stored while another did (from `traceLostMessages`). */
export type LostBlock = { relayer: string; origin: number; number: bigint; hash: Hex }

export type DiagnoseLostBlocksParameters = {
  blocks: readonly LostBlock[]
  natsUrl: string
  /** The run's bus naming (`createBusCatalogue`). */
  subjectRoot: string
  streamPrefix: string
  databaseUrl: (relayerId: string) => string
}

/**
 * For a fault run that lost messages: where each block one relayer never stored stands on that relayer's bus and
 * light client, so a CI log tells which stage dropped it. Per block: the bundle parts its stream holds (by the
 * watcher's msg-id `<origin>:<block hash>:<part>`) and whether the verifier's consumer acknowledged past them, the
 * consumer's pending and redelivered counts, and for a BSC origin what the relayer's Parlia light client says of
 * the block. Reads only; any failure becomes part of the answer.
 */
export async function diagnoseLostBlocks(p: DiagnoseLostBlocksParameters): Promise<string[]> {
  const lines: string[] = []
  const { nc, js, jsm } = await connectBus({
    servers: p.natsUrl,
    name: 'fault-run-diagnosis',
    firstConnectWaitMs: 5_000,
  })
  try {
    for (const block of p.blocks) {
      const where = `diag: ${block.relayer} block ${block.origin}#${block.number}`
      const cat = createBusCatalogue({
        relayerId: block.relayer,
        subjectRoot: p.subjectRoot,
        streamPrefix: p.streamPrefix,
      })
      const stream = cat.streams.bundles.name
      try {
        const info = await jsm.consumers.info(stream, cat.consumers.verifier.durable)
        const seqs = await findBundleSeqs(
          js,
          stream,
          cat.subjects.bundles(String(block.origin)),
          `${block.origin}:${block.hash}:`,
        )
        const acked = info.ack_floor.stream_seq
        lines.push(
          `${where}: stream ${stream} holds its parts at seq ${seqs.join(', ') || 'none'}; verifier acked up ` +
            `to ${acked}, delivered up to ${info.delivered.stream_seq}, pending ${info.num_pending}, ` +
            `awaiting ack ${info.num_ack_pending}, redelivered ${info.num_redelivered}`,
        )
      } catch (error) {
        lines.push(`${where}: bus not readable (${error instanceof Error ? error.message : String(error)})`)
      }
      lines.push(`${where}: ${await parliaView(p.databaseUrl(block.relayer), block)}`)
    }
  } finally {
    await nc.close()
  }
  return lines
}

type Js = Awaited<ReturnType<typeof connectBus>>['js']

/** Stream sequences of the messages on `subject` whose msg-id starts with `prefix` (an ordered consumer over them). */
async function findBundleSeqs(js: Js, stream: string, subject: string, prefix: string): Promise<number[]> {
  const consumer = await js.consumers.get(stream, { filter_subjects: [subject] })
  let left = (await consumer.info(true)).num_pending
  const found: number[] = []
  if (left === 0) return found
  for await (const m of await consumer.fetch({ max_messages: left, expires: 10_000 })) {
    if ((m.headers?.get('Nats-Msg-Id') ?? '').startsWith(prefix)) found.push(m.seq)
    if (--left === 0) break
  }
  return found
}

async function parliaView(databaseUrl: string, block: LostBlock): Promise<string> {
  const { db, pool } = createDb({ connectionString: databaseUrl, max: 1 })
  try {
    const row = await getFinalityState(db, { chain: block.origin, client: PARLIA_CLIENT })
    if (!row) return 'no Parlia light client for this origin'
    const store = restoreParliaStore(row)
    const status = parliaFinalityStatus(store, { number: block.number, hash: block.hash })
    const known = [...store.headers.values()].some((h) => h.hash === block.hash.toLowerCase())
    return (
      `Parlia store head ${store.head?.number ?? '-'}, finalized ${store.finalized?.number ?? '-'}, ` +
      `header ${known ? 'known' : 'unknown'}; the block is ${JSON.stringify(status)}`
    )
  } catch (error) {
    return `Parlia store not readable (${error instanceof Error ? error.message : String(error)})`
  } finally {
    await pool.end()
  }
}
