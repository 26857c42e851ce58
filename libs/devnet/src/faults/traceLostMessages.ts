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
  /**
   * This relayer's watcher cursor on the message's origin (known from another relayer's row): past the block or not.
   */
  watcherCursor: string | null
  /**
   * Dead letters of this relayer whose bus message id names the message's source block (`<origin>:<block
   * hash>:<part>`).
   */
  deadLetters: string[]
  /** The message's source block, as any relayer that stored the message knows it. */
  block?: { origin: number; number: bigint; hash: Hex } | undefined
}

type MessageRow = {
  id: Buffer
  state: string
  batch_index: string | null
  source_block_number: string
  source_block_hash: Buffer
  origin: string
}

/** A lost message's source block, as any relayer that stored the message knows it. */
type KnownBlock = { hash: Buffer; origin: string; number: bigint }

/**
 * What one relayer's database holds beyond its message rows: rejections, stored blocks, watcher cursors, dead letters.
 */
type RelayerEvidence = {
  rejections: { message_id: Buffer; stage: string; reason_code: string }[]
  storedBlocks: ReadonlySet<string>
  cursorOf: ReadonlyMap<string, string>
  letters: { stage: string; reason_code: string; msg_id: string }[]
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
  const perRelayer: { relayer: string; client: pg.Client }[] = []
  try {
    for (const r of relayers) {
      const client = new pg.Client({ connectionString: r.databaseUrl })
      await client.connect()
      perRelayer.push({ relayer: r.relayer, client })
    }
    const keys = ids.map((id) => Buffer.from(hexToBytes(id)))
    const rows = new Map<string, Map<Hex, MessageRow>>()
    const known = new Map<Hex, KnownBlock>()
    for (const { relayer, client } of perRelayer) {
      const byId = await readMessageRows(client, keys)
      for (const [id, row] of byId)
        known.set(id, {
          hash: row.source_block_hash,
          origin: String(row.origin),
          number: BigInt(row.source_block_number),
        })
      rows.set(relayer, byId)
    }
    const blocks = [...new Set([...known.values()].map((b) => b.hash.toString('hex')))].map((hex) =>
      Buffer.from(hex, 'hex'),
    )
    for (const { relayer, client } of perRelayer) {
      const evidence = await readRelayerEvidence(client, keys, blocks)
      for (const id of ids)
        states.push(lostMessageStateOf(relayer, id, rows.get(relayer)?.get(id), known.get(id), evidence))
    }
  } finally {
    for (const { client } of perRelayer) await client.end().catch(() => {})
  }
  return states
}

async function readMessageRows(client: pg.Client, keys: readonly Buffer[]): Promise<Map<Hex, MessageRow>> {
  const found = await client.query<MessageRow>(
    'SELECT id, state, batch_index, source_block_number, source_block_hash, origin FROM messages WHERE id = ANY($1)',
    [keys],
  )
  return new Map(found.rows.map((row) => [bytesToHex(row.id), row] as const))
}

async function readRelayerEvidence(
  client: pg.Client,
  keys: readonly Buffer[],
  blocks: readonly Buffer[],
): Promise<RelayerEvidence> {
  const rejections = await client.query<{ message_id: Buffer; stage: string; reason_code: string }>(
    'SELECT message_id, stage, reason_code FROM rejections WHERE message_id = ANY($1)',
    [keys],
  )
  const stored = await client.query<{ hash: Buffer }>('SELECT hash FROM source_blocks WHERE hash = ANY($1)', [blocks])
  const cursors = await client.query<{ chain: string; block_number: string }>(
    `SELECT chain, block_number FROM chain_cursors WHERE name = 'watcher'`,
  )
  const letters = await client.query<{ stage: string; reason_code: string; msg_id: string }>(
    `SELECT stage, reason_code, details->>'msgId' AS msg_id FROM rejections WHERE message_id IS NULL AND ` +
      `details->>'msgId' IS NOT NULL`,
  )
  return {
    rejections: rejections.rows,
    storedBlocks: new Set(stored.rows.map((r) => r.hash.toString('hex'))),
    cursorOf: new Map(cursors.rows.map((r) => [String(r.chain), String(r.block_number)])),
    letters: letters.rows,
  }
}

/** One relayer's view of one lost id: its row (if any), and what it holds of the block another relayer saw. */
function lostMessageStateOf(
  relayer: string,
  id: Hex,
  row: MessageRow | undefined,
  block: KnownBlock | undefined,
  e: RelayerEvidence,
): LostMessageState {
  const blockHex = block?.hash.toString('hex')
  return {
    relayer,
    id,
    state: row?.state ?? 'not stored',
    batchIndex: row?.batch_index ?? null,
    sourceBlock: row ? `${row.origin}#${row.source_block_number}` : null,
    blockStored: blockHex === undefined ? undefined : e.storedBlocks.has(blockHex),
    rejections: e.rejections.filter((r) => bytesToHex(r.message_id) === id).map((r) => `${r.stage}:${r.reason_code}`),
    watcherCursor: e.cursorOf.get(block?.origin ?? '') ?? null,
    deadLetters:
      blockHex === undefined
        ? []
        : e.letters.filter((r) => r.msg_id.toLowerCase().includes(blockHex)).map((r) => `${r.stage}:${r.reason_code}`),
    block: block ? { origin: Number(block.origin), number: block.number, hash: bytesToHex(block.hash) } : undefined,
  }
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
        const from = s.sourceBlock ? ` from ${s.sourceBlock}` : ''
        return `${s.relayer} ${s.state}${batch}${from}${block}${cursor}${rejected}${dead}`
      })
    return `lost: ${id}: ${views.join('; ')}`
  })
  if (ids.length > limit) lines.push(`lost: ... and ${ids.length - limit} more`)
  return lines
}
