import type { RejectionView } from '@relaymesh/sdk'
import { explainReasonCode } from '../explainReasonCode.js'
import { formatTime } from '../format.js'

/** Each rejection or failed attempt with its reason code in words. */
export function Rejections({ rejections }: { rejections: readonly RejectionView[] }) {
  if (rejections.length === 0) return null
  return (
    <section aria-labelledby="rejections">
      <h2 id="rejections">Rejections and failures</h2>
      <ul class="rejections">
        {rejections.map((r, i) => (
          <li key={i}>
            <code class="reason">{r.reasonCode}</code> at stage <em>{r.stage}</em>,{' '}
            <time dateTime={r.at}>{formatTime(r.at)}</time>
            <p>{explainReasonCode(r.reasonCode)}</p>
          </li>
        ))}
      </ul>
    </section>
  )
}
