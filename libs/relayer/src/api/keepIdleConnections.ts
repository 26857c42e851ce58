import type { Server } from 'node:http'

/**
 * Keeps a server's idle keep-alive connections 65 s: longer than any client keeps an idle socket (undici 4 s,
 * load balancers 60 s), so a reused connection is never closed under its client, even when timers run late on
 * busy cores (Node's 5 s default gave clients ECONNRESET). Returns the server.
 *
 * @example
 * const server = keepIdleConnections(createServer(handler))
 */
export function keepIdleConnections<S extends Server>(server: S): S {
  server.keepAliveTimeout = 65_000
  return server
}
