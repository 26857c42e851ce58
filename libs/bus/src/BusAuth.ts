/**
 * How a relayer authenticates to NATS and verifies its TLS certificate: the
 * material itself, read from mounted Secrets by the service's config (this
 * lib reads no files but the TLS ones, which the NATS transport opens).
 * At most one of `creds`, `nkeySeed`, `token`; a user and password (or a
 * token) can also stand in the server URL (`nats://user:pass@host`).
 */
export type BusAuth = {
  /** A `.creds` file's bytes (JWT and nkey seed: decentralized auth with an operator and accounts). */
  creds?: Uint8Array | undefined
  /** An nkey user seed (`SU...`). */
  nkeySeed?: Uint8Array | undefined
  token?: string | undefined
  /**
   * Paths of PEM files: the CA that signed the server's certificate, and a client certificate and key for mutual TLS.
   */
  tls?: { caFile?: string | undefined; certFile?: string | undefined; keyFile?: string | undefined } | undefined
}
