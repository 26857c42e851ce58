import pg from 'pg'
import { bytesToHex, hexToBytes, type Hex } from 'viem'

/** Where one relayer's database has a message the chain never executed. */
export type LostMessageState = {
  relayer: string
  id: Hex
  /** `not stored` when the relayer never verified it; else its state, batch and source block. */
  state: string
  batchIndex: string | null
  sourceBlock: string | null
  /** Whether this relayer stored the source block the message came from (known from another relayer's row). */
  blockStored: boolean | undefined
  rejections: string[]
  /** This relayer's watcher cursor on the message's origin (known from another relayer's row): past the block or not. */
  watcherCursor: string | null
  /** Dead letters of this relayer whose bus message id names the message's source block (`<origin>:<block hash>:<part>`). */
  deadLetters: string[]
  /** The message's source block, as any relayer that stored the message knows it. */
  block?: { origin: number; number: bigint; hash: Hex } | undefined
}

/**
 * For a fault run that lost messages: what each relayer's database says of each lost id, so a failed CI run names
 * the stage (never verified by one relayer, verified and never batched, batched and never settled, ...) without the
 * run folder, which a CI machine does not keep.
 */
export async function traceLostMessages(
  relayers: readonly { relayer: string; databaseUrl: string }[],
  ids: readonly Hex[],
): Promise<LostMessageState[]> {
  const states: LostMessageState[] = []
  const blockOf = new Map<Hex, Buffer>()
  const originOf = new Map<Hex, string>()
  const numberOf = new Map<Hex, bigint>()
  const perRelayer: { relayer: string; client: pg.Client }[] = []
  try {
    for (const r of relayers) {
      const client = new pg.Client({ connectionString: r.databaseUrl })
      await client.connect()
      perRelayer.push({ relayer: r.relayer, client })
    }
    const keys = ids.map((id) => Buffer.from(hexToBytes(id)))
    const rows = new Map<
      string,
      Map<
        Hex,
        {
          state: string
          batch_index: string | null
          source_block_number: string
          source_block_hash: Buffer
          origin: string
        }
      >
    >()
    for (const { relayer, client } of perRelayer) {
      const found = await client.query<{
        id: Buffer
        state: string
        batch_index: string | null
        source_block_number: string
        source_block_hash: Buffer
        origin: string
      }>(
        'SELECT id, state, batch_index, source_block_number, source_block_hash, origin FROM messages WHERE id = ANY($1)',
        [keys],
      )
      const byId = new Map(found.rows.map((row) => [bytesToHex(row.id), row] as const))
      for (const [id, row] of byId) {
        blockOf.set(id, row.source_block_hash)
        originOf.set(id, String(row.origin))
        numberOf.set(id, BigInt(row.source_block_number))
      }
      rows.set(relayer, byId)
    }
    const blocks = [...new Set([...blockOf.values()].map((b) => b.toString('hex')))].map((hex) =>
      Buffer.from(hex, 'hex'),
    )
    for (const { relayer, client } of perRelayer) {
      const rejections = await client.query<{ message_id: Buffer; stage: string; reason_code: string }>(
        'SELECT message_id, stage, reason_code FROM rejections WHERE message_id = ANY($1)',
        [keys],
      )
      const stored = await client.query<{ hash: Buffer }>('SELECT hash FROM source_blocks WHERE hash = ANY($1)', [
        blocks,
      ])
      const storedBlocks = new Set(stored.rows.map((r) => r.hash.toString('hex')))
      const cursors = await client.query<{ chain: string; block_number: string }>(
        `SELECT chain, block_number FROM chain_cursors WHERE name = 'watcher'`,
      )
      const cursorOf = new Map(cursors.rows.map((r) => [String(r.chain), String(r.block_number)]))
      const letters = await client.query<{ stage: string; reason_code: string; msg_id: string }>(
        `SELECT stage, reason_code, details->>'msgId' AS msg_id FROM rejections WHERE message_id IS NULL AND details->>'msgId' IS NOT NULL`,
      )
      for (const id of ids) {
        const row = rows.get(relayer)?.get(id)
        const block = blockOf.get(id)
        const blockStored = block ? storedBlocks.has(block.toString('hex')) : undefined
        states.push({
          relayer,
          id,
          state: row?.state ?? 'not stored',
          batchIndex: row?.batch_index ?? null,
          sourceBlock: row ? `${row.origin}#${row.source_block_number}` : null,
          blockStored,
          rejections: rejections.rows
            .filter((r) => bytesToHex(r.message_id) === id)
            .map((r) => `${r.stage}:${r.reason_code}`),
          watcherCursor: cursorOf.get(originOf.get(id) ?? '') ?? null,
          deadLetters: block
            ? letters.rows
                .filter((r) => r.msg_id.toLowerCase().includes(block.toString('hex')))
                .map((r) => `${r.stage}:${r.reason_code}`)
            : [],
          block: block
            ? { origin: Number(originOf.get(id)), number: numberOf.get(id) ?? 0n, hash: bytesToHex(block) }
            : undefined,
        })
      }
    }
  } finally {
    for (const { client } of perRelayer) await client.end().catch(() => {})
  }
  return states
}

/** One `lost:` line per lost id (at most `limit`): each relayer's view of it. */
export function formatLostMessages(states: readonly LostMessageState[], limit = 10): string[] {
  const ids = [...new Set(states.map((s) => s.id))]
  const lines = ids.slice(0, limit).map((id) => {
    const views = states
      .filter((s) => s.id === id)
      .map((s) => {
        const block = s.blockStored === undefined ? '' : s.blockStored ? ', block stored' : ', block not stored'
        const batch = s.batchIndex === null ? '' : ` batch ${s.batchIndex}`
        const rejected = s.rejections.length ? ` rejected ${s.rejections.join('/')}` : ''
        const cursor = s.watcherCursor === null ? '' : `, watcher at ${s.watcherCursor}`
        const dead = s.deadLetters.length ? ` dead-lettered ${s.deadLetters.join('/')}` : ''
        return `${s.relayer} ${s.state}${batch}${s.sourceBlock ? ` from ${s.sourceBlock}` : ''}${block}${cursor}${rejected}${dead}`
      })
    return `lost: ${id}: ${views.join('; ')}`
  })
  if (ids.length > limit) lines.push(`lost: ... and ${ids.length - limit} more`)
  return lines
}
