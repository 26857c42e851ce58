import type { BatchStatus, MessageStatus, RejectedClaimStatus } from '@relaymesh/sdk'
import { chainsByDomain } from '@relaymesh/protocol'
import { isTraceparentSampled, messageTraceId } from '@relaymesh/relayer/trace-id'
import { HopTimeline } from '../components/HopTimeline.js'
import { ReceiptVerifier } from '../components/ReceiptVerifier.js'
import { Rejections } from '../components/Rejections.js'
import { ErrorState, Loaded } from '../components/States.js'
import { explainReasonCode, STATE_MEANING, VERIFICATION_MEANING } from '../explainReasonCode.js'
import { chainName, hexToBase58 } from '../format.js'
import { routeHref } from '../parseExplorerRoute.js'
import type { RelayerSetsView } from '../RelayerSetsView.js'
import { useApi } from '../useApi.js'

const ID = /^0x[0-9a-fA-F]{64}$/

function Field({ name, children }: { name: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  )
}

function BatchPanel({ apiBase, status, batch }: { apiBase: string; status: MessageStatus; batch: BatchStatus | null }) {
  if (!status.batch) return <p>Not in a batch yet.</p>
  const { destination, batchIndex, leafIndex } = status.batch
  return (
    <dl class="fields">
      <Field name="Batch">
        <a href={routeHref({ page: 'batch', destination: String(destination), index: batchIndex })}>
          #{batchIndex} to {chainName(destination)}
        </a>{' '}
        (leaf {leafIndex})
      </Field>
      {batch && <Field name="Batch state">{batch.state}</Field>}
      {batch && (
        <Field name="Signatures">
          {batch.signatures.length === 0 ? (
            'none yet'
          ) : (
            <ul class="plain">
              {batch.signatures.map((s) => (
                <li key={s.signer}>
                  <code>{s.signer}</code>
                </li>
              ))}
            </ul>
          )}
        </Field>
      )}
      {batch?.submitTxHash && (
        <Field name="Settlement tx">
          <code class="wrap">{batch.submitTxHash}</code>
        </Field>
      )}
      {!batch && (
        <Field name="Signatures">
          <span>loading from {apiBase || 'the API'}…</span>
        </Field>
      )}
    </dl>
  )
}

function RejectedClaim({ claim }: { claim: RejectedClaimStatus }) {
  return (
    <>
      <h1>
        Message <code class="wrap">{claim.id}</code>
      </h1>
      <p>
        <span class="badge state-rejected">rejected</span> The relayers refused what was sent under this id and stored
        no message: {explainReasonCode(claim.reasonCode)}
      </p>
      <Rejections rejections={claim.rejections} />
    </>
  )
}

/** The message's verification label and what it means. */
function VerificationSection({ verification }: { verification: MessageStatus['verification'] }) {
  return (
    <section aria-labelledby="verification">
      <h2 id="verification">
        Verification:{' '}
        <span class="badge" data-testid="verification">
          {verification}
        </span>
      </h2>
      <p>{VERIFICATION_MEANING[verification] ?? 'An unknown verification label.'}</p>
    </section>
  )
}

