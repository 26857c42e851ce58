import type { RelayerContext } from '../../src/context/createRelayerContext.js'

/** p50 and p99 from the watcher's stamp (`observed_at`, set at publish here) to `hop`, over every stored message. */
export async function reportLatency(
  ctx: RelayerContext,
  destination: number,
  hop: 'verified' | 'batched',
): Promise<void> {
  const lat = await ctx.db.$client.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP ` +
      `(ORDER BY ms) AS p99
    FROM (SELECT extract(epoch FROM ${hop}_at - observed_at) * 1000 AS ms FROM messages WHERE destination = ` +
      `${destination} AND ${hop}_at IS NOT NULL) x`,
  )
  const row = lat.rows[0] as { p50: number; p99: number }
  console.log(
    `  latency publish -> ${hop === 'verified' ? 'verified in Postgres' : 'batched'}: p50 ${Math.round(row.p50)} ` +
      `ms, p99 ${Math.round(row.p99)} ms`,
  )
}
