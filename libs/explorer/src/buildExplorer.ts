import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The explorer package's folder (index.html, vite.config.ts). */
export const EXPLORER_ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Where `npm run build:explorer` writes the page, and where the api looks for it by default. */
export const EXPLORER_DIST = join(EXPLORER_ROOT, 'dist')

/**
 * The most the page may weigh, gzip-compressed, JavaScript and CSS together
 * (the explorer test checks it): a user on a phone loads it in one round of a
 * slow connection. Today ~42 KiB, most of it viem's and noble's hashing and
 * secp256k1 for the in-browser receipt check.
 */
export const EXPLORER_BUNDLE_BUDGET_BYTES = 64 * 1024

export type BuildExplorerParameters = {
  /** Default `EXPLORER_DIST`. */
  outDir?: string | undefined
}

export type BuildExplorerReturnType = { outDir: string; files: { path: string; bytes: number }[] }

/**
 * Builds the explorer with Vite (the same as `npm run build:explorer`).
 *
 * @example
 * const { outDir } = await buildExplorer({ outDir: tmp })
 * await startApi(deps, { …, explorer: { dir: outDir } })
 */
export async function buildExplorer(parameters: BuildExplorerParameters = {}): Promise<BuildExplorerReturnType> {
  const outDir = parameters.outDir ?? EXPLORER_DIST
  const { build } = await import('vite') // loaded only when building: the api never needs it
  await build({
    root: EXPLORER_ROOT,
    configFile: join(EXPLORER_ROOT, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  })
  const files: BuildExplorerReturnType['files'] = []
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`)
      else files.push({ path: `${prefix}${name}`, bytes: statSync(path).size })
    }
  }
  walk(outDir, '')
  return { outDir, files }
}

/**
 * Whether the page is built (`index.html` present).
 *
 * @example
 * if (!isExplorerBuilt()) await buildExplorer()
 */
export function isExplorerBuilt(dir: string = EXPLORER_DIST): boolean {
  try {
    return statSync(join(dir, 'index.html')).isFile()
  } catch {
    return false
  }
}
