import type { MessageSummary } from '@relaymesh/sdk'
import { formatDuration, formatTime } from '../format.js'

const HOPS = [
  ['observed', 'Observed on the source chain'],
  ['verified', 'Verified by the relayers'],
  ['batched', 'Put in a batch'],
  ['settled', 'Batch root settled on the destination'],
  ['executed', 'Executed on the destination'],
] as const

/** The five hops with their times, the time since the previous hop and since the message was observed. */
export function HopTimeline({ hops }: { hops: MessageSummary['hops'] }) {
  const observed = hops.observed ? Date.parse(hops.observed) : null
  let previous: number | null = null
  return (
    <ol class="timeline" aria-label="Hops">
      {HOPS.map(([key, label]) => {
        const at = hops[key]
        const time = at ? Date.parse(at) : null
        const step = time !== null && previous !== null ? formatDuration(time - previous) : null
        const total = time !== null && observed !== null && key !== 'observed' ? formatDuration(time - observed) : null
        if (time !== null) previous = time
        return (
          <li key={key} class={time === null ? 'hop pending' : 'hop done'} data-hop={key}>
            <strong>{label}</strong>
            {at ? (
              <span>
                {' '}
                <time dateTime={at}>{formatTime(at)}</time>
                {step ? ` · +${step}` : ''}
                {total ? ` (${total} after observed)` : ''}
              </span>
            ) : (
              <span> not yet</span>
            )}
          </li>
        )
      })}
    </ol>
  )
}
