/** What the api injects into the page (`<script id="relaymesh-explorer-config" type="application/json">`). */
export type ExplorerConfig = {
  /** Prefix of the JSON API's paths, '' when it shares the page's origin root. */
  apiBase: string
  /** Jaeger UI base URL; the message page links `<jaegerUrl>/trace/<traceId>`. */
  jaegerUrl: string | null
}

/**
 * The injected config, or the defaults when the page runs without it.
 *
 * @example
 * const { apiBase } = readExplorerConfig(document)
 */
export function readExplorerConfig(doc: Document): ExplorerConfig {
  const raw = doc.getElementById('relaymesh-explorer-config')?.textContent
  const parsed = raw ? (JSON.parse(raw) as Partial<ExplorerConfig>) : {} // reason: written by the api's serveExplorer
  return {
    apiBase: typeof parsed.apiBase === 'string' ? parsed.apiBase : '',
    jaegerUrl: typeof parsed.jaegerUrl === 'string' ? parsed.jaegerUrl : null,
  }
}
