import type { BatchStatus } from '@relaymesh/sdk'
import { Empty, Loaded } from '../components/States.js'
import { chainName, formatTime, shortHex } from '../format.js'
import { routeHref } from '../parseExplorerRoute.js'
import { useApi } from '../useApi.js'

type BatchListView = { batches: Omit<BatchStatus, 'signatures' | 'messageIds'>[]; nextCursor: string | null }

/** The newest batches (per destination, newest index first), live. */
export function BatchesPage({ apiBase, destination }: { apiBase: string; destination: string }) {
  const filter = /^\d+$/.test(destination) ? `&destination=${destination}` : ''
  const state = useApi<BatchListView>(apiBase, `/v1/batches?limit=50${filter}`, 5_000)
  return (
    <>
      <h1>Batches{filter ? ` to ${chainName(Number(destination))}` : ''}</h1>
      <Loaded state={state} what="batches">
        {(data) =>
          data.batches.length === 0 ? (
            <Empty>No batch yet.</Empty>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Batch</th>
                    <th scope="col">Destination</th>
                    <th scope="col">State</th>
                    <th scope="col">Messages</th>
                    <th scope="col">Proposed</th>
                  </tr>
                </thead>
                <tbody>
                  {data.batches.map((b) => (
                    <tr key={`${b.destination}:${b.batchIndex}`}>
                      <td>
                        <a href={routeHref({ page: 'batch', destination: String(b.destination), index: b.batchIndex })}>
                          #{b.batchIndex}
                        </a>
                      </td>
                      <td>{chainName(b.destination)}</td>
                      <td>
                        <span class={`badge batch-${b.state}`}>{b.state}</span>
                      </td>
                      <td>{b.messageCount}</td>
                      <td>
                        <time dateTime={b.times.proposed}>{formatTime(b.times.proposed)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  )
}

/** One batch: header, hashes, signatures in order, its messages with their leaf index. */
export function BatchPage({ apiBase, destination, index }: { apiBase: string; destination: string; index: string }) {
  const state = useApi<BatchStatus>(
    apiBase,
    `/v1/batches/${encodeURIComponent(destination)}/${encodeURIComponent(index)}`,
  )
  return (
    <Loaded state={state} what="batch">
      {(b) => (
        <>
          <h1>
            Batch #{b.batchIndex} to {chainName(b.destination)}
          </h1>
          <p>
            <span class={`badge batch-${b.state}`}>{b.state}</span> · {b.messageCount} message
            {b.messageCount === 1 ? '' : 's'}
          </p>
          <BatchFields batch={b} />
          <BatchSignatures signatures={b.signatures} />
          <h2>Messages</h2>
          <ol start={0} class="plain">
            {b.messageIds.map((id) => (
              <li key={id}>
                <a href={routeHref({ page: 'message', id })}>
                  <code>{shortHex(id, 10)}</code>
                </a>
              </li>
            ))}
          </ol>
        </>
      )}
    </Loaded>
  )
}

/** The batch header's hashes, its proposer, its settlement tx and the time of each state. */
function BatchFields({ batch: b }: { batch: BatchStatus }) {
  return (
    <dl class="fields">
      <dt>Root</dt>
      <dd>
        <code class="wrap">{b.root}</code>
      </dd>
      <dt>Batch hash</dt>
      <dd>
        <code class="wrap">{b.batchHash}</code>
      </dd>
      <dt>Previous batch hash</dt>
      <dd>
        <code class="wrap">{b.previousBatchHash}</code>
      </dd>
      <dt>Proposer</dt>
      <dd>
        <code class="wrap">{b.proposer}</code>
      </dd>
      <dt>Settlement tx</dt>
      <dd>{b.submitTxHash ? <code class="wrap">{b.submitTxHash}</code> : 'not submitted yet'}</dd>
      {(['proposed', 'signed', 'submitted', 'settled'] as const).map((k) => (
        <>
          <dt>{k}</dt>
          <dd>{b.times[k] ? <time dateTime={b.times[k]}>{formatTime(b.times[k])}</time> : '—'}</dd>
        </>
      ))}
    </dl>
  )
}

/** The co-signatures in the order the inbox takes them. */
function BatchSignatures({ signatures }: { signatures: BatchStatus['signatures'] }) {
  return (
    <>
      <h2>Signatures ({signatures.length})</h2>
      {signatures.length === 0 ? (
        <Empty>No signature yet.</Empty>
      ) : (
        <ol class="plain">
          {signatures.map((s) => (
            <li key={s.signer}>
              <code>{s.signer}</code> <code class="dim">{shortHex(s.signature, 10)}</code>
            </li>
          ))}
        </ol>
      )}
    </>
  )
}
