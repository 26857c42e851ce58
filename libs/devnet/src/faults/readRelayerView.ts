import pg from 'pg'
import { bytesToHex, type Hex } from 'viem'
import type { RelayerView } from './findMeshViolations.js'

/**
 * What one relayer's database holds after the drain, for `findMeshViolations`: executed ids per destination and its
 * rejections.
 */
export async function readRelayerView(relayer: string, databaseUrl: string): Promise<RelayerView> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const executed = new Map<number, Set<Hex>>()
    // `destination` is int8: pg returns it as a string.
    const done = await client.query<{ destination: string; id: Buffer }>(
      `SELECT destination, id FROM messages WHERE state = 'executed'`,
    )
    for (const row of done.rows) {
      const destination = Number(row.destination)
      const set = executed.get(destination) ?? new Set<Hex>()
      set.add(bytesToHex(row.id))
      executed.set(destination, set)
    }
    const rejected = await client.query<{ id: Buffer; reason_code: string | null }>(
      `SELECT id, reason_code FROM messages WHERE state = 'rejected'`,
    )
    const noCode = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM rejections WHERE reason_code = ''`)
    return {
      relayer,
      executed,
      rejected: rejected.rows.map((r) => ({ id: bytesToHex(r.id), reasonCode: r.reason_code })),
      rejectionsWithoutCode: noCode.rows[0]?.n ?? 0,
    }
  } finally {
    await client.end()
  }
}
