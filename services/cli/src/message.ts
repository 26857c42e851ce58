import { getMessage, type MessageStatus, type RejectedClaimStatus } from '@relaymesh/sdk/api'
import { formatFields, formatTable } from './formatTable.js'
import { messageTraceLink, type MessageTraceLink } from './messageTraceLink.js'
import { positionals, type OperatorArgs } from './operatorArgs.js'
import { operatorClient } from './operatorClient.js'

/** The trace id always; the Jaeger link only when a Jaeger URL is configured and the message was traced. */
function traceFields(trace: MessageTraceLink): [string, string][] {
  if (trace.sampled === false) return [['trace', `${trace.traceId} (not sampled: no spans were recorded for it)`]]
  return trace.jaegerUrl
    ? [
        ['trace', trace.traceId],
        ['jaeger', trace.jaegerUrl],
      ]
    : [['trace', trace.traceId]]
}

function print(m: MessageStatus | RejectedClaimStatus, trace: MessageTraceLink): void {
  if ('stored' in m) {
    console.log(
      formatFields([
        ['id', m.id],
        ['state', `${m.state} (claimed, never proven)`],
        ['reason', m.reasonCode],
        ...traceFields(trace),
      ]),
    )
  } else {
    console.log(
      formatFields([
        ['id', m.id],
        ['state', m.state],
        ['route', `${m.origin}-${m.destination}`],
        ['nonce', m.nonce],
        ['sender', m.sender],
        ['recipient', m.recipient],
        ['verification', m.verification],
        ['reason', m.reasonCode],
        ['attempts', m.attempts],
        ['source', `block ${m.source.blockNumber} tx ${m.source.txHash} log ${m.source.logIndex}`],
        ['batch', m.batch ? `${m.batch.destination}/${m.batch.batchIndex} leaf ${m.batch.leafIndex}` : null],
        ['execution tx', m.executionTxHash],
        ['proof', m.proof ? `batch ${m.proof.batchState}, ${m.proof.proof.length} siblings` : m.proofError?.code],
        ...Object.entries(m.hops).map(([hop, at]) => [hop, at] as const),
        ...traceFields(trace),
      ]),
    )
  }
  if (m.rejections.length === 0) return
  console.log('\nrejections and failures:')
  console.log(
    formatTable(
      ['at', 'stage', 'reason'],
      m.rejections.map((r) => [r.at, r.stage, r.reasonCode]),
    ),
  )
}

/**
 * `relaymesh message <id>`: one message's state, hops, batch, proof and
 * failures, its trace id, whether it was traced and, with `--jaeger`/`RELAYMESH_JAEGER_URL`, the
 * Jaeger link of a traced message (`--json` adds `traceId`, `traceSampled` and `jaegerUrl` to the API's body).
 */
export async function messageCommand(args: OperatorArgs): Promise<void> {
  const [id] = positionals(args, ['id'])
  // reason: the API validates the id and answers INVALID_ID
  const message = await getMessage(operatorClient(args), { id: id as `0x${string}` })
  const trace = messageTraceLink(message.id, args.jaeger, 'traceparent' in message ? message.traceparent : null)
  if (args.json)
    console.log(
      JSON.stringify(
        {
          ...message,
          traceId: trace.traceId,
          ...(trace.sampled === undefined ? {} : { traceSampled: trace.sampled }),
          ...(trace.jaegerUrl ? { jaegerUrl: trace.jaegerUrl } : {}),
        },
        null,
        2,
      ),
    )
  else print(message, trace)
}
