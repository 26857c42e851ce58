import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where and how the api serves the explorer page. */
export type ExplorerOptions = {
  /** URL path of the page, e.g. `/explorer` (no trailing slash). */
  path: string
  /** The built page (`npm run build:explorer`): `index.html` and `assets/`. */
  dir: string
  /** Jaeger UI base URL: the message page links each message's trace there. */
  jaegerUrl?: string | undefined
}

/** The explorer's build output inside this repository (libs/explorer/dist). */
export const defaultExplorerDir = fileURLToPath(new URL('../../../explorer/dist/', import.meta.url))

export const defaultExplorerOptions = { path: '/explorer', dir: defaultExplorerDir } as const

export type ExplorerResponse = { status: number; body: string; headers: Record<string, string> }

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

// The page may talk to its own origin only: the JSON API is its one data source, and nothing else loads or runs
// ('wasm-unsafe-eval' compiles @relaymesh/protocol's keccak kernel, WebAssembly only, no JS eval).
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src " +
    "'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry)
      if (statSync(path).isDirectory()) walk(path)
      else if (CONTENT_TYPES[extname(entry)])
        files.set(`/${relative(dir, path).split(sep).join('/')}`, readFileSync(path, 'utf8'))
    }
  }
  walk(dir)
  return files
}

function withConfig(html: string, options: ExplorerOptions): string {
  // '<' escaped so no value can close the script element.
  const config = JSON.stringify({ apiBase: '', jaegerUrl: options.jaegerUrl ?? null }).replace(/</g, '\\u003c')
  return html.replace(
    '<!--relaymesh-explorer-config-->',
    `<script id="relaymesh-explorer-config" type="application/json">${config}</script>`,
  )
}

const notBuilt = (dir: string): ExplorerResponse => ({
  status: 503,
  body: `The explorer is not built (no ${join(dir, 'index.html')}): run npm run build:explorer.\n`,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
})

/**
 * Serves the built explorer under `options.path` from memory: the files are
 * read once, on the first request that finds `index.html` (so a page built
 * after the api started is picked up), and only those files are served (no
 * path ever reaches the file system). Returns null for paths outside the
 * explorer, so the JSON routes answer them.
 *
 * @example
 * const explorer = createExplorerHandler({ path: '/explorer', dir: defaultExplorerDir })
 * explorer('GET', '/explorer/') // { status: 200, body: '<!doctype html>…', headers }
 */
export function createExplorerHandler(
  options: ExplorerOptions,
): (method: string, pathname: string) => ExplorerResponse | null {
  const base = options.path.replace(/\/+$/, '')
  let files: Map<string, string> | undefined
  const load = () => {
    if (files) return files
    try {
      statSync(join(options.dir, 'index.html'))
    } catch {
      return undefined
    }
    const tree = readTree(options.dir)
    tree.set('/index.html', withConfig(tree.get('/index.html') ?? '', options))
    return (files = tree)
  }
  return (method, pathname) => {
    if (pathname !== base && !pathname.startsWith(`${base}/`)) return null
    if (pathname === base)
      return { status: 308, body: '', headers: { location: `${base}/`, 'content-type': 'text/plain; charset=utf-8' } }
    if (method !== 'GET' && method !== 'HEAD')
      return {
        status: 405,
        body: 'The explorer takes GET only.\n',
        headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
      }
    const tree = load()
    if (!tree) return notBuilt(options.dir)
    const file = pathname.slice(base.length) === '/' ? '/index.html' : pathname.slice(base.length)
    const body = tree.get(file)
    if (body === undefined)
      return { status: 404, body: 'No such explorer file.\n', headers: { 'content-type': 'text/plain; charset=utf-8' } }
    return {
      status: 200,
      body,
      headers: { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS },
    }
  }
}
