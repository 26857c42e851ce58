// Whether `relaymesh` runs its compiled build: see relaymesh.js beside this file.
import { existsSync, readdirSync, statSync } from 'node:fs'
import module from 'node:module'

const root = new URL('../../../', import.meta.url)
// Written by scripts/build.mjs with the build's start time.
const stamp = new URL('node_modules/.cache/relaymesh/build-stamp', root)
/**
 * The compiled CLI's entry module: its bundle (scripts/bundleCli.mjs, ~10-15 MiB less per service than its modules
 * loaded one by one), or dist/relaymesh.js in a build that has none.
 */
const bundledEntry = new URL('../dist/bundle/relaymesh.js', import.meta.url)
export const compiledEntry = existsSync(bundledEntry) ? bundledEntry : new URL('../dist/relaymesh.js', import.meta.url)
/** The newest mtime (ms) of a non-test source file under `dir`, or 0 when there is none. */
function newestSource(dir) {
  let newest = 0
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/**
 * True when the compiled build can run and is current: this Node has `module.registerHooks` (>= 22.15, which adds
 * the export condition in-thread, without a loader thread), dist/ exists, and no non-test source file of any
 * workspace package is newer than the build stamp (a checkout with no sources, the image, needs no stamp).
 */
export function compiledIsCurrent() {
  if (typeof module.registerHooks !== 'function' || !existsSync(compiledEntry)) return false
  let built = 0
  try {
    built = statSync(stamp).mtimeMs
  } catch {
    // No stamp: an image (no sources, checked below) or a checkout that has not been built since `npm ci`.
  }
  for (const group of ['libs', 'services', 'contracts']) {
    const groupDir = new URL(group, root).pathname
    let packages
    try {
      packages = readdirSync(groupDir)
    } catch {
      continue
    }
    for (const name of packages) if (newestSource(`${groupDir}/${name}/src`) > built) return false
  }
  return true
}
