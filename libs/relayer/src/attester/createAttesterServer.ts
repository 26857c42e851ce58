import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { TLSSocket } from 'node:tls'

/**
 * The attester's TLS (PEM contents): its certificate and key, and the CA that signs the relayers' client
 * certificates. With `clientCa`, a signature request needs a client certificate from that CA as well as a token
 * (mTLS); health, readiness and metrics do not, so probes and Prometheus reach them over plain TLS.
 */
export type AttesterTls = { cert: string; key: string; clientCa?: string | undefined }

/**
 * An HTTP server, or an HTTPS one with `tls`. Client certificates are asked for (with `clientCa`) but checked per
 * route (`hasTrustedClientCert`), not at the handshake, so routes that need none still answer.
 *
 * @example
 * const server = createAttesterServer(tls, (req, res) => answer(req, res))
 */
export function createAttesterServer(
  tls: AttesterTls | undefined,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  if (!tls) return createHttpServer(handle)
  return createHttpsServer(
    {
      cert: tls.cert,
      key: tls.key,
      ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
    },
    handle,
  )
}

/** Whether the request came with a client certificate that the server's client CA signed (the TLS socket's verdict). */
export function hasTrustedClientCert(req: IncomingMessage): boolean {
  const socket = req.socket as Partial<TLSSocket> // reason: a TLS socket on an HTTPS server, a plain one otherwise
  return socket.authorized === true
}
