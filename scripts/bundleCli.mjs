// The `relaymesh` CLI as one tree-shaken bundle (scripts/build.mjs runs this after compiling every package), which the
// bin runs when it is current. Module for module, a service process loaded ~1,500 modules (viem alone 454, each
// with its source text, its module record and its resolution) and held 118-152 MiB idle; bundled it loads a few
// dozen chunks of only the code it reaches, and holds 17-26 MiB less (test/idleMemory.e2e.test.ts).
//
// esbuild splits the bundle at the CLI's dynamic imports, so each command and each service still loads only its own
// code (`relaymesh --help` loads no relayer). What the bundle leaves out resolves at run time from node_modules, under
// the bin's module hooks (the compiled condition): native addons, and the devnet (a development part, absent from the
// image; it loads its own copy of the workspace packages, so an error it throws is not a `BaseError` of the
// bundle's). A bundled module's `import.meta.url` is its own compiled file's (the migrations folder, the worker
// threads' entries and the explorer page are found beside it), written relative to the bundle so the tree can move.
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { build } from 'esbuild'
import { CONDITION, root } from './workspace.mjs'

/** Where the bundle goes; services/cli/bin/compiledIsCurrent.js names the same entry. */
export const BUNDLE_DIR = join(root, 'services', 'cli', 'dist', 'bundle')

/** Loaded at run time, not bundled: native addons and their optional peers, and the development-only devnet. */
const EXTERNAL = [
  '@chainsafe/blst',
  // Native addons found from their own package folder (node-gyp-build reads its prebuilds by `__dirname`).
  'secp256k1',
  // Starts its threads on its own worker.js, found by its CommonJS `__dirname`.
  'piscina',
  'bufferutil',
  'utf-8-validate',
  'pg-native',
  'pino-pretty',
  '@relaymesh/service-devnet',
]

/**
 * The worker threads' entries, bundled beside the CLI under the names their pools start them by (`workerEntry`): a
 * thread that loaded its modules one by one held 8 MiB more (the verifier's) and 20 MiB more (the Solana verifier's,
 * which also loaded node-fetch's tr46 table) than its bundle.
 */
const WORKERS = {
  verifierWorker: join(root, 'libs', 'relayer', 'dist', 'verifier', 'verifierWorker.js'),
}

/**
 * `import.meta.url` of a workspace module, as the URL of its compiled file relative to the bundle's chunks (all in
 * `BUNDLE_DIR`, where scripts/build.mjs moves the bundle once written). A worker pool's module keeps the chunk's own
 * URL: its worker (`workerEntry(name, import.meta.url)`) is the bundled one beside it.
 */
function keepModuleUrls() {
  return {
    name: 'keep-module-urls',
    setup(b) {
      b.onLoad({ filter: /\/(libs|services|contracts)\/[^/]+\/(dist|lib)\/.*\.js$/ }, async ({ path }) => {
        const contents = await readFile(path, 'utf8')
        if (!contents.includes('import.meta.url') || !path.startsWith(root) || contents.includes('workerEntry('))
          return undefined
        const url = `new URL(${JSON.stringify(relative(BUNDLE_DIR, path))}, import.meta.url).href`
        return { contents: contents.replaceAll('import.meta.url', url), loader: 'js', resolveDir: join(path, '..') }
      })
    },
  }
}

/**
 * ES module builds first (esbuild's default for Node is CommonJS first): they tree-shake, CommonJS does not
 * (OpenTelemetry's semantic conventions were 196 KiB in every service for one constant): 4.9 -> 4.3 MiB of code in
 * the watcher, 3.3 -> 2.9 MiB in the batcher.
 */
const MAIN_FIELDS = ['module', 'main']

/**
 * Escapes every non-ASCII character left in the written chunks as `\uXXXX`. V8 holds a module's source text for as
 * long as the module lives, and Node decodes a file that is not pure ASCII to a two-byte string: the em dash of one
 * bundled comment doubled the 1.2 MiB chunk of zod and NATS that every service loads (2.4 MiB of an idle verifier's
 * heap snapshot; its three largest chunks took 4.4 MiB). esbuild escapes such characters in strings and identifiers
 * (`charset: 'ascii'`, its default) but not in comments, nor the micro sign of a regular expression in zod; the escape
 * means the same character in a string, a regular expression or an identifier, and is only text in a comment (the
 * source maps' columns shift after it on its line: a few comment lines).
 */
async function asciiChunks(outdir) {
  for (const name of await readdir(outdir)) {
    if (!name.endsWith('.js')) continue
    const path = join(outdir, name)
    const text = await readFile(path, 'utf8')
    // eslint-disable-next-line no-control-regex -- the range is the point
    const escaped = text.replace(/[^\u0000-\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    if (escaped !== text) await writeFile(path, escaped)
  }
}

/** Bundles services/cli/dist/relaymesh.js into `outdir` (the compiled packages must be built first). */
export async function bundleCli(outdir = BUNDLE_DIR) {
  await build({
    entryPoints: { relaymesh: join(root, 'services', 'cli', 'dist', 'relaymesh.js'), ...WORKERS },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    conditions: [CONDITION],
    outdir,
    external: EXTERNAL,
    alias: { 'node-fetch': join(root, 'scripts', 'bundleShims', 'nodeFetch.mjs') },
    mainFields: MAIN_FIELDS,
    // Bundled CommonJS packages (pg, pino) call `require` for Node's built-ins: an ES module has none of its own.
    banner: {
      js:
        "import { createRequire as __bundleRequire } from 'node:module'\n" +
        'const require = __bundleRequire(import.meta.url)',
    },
    plugins: [keepModuleUrls()],
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  await asciiChunks(outdir)
}
