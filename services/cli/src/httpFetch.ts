import type { IncomingHttpHeaders, RequestOptions } from 'node:http'

/** What `httpFetch` answers: the part of a `Response` the relayer API client reads. */
export type HttpFetchReturnType = {
  status: number
  text(): Promise<string>
  headers: { get(name: string): string | null }
}

/**
 * The slice of `fetch` the relayer API client uses (method, headers and signal
 * in; status, text and headers out; no request body) over `node:http` and
 * `node:https`. The global `fetch` loads undici on first use, which costs
 * about as much CPU as starting node itself: more than an operator command
 * may spend to start.
 *
 * @example
 * const stats = await getStats(
 *   createBridgeClient({ chains: {}, api: { baseUrl: 'http://127.0.0.1:8080', fetch: httpFetch } }),
 * )
 */
export async function httpFetch(
  input: string | URL,
  init: { method?: string; headers?: Record<string, string>; signal?: AbortSignal | null } = {},
): Promise<HttpFetchReturnType> {
  const url = new URL(input)
  // Loaded on the first request (`--help` needs neither); https only when asked for: TLS is a large part of what
  // the global fetch costs to load.
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http')
  const options: RequestOptions = {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    signal: init.signal ?? undefined,
  }
  return new Promise((resolve, reject) => {
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({
          status: res.statusCode ?? 0,
          text: async () => text,
          headers: { get: (name) => headerValue(res.headers, name) },
        })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()]
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
}
