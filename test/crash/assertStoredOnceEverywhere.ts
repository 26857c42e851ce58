import assert from 'node:assert/strict'
import { waitUntil } from '../../libs/relayer/src/testing/testInfra.js'
import type { CrashHarness } from './createCrashHarness.js'
import type { Sent } from './dispatchedBy.js'

/** Every relayer's own database: each message once, executed; nothing else stored. */
export async function assertStoredOnceEverywhere(h: CrashHarness, sent: Sent[], perRoute: number): Promise<void> {
  const expected = new Set(sent.map((s) => s.id.slice(2)))
  for (const id of h.ids) {
    await waitUntil(async () => {
      const [row] = await h.query<{ n: number }>(id, `SELECT count(*)::int AS n FROM messages WHERE state = 'executed'`)
      return row?.n === 2 * perRoute ? true : undefined
    }, `${id} sees every message executed`)
    const rows = await h.query<{ id: string; state: string }>(
      id,
      `SELECT encode(id, 'hex') AS id, state::text FROM messages`,
    )
    assert.equal(rows.length, 2 * perRoute, `${id} holds ${2 * perRoute} message rows`)
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, `${id} holds no duplicate rows`)
    for (const r of rows) assert.ok(expected.has(r.id), `${id} stores only dispatched messages (0x${r.id})`)
    assert.deepEqual([...new Set(rows.map((r) => r.state))], ['executed'], `${id}: every message executed`)
  }
}
