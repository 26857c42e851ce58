import http from 'node:http'
import https from 'node:https'

/**
 * The part of a fetch `Response` JSON-RPC clients read (viem's HTTP transport: `headers.get`, `ok`, `status`,
 * `statusText`, `text()`, `body`).
 */
export type RpcResponse = {
  ok: boolean
  status: number
  statusText: string
  headers: { get(name: string): string | null }
  body: null
  text(): Promise<string>
  json(): Promise<unknown>
}

export type RpcFetch = (input: string | URL | Request, init?: RequestInit) => Promise<RpcResponse>

export type CreateRpcFetchOptions = {
  /** Sockets kept open per RPC host. Default 8. */
  maxSockets?: number
}

/**
 * A `fetchFn` for viem's HTTP transport on node:http(s) with keep-alive sockets, for the JSON-RPC polls every
 * relayer makes several times a second per chain. Node's built-in `fetch` (undici through WHATWG streams, a
 * `TextDecoder` pass per chunk in viem's body reader) spent about twice the CPU per request of a plain
 * `http.request` here, and those polls were most of an idle relayer's CPU. The body is read whole (viem's
 * `maxResponseBodySize` still applies: it measures what `text()` returns) and the request is aborted with
 * viem's timeout signal.
 *
 * @example
 * const transport = http(rpcUrl, { fetchFn: createRpcFetch() })
 */
export function createRpcFetch(options: CreateRpcFetchOptions = {}): RpcFetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 }),
  }
  return (input, init = {}) =>
    new Promise<RpcResponse>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const agent = agents[url.protocol as keyof typeof agents] // reason: checked just below
      if (!agent) return reject(new TypeError(`unsupported RPC URL scheme ${url.protocol}`))
      const signal = init.signal ?? undefined
      if (signal?.aborted) return reject(signal.reason)
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: init.method ?? 'GET',
          agent,
          headers: init.headers as http.OutgoingHttpHeaders | undefined, // reason: viem passes a plain object
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', reject)
          res.on('end', () => {
            signal?.removeEventListener('abort', onAbort)
            const text = Buffer.concat(chunks).toString('utf8')
            const status = res.statusCode ?? 0
            resolve({
              ok: status >= 200 && status < 300,
              status,
              statusText: res.statusMessage ?? '',
              body: null,
              headers: { get: (name) => headerValue(res.headers[name.toLowerCase()]) },
              text: () => Promise.resolve(text),
              json: () => new Promise((done) => done(JSON.parse(text))),
            })
          })
        },
      )
      const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
      signal?.addEventListener('abort', onAbort, { once: true })
      request.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort)
        reject(error)
      })
      request.end(typeof init.body === 'string' ? init.body : undefined)
    })
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null
  return Array.isArray(value) ? value.join(', ') : value
}
