/**
 * A Postgres URL whose `sslmode` means what it means to libpq (and psql, and
 * every other Postgres client an operator knows), for node-postgres:
 * - `disable`, and `allow` (libpq tries plain text first; node-postgres cannot fall back, so plain text): no TLS;
 * - `prefer`: TLS without verifying the server (libpq would fall back to plain text; node-postgres does not);
 * - `require`: TLS without verification, or like `verify-ca` when `sslrootcert` names a CA file (as libpq does);
 * - `verify-ca`: TLS, the server's certificate signed by `sslrootcert`'s CA, any host name;
 * - `verify-full`: TLS, signed by `sslrootcert`'s CA (or the system's), and the host name checked.
 * node-postgres 8 otherwise reads `require` and `verify-ca` as `verify-full`, a surprise either way: a
 * `require` that refuses a self-signed server, or a deployment that believes `verify-full` is optional. The
 * URL gets `uselibpqcompat=true`, which selects the libpq meaning in `pg-connection-string`. `sslcert` and
 * `sslkey` (a client certificate) pass through.
 *
 * @example
 * withLibpqSslSemantics('postgres://u@db/rm?sslmode=verify-full&sslrootcert=/etc/ca.crt')
 * // 'postgres://u@db/rm?sslmode=verify-full&sslrootcert=/etc/ca.crt&uselibpqcompat=true'
 */
export function withLibpqSslSemantics(connectionString: string): string {
  const query = connectionString.indexOf('?')
  if (query < 0) return connectionString
  const params = new URLSearchParams(connectionString.slice(query + 1))
  const mode = params.get('sslmode')
  if (mode === null || params.has('uselibpqcompat')) return connectionString
  if (mode === 'allow') params.set('sslmode', 'disable')
  params.set('uselibpqcompat', 'true')
  return `${connectionString.slice(0, query)}?${params.toString()}`
}
