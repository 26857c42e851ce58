import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { gunzip, inflate } from 'node:zlib'
import { decodeOtlpJson, type ReceivedSpan } from './decodeOtlpJson.js'
import { decodeOtlpProtobuf } from './decodeOtlpProtobuf.js'

export type OtlpReceiver = {
  /** Base URL, e.g. `http://127.0.0.1:43127`; use as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint: string
  /** Full traces URL (`${endpoint}/v1/traces`). */
  tracesUrl: string
  spans: () => ReceivedSpan[]
  /**
   * Resolves with all spans once `predicate(spans)` holds; rejects after `timeoutMs` (default 5 min: it bounds a hang,
   * and exporters on busy cores are slow).
   */
  waitFor: (predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number) => Promise<ReceivedSpan[]>
  /** How many export requests arrived in each encoding (`application/json`, `application/x-protobuf`). */
  requests: () => Record<string, number>
  /** Requests that could not be decoded, for assertions. */
  rejected: () => { contentType: string | undefined; status: number }[]
  close: () => Promise<void>
}

export type StartOtlpReceiverReturnType = OtlpReceiver

/**
 * A small OTLP/HTTP trace receiver for tests (there is no collector or Jaeger
 * here). Takes both encodings of OTLP/HTTP on `/v1/traces`, optionally
 * gzip: `application/x-protobuf` (`OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`,
 * the default) and `application/json` (`http/json`). Any other content type
 * gets 415 and a body that does not decode gets 400, so a misconfigured
 * exporter fails loudly instead of silently dropping spans.
 *
 * @example
 * const receiver = await startOtlpReceiver()
 * const telemetry = createTelemetry({
 *   serviceName: 'verifier',
 *   relayerId: 'r1',
 *   env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
 * })
 * ...
 * await telemetry.forceFlush()
 * await receiver.waitFor((spans) => spans.some((s) => s.name === 'verify-bundle'))
 */
export async function startOtlpReceiver(): Promise<StartOtlpReceiverReturnType> {
  const received: ReceivedSpan[] = []
  const rejected: { contentType: string | undefined; status: number }[] = []
  const requests: Record<string, number> = {}
  const waiters = new Set<() => void>()
  const server = createServer((req, res) => {
    handle(req, res).then(
      (spans) => {
        const contentType = mediaType(req)
        requests[contentType] = (requests[contentType] ?? 0) + 1
        received.push(...spans)
        for (const wake of waiters) wake()
      },
      (error: unknown) => {
        const status = error instanceof ReceiverError ? error.status : 400
        rejected.push({ contentType: req.headers['content-type'], status })
        res
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(error instanceof Error ? error.message : String(error))
      },
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo // reason: listening on TCP, so the address is an AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    tracesUrl: `${endpoint}/v1/traces`,
    spans: () => [...received],
    rejected: () => [...rejected],
    requests: () => ({ ...requests }),
    waitFor: (predicate, timeoutMs = 5 * 60_000) => waitFor(received, waiters, predicate, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

class ReceiverError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<ReceivedSpan[]> {
  if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/traces')
    throw new ReceiverError(404, 'only POST /v1/traces')
  const contentType = mediaType(req)
  if (contentType !== 'application/json' && contentType !== 'application/x-protobuf') {
    throw new ReceiverError(
      415,
      `unsupported content-type ${contentType}; OTLP/HTTP is application/x-protobuf or application/json`,
    )
  }
  const body = await decompress(await readBody(req), req.headers['content-encoding'])
  const spans = decodeOtlpJson(
    contentType === 'application/json' ? JSON.parse(body.toString('utf8')) : decodeOtlpProtobuf(body),
  )
  // An empty ExportTraceServiceResponse in the request's encoding (OTLP/HTTP spec, "Success").
  if (contentType === 'application/json') res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()
  return spans
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer) // reason: no encoding set, so chunks are Buffers
  return Buffer.concat(chunks)
}

async function decompress(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  if (encoding === 'gzip') return promisify(gunzip)(body)
  if (encoding === 'deflate') return promisify(inflate)(body)
  return body
}

function waitFor(
  received: ReceivedSpan[],
  waiters: Set<() => void>,
  predicate: (spans: ReceivedSpan[]) => boolean,
  timeoutMs: number,
): Promise<ReceivedSpan[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate([...received])) return
      cleanup()
      resolve([...received])
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`OTLP receiver: condition not met within ${timeoutMs} ms (${received.length} spans received)`))
    }, timeoutMs)
    const cleanup = () => {
      clearTimeout(timer)
      waiters.delete(check)
    }
    waiters.add(check)
    check()
  })
}
