import { MESH_DESTINATION_NAMES } from './backlogCsv.js'
import type { LatencyBreakdown } from './readLatencyBreakdown.js'

const pair = (x: { p50: number; p99: number } | undefined) =>
  x === undefined ? '-' : `${x.p50.toFixed(1)} / ${x.p99.toFixed(1)}`

/**
 * The report's latency lines: a table of the first relayer's hops per route (p50 / p99 seconds), the quorum wait per
 * destination, and each co-signer's observation lag behind the first relayer.
 *
 * @example
 * for (const line of formatLatencyBreakdown(breakdown, 'r1')) console.log(line)
 */
export function formatLatencyBreakdown(b: LatencyBreakdown, firstRelayerId: string): string[] {
  const lines = [
    '',
    `where the time goes (${firstRelayerId}'s hops, p50 / p99 s)` +
      '  observed→verified  verified→batched  batched→settled  settled→executed',
  ]
  for (const r of b.hops) lines.push(`${r.route.padEnd(40)}${r.hops.map((h) => pair(h).padStart(18)).join('')}`)
  for (const w of b.quorumWait)
    lines.push(
      `quorum wait on ${MESH_DESTINATION_NAMES[String(w.destination)] ?? w.destination} (batch row → quorum of ` +
        `signatures, ${w.batches} batches): p50 ${w.p50.toFixed(1)} s, p99 ${w.p99.toFixed(1)} s, ` +
        `max ${w.max.toFixed(1)} s`,
    )
  for (const { relayerId, lag } of b.lag)
    lines.push(
      lag === undefined
        ? `${relayerId} shares no observed message with ${firstRelayerId}`
        : `${relayerId} observed the same ${lag.count} messages p50 ${lag.p50.toFixed(1)} s, ` +
            `p99 ${lag.p99.toFixed(1)} s after ${firstRelayerId}`,
    )
  return lines
}
