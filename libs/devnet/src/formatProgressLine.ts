import { backlogOf, type MeshSample } from './MeshSample.js'

/**
 * The devnet's and the benchmark's line per second: time, offered rate, sent
 * and executed, the execution rate since `previous`, and per destination its
 * backlog split by stage (src = sent, not yet stored; ver = verified, not
 * batched; bat = batched, not settled; set = settled, not executed).
 *
 * @example
 * formatProgressLine(sample, previous, { '31337': 'ethereum-local' })
 * // [12s] rate 100/s | sent 1200 exec 1010 (98/s)
 * //   | ethereum-local backlog 95 (src 40 ver 20 bat 35 set 0) exec 505 | ...
 */
export function formatProgressLine(
  sample: MeshSample,
  previous: MeshSample | undefined,
  names: Record<string, string> = {},
): string {
  const seconds = previous ? sample.atSeconds - previous.atSeconds : 0
  const rate = previous && seconds > 0 ? (sample.executed - previous.executed) / seconds : 0
  const destinations = Object.entries(sample.destinations).map(([key, d]) => {
    const extra = `${d.failed ? ` failed ${d.failed}` : ''}${d.rejected ? ` rejected ${d.rejected}` : ''}`
    return (
      `${names[key] ?? key} backlog ${backlogOf(d)} (src ${d.source} ver ${d.verified + d.observed} ` +
      `bat ${d.batched} set ${d.settled}) exec ${d.executed}${extra}`
    )
  })
  return [
    `[${Math.round(sample.atSeconds)}s] rate ${sample.rate}/s | sent ${sample.sent} exec ${sample.executed} ` +
      `(${rate.toFixed(0)}/s)`,
    ...destinations,
  ].join(' | ')
}