/** Nonce, parties, source block and tx (a Solana signature in base58 too), execution and the trace id. */
function MessageDetails({ status, jaegerUrl }: { status: MessageStatus; jaegerUrl: string | null }) {
  const traceId = messageTraceId(status.id)
  // With a ratio sampler most messages have no spans: a Jaeger link would open an empty search.
  const sampled = isTraceparentSampled(status.traceparent)
  const isSolana = chainsByDomain.get(status.origin)?.kind === 'solana'
  return (
    <section aria-labelledby="details">
      <h2 id="details">Details</h2>
      <dl class="fields">
        <Field name="Nonce">{status.nonce}</Field>
        <Field name="Sender">
          <code class="wrap">{status.sender}</code>
        </Field>
        <Field name="Recipient">
          <code class="wrap">{status.recipient}</code>
        </Field>
        <Field name="Source block">
          {status.source.blockNumber} <code class="wrap">{status.source.blockHash}</code>
        </Field>
        <Field name="Source tx">
          {isSolana ? (
            <>
              <code class="wrap" data-testid="solana-signature">
                {hexToBase58(status.source.txHash)}
              </code>{' '}
              (signature; hex{' '}
            </>
          ) : null}
          <code class="wrap">{status.source.txHash}</code>
          {isSolana ? ')' : null} (log {status.source.logIndex})
        </Field>
        <Field name="Execution tx">
          {status.executionTxHash ? <code class="wrap">{status.executionTxHash}</code> : 'not executed yet'}
        </Field>
        <Field name="Execution attempts">{status.attempts}</Field>
        <Field name="Trace id">
          {jaegerUrl && sampled !== false ? (
            <a href={`${jaegerUrl.replace(/\/$/, '')}/trace/${traceId}`} rel="noopener noreferrer" target="_blank">
              {traceId} (open in Jaeger)
            </a>
          ) : (
            <code>{traceId}</code>
          )}
          {sampled === false ? ' (not sampled: no spans were recorded for this message)' : null}
        </Field>
      </dl>
    </section>
  )
}

function MessageView({
  apiBase,
  jaegerUrl,
  status,
}: {
  apiBase: string
  jaegerUrl: string | null
  status: MessageStatus
}) {
  const batch = useApi<BatchStatus>(
    apiBase,
    status.batch ? `/v1/batches/${status.batch.destination}/${status.batch.batchIndex}` : null,
  )
  const relayers = useApi<RelayerSetsView>(apiBase, '/v1/relayers')
  const chain = relayers.status === 'ok' ? relayers.data.chains.find((c) => c.domain === status.destination) : undefined
  return (
    <>
      <h1>
        Message <code class="wrap">{status.id}</code>
      </h1>
      <p class="route-line">
        <strong>{chainName(status.origin)}</strong> → <strong>{chainName(status.destination)}</strong> ·{' '}
        <span class={`badge state-${status.state}`} data-testid="state">
          {status.state}
        </span>
      </p>
      <p>
        {STATE_MEANING[status.state]}
        {status.reasonCode ? ` Reason: ${status.reasonCode}, ${explainReasonCode(status.reasonCode)}` : ''}
      </p>
      <section aria-labelledby="hops">
        <h2 id="hops">Timeline</h2>
        <HopTimeline hops={status.hops} />
      </section>
      <VerificationSection verification={status.verification} />
      <MessageDetails status={status} jaegerUrl={jaegerUrl} />
      <section aria-labelledby="batch">
        <h2 id="batch">Batch</h2>
        <BatchPanel apiBase={apiBase} status={status} batch={batch.status === 'ok' ? batch.data : null} />
      </section>
      <Rejections rejections={status.rejections} />
      {status.proofError && (
        <p class="state error">The API could not build this message’s proof: {status.proofError.code}</p>
      )}
      <ReceiptVerifier
        key={`${status.id}:${batch.status}:${relayers.status}`}
        status={status}
        batch={batch.status === 'ok' ? batch.data : null}
        chain={chain}
      />
    </>
  )
}

export function MessagePage({ apiBase, jaegerUrl, id }: { apiBase: string; jaegerUrl: string | null; id: string }) {
  const valid = ID.test(id)
  // Re-read every 5 s: a message in flight moves through its hops while the page is open.
  const state = useApi<MessageStatus | RejectedClaimStatus>(
    apiBase,
    valid ? `/v1/messages/${id.toLowerCase()}` : null,
    5_000,
  )
  if (!valid)
    return (
      <ErrorState
        failure={{ status: 400, code: 'INVALID_ID', message: 'A message id is 0x followed by 64 hex digits.' }}
      />
    )
  return (
    <Loaded state={state} what="message">
      {(data) =>
        'stored' in data ? (
          <RejectedClaim claim={data} />
        ) : (
          <MessageView apiBase={apiBase} jaegerUrl={jaegerUrl} status={data} />
        )
      }
    </Loaded>
  )
}
