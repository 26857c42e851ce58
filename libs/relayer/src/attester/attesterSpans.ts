import type { IncomingMessage, ServerResponse } from 'node:http'
import { isRelaymeshError } from '@relaymesh/errors'
import type { SlotCommitment } from '@relaymesh/solana'
import { linkFromTraceparent, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer } from '@relaymesh/telemetry'

/**
 * Runs one slot's signing inside a `relaymesh.attest` span (a root: the attestation trace of that slot at this
 * attester), with the slot, the signer and the slot's message count; a refused second commitment is ERROR with
 * `relaymesh.reason_code` (ATTESTER_EQUIVOCATION_REFUSED), and the error is rethrown as it was.
 *
 * @example
 * const signed = await traceAttest(tracer, { commitment, signer }, () => attestSlotCommitment(db, key, commitment))
 */
export async function traceAttest<T>(
  tracer: Tracer | undefined,
  p: { commitment: SlotCommitment; signer: string },
  sign: () => Promise<T>,
): Promise<T> {
  if (!tracer) return sign()
  const span = tracer.startSpan(
    'relaymesh.attest',
    {
      root: true,
      attributes: {
        'relaymesh.origin': p.commitment.domain,
        'relaymesh.block.number': p.commitment.slot,
        'relaymesh.attester.signer': p.signer,
        'relaymesh.messages': p.commitment.messageCount,
      },
    },
    ROOT_CONTEXT,
  )
  try {
    return await sign()
  } catch (error) {
    const code = isRelaymeshError(error) ? error.code : 'UNCLASSIFIED_ERROR'
    span.setAttribute('relaymesh.reason_code', code)
    span.setStatus({ code: SpanStatusCode.ERROR, message: code })
    throw error
  } finally {
    span.end()
  }
}

/**
 * A `relaymesh.attester.serve` span for one signature request, from its arrival until it is answered (a root;
 * linked to the relayer's trace when it sent a `traceparent`): the slot, the status (200 served, 401 no token,
 * 404 not signed, 429 rate limited) and the client's address.
 *
 * @example
 * traceServe(tracer, req, res, slot) // ends when `res` finishes
 */
export function traceServe(tracer: Tracer, req: IncomingMessage, res: ServerResponse, slot: number): void {
  const header = req.headers.traceparent
  const caller = linkFromTraceparent(Array.isArray(header) ? header[0] : header, { 'relaymesh.link': 'caller' })
  const span = tracer.startSpan(
    'relaymesh.attester.serve',
    {
      root: true,
      kind: SpanKind.SERVER,
      links: caller ? [caller] : [],
      attributes: {
        'relaymesh.block.number': slot,
        'http.request.method': req.method ?? 'GET',
        'http.route': '/v1/commitments/:slot',
        'client.address': req.socket.remoteAddress ?? 'unknown',
      },
    },
    ROOT_CONTEXT,
  )
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode)
    span.end()
  })
}
