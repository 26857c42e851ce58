/** What stands where a URL's userinfo, path and query were. */
export const redactedUrlPart = '[redacted]'

// scheme://[userinfo@]host[:port][/path][?query][#fragment]; a URL ends at white space, a quote, a bracket or a
// backslash (JSON escapes). The host is kept so an operator still sees which endpoint failed.
const URL_PATTERN =
  /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s"'`<>()[\]{}\\/?#@]*@)?([^\s"'`<>()[\]{}\\/?#@]+)([/?#][^\s"'`<>()[\]{}\\]*)?/g

/**
 * `text` with every URL's credentials, path and query removed (`https://eth.example/v2/KEY?x=1` becomes
 * `https://eth.example/[redacted]`, `nats://user:pw@nats:4222` becomes `nats://[redacted]@nats:4222`). RPC
 * providers put API keys in the path or query and viem puts the whole request URL in its errors' messages, so
 * redaction by key name alone misses them: everything that leaves the process (log lines, span statuses and
 * events, API answers, CLI output) passes through this. Text without `://` is returned as is.
 *
 * @example
 * redactUrls('HTTP request failed. URL: https://eth-mainnet.g.alchemy.com/v2/abc')
 * // 'HTTP request failed. URL: https://eth-mainnet.g.alchemy.com/[redacted]'
 */
export function redactUrls(text: string): string {
  if (!text.includes('://')) return text
  return text.replace(
    URL_PATTERN,
    (_match, scheme: string, userinfo: string | undefined, host: string, rest: string | undefined) => {
      if (scheme === 'file://') return _match
      const path = rest === undefined || rest === '/' ? (rest ?? '') : `/${redactedUrlPart}`
      return `${scheme}${userinfo ? `${redactedUrlPart}@` : ''}${host}${path}`
    },
  )
}
