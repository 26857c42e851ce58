import assert from 'node:assert/strict'
import { waitUntil } from '../../libs/relayer/src/testing/testInfra.js'
import type { CrashHarness, InFlightTx } from './createCrashHarness.js'

/** The only submitter never signed a second transaction for a batch, and every tx it signed completed. */
export async function assertNoDoubleSubmission(h: CrashHarness, inFlight: InFlightTx | undefined): Promise<void> {
  const { mesh } = h
  assert.ok(mesh)
  const { ethereum, bsc } = mesh.bridges
  const doubles = await h.query(
    'r1',
    `SELECT chain, batch_index, count(DISTINCT nonce)::int AS nonces FROM outgoing_txs WHERE kind = 'submitBatch'
      GROUP BY chain, batch_index HAVING count(DISTINCT nonce) > 1`,
  )
  assert.deepEqual(doubles, [], 'r1 signed each submitBatch under one nonce')
  const txStates = await waitUntil(async () => {
    const rows = await h.query<{ state: string; n: number }>(
      'r1',
      `SELECT state::text, count(*)::int AS n FROM outgoing_txs GROUP BY state`,
    )
    return rows.some((r) => r.state === 'signed' || r.state === 'sent') ? undefined : rows
  }, 'r1 has no transaction in flight')
  assert.deepEqual(
    txStates.filter((r) => r.state !== 'mined' && r.state !== 'replaced'),
    [],
    'no r1 transaction failed',
  )
  if (inFlight) {
    // The tx in flight at the crash was completed from its stored bytes, not signed anew.
    const [row] = await h.query<{ state: string }>('r1', `SELECT state::text FROM outgoing_txs WHERE id = $1`, [
      inFlight.id,
    ])
    assert.equal(row?.state, 'mined', `the ${inFlight.kind} in flight at the settler crash ended mined`)
    const chain = [ethereum, bsc].find((b) => b.domain === inFlight.chain)
    assert.ok(chain, `the in-flight tx was for a mesh chain (${inFlight.chain})`)
    const receipt = await chain.chain.publicClient.getTransactionReceipt({ hash: inFlight.txHash })
    assert.equal(receipt.status, 'success', 'its stored transaction is the one that landed')
  }
}
