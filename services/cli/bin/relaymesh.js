#!/usr/bin/env node
// `relaymesh`. Runs the compiled CLI (dist/, from `npm run build:js`, which `npm ci` runs) with every workspace
// package resolved to its compiled JavaScript (the `relaymesh-compiled` export condition), or else the TypeScript
// sources through tsx. In a source checkout the compiled code runs only while the build is newer than every source
// file, so an edit never runs stale JavaScript: until the next build it runs the sources. The image has no sources
// and runs the compiled code. RELAYMESH_RUN_SOURCES=1 runs the sources whatever the build.
import { compiledEntry, compiledIsCurrent } from './compiledIsCurrent.js'

if (process.env.RELAYMESH_RUN_SOURCES !== '1' && compiledIsCurrent()) {
  const { registerCompiledHooks } = await import('./moduleHooks.js')
  registerCompiledHooks()
  const { run } = await import(compiledEntry.href)
  process.exitCode = await run(process.argv.slice(2))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  const { run } = await import('../src/relaymesh.ts')
  process.exitCode = await run(process.argv.slice(2))
}
