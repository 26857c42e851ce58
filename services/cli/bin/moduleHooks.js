// Module resolution hooks of the compiled `relaymesh` (see relaymesh.js beside this file).
import { existsSync, readFileSync } from 'node:fs'
import module from 'node:module'

/** The export condition under which the workspace packages resolve to their compiled dist/*.js. */
export const COMPILED_CONDITION = 'relaymesh-compiled'

/** Folder URL -> the `type` of the package.json that governs it ('module', 'commonjs', or '' when it has none). */
const packageTypes = new Map()
/** `<importing folder> <bare specifier>` -> what Node resolved it to, with its format. */
const bareResolutions = new Map()

function packageTypeOf(fileUrl) {
  const visited = []
  let dir = new URL('.', fileUrl)
  for (;;) {
    let type = packageTypes.get(dir.href)
    if (type === undefined) {
      visited.push(dir.href)
      try {
        type = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')).type ?? ''
      } catch (error) {
        if (error.code !== 'ENOENT') throw error
        const up = new URL('..', dir)
        if (up.href !== dir.href) {
          dir = up
          continue
        }
        type = ''
      }
    }
    for (const href of visited) packageTypes.set(href, type)
    return type
  }
}

/**
 * Adds the compiled condition to every resolution, and resolves relative imports of `.js`, `.mjs` and `.cjs` files
 * with their format itself. Node 24's ESM loader finds a `.js` file's format by reading its package scope, and in
 * doing so parses the package's whole `exports` map again for every module (package_json_reader's
 * getPackageScopeConfig spreads the lazily parsed field): drizzle-orm's is 179 KB, so importing drizzle-orm took
 * 4.2 s and 277 MiB RSS here, 0.17 s and 62 MiB with this hook (Node 20: 0.4 s). A package without a `type` goes to
 * Node's own resolution, which also detects the module syntax. A bare specifier is resolved by Node once per
 * importing folder (27 of the store's modules import drizzle-orm, each resolution parsing that map twice).
 */
export function registerCompiledHooks() {
  registerModuleHooks([COMPILED_CONDITION])
}

/**
 * The resolution shortcuts of `registerCompiledHooks` with the given extra export conditions (none: what the tests
 * use under tsx, test/registerModuleHooks.mjs).
 */
export function registerModuleHooks(conditions = []) {
  // Node < 22.15 has no in-thread hooks (and not the re-parse either): nothing to do there.
  if (typeof module.registerHooks !== 'function') return
  module.registerHooks({
    resolve(specifier, context, next) {
      if ((specifier.startsWith('./') || specifier.startsWith('../')) && context.parentURL?.startsWith('file:')) {
        const ext = specifier.slice(specifier.lastIndexOf('.'))
        if (ext === '.js' || ext === '.mjs' || ext === '.cjs') {
          const url = new URL(specifier, context.parentURL)
          const type =
            ext === '.mjs' ? 'module' : ext === '.cjs' ? 'commonjs' : existsSync(url) ? packageTypeOf(url) : ''
          if (type === 'module' || type === 'commonjs') return { url: url.href, format: type, shortCircuit: true }
        }
      }
      const bare =
        !specifier.startsWith('.') &&
        !specifier.startsWith('/') &&
        !specifier.includes(':') &&
        context.parentURL?.startsWith('file:')
      const key = bare ? `${new URL('.', context.parentURL).href} ${specifier}` : undefined
      const known = key === undefined ? undefined : bareResolutions.get(key)
      if (known) return known
      const resolved = next(
        specifier,
        conditions.length ? { ...context, conditions: [...conditions, ...context.conditions] } : context,
      )
      if (key !== undefined && resolved.format)
        bareResolutions.set(key, { url: resolved.url, format: resolved.format, shortCircuit: true })
      return resolved
    },
  })
}
