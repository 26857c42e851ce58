#!/usr/bin/env node
// `relaymesh`. Runs the compiled CLI (dist/, from `npm run build:js`, which `npm ci` runs) with every workspace
// package resolved to its compiled JavaScript (the `relaymesh-compiled` export condition), or else the TypeScript
// sources through tsx. In a source checkout the compiled code runs only while the build is newer than every source
// file, so an edit never runs stale JavaScript: until the next build it runs the sources. The image has no sources
// and runs the compiled code. RELAYMESH_RUN_SOURCES=1 runs the sources whatever the build.
import { compiledEntry, compiledIsCurrent } from './compiledIsCurrent.js'

/** How long the process may outlive its command (pino's last writes need far less). */
const LINGER_MS = 5_000

/**
 * A returned command has closed what it opened, so the process should end by itself. If something it does not own
 * keeps the event loop alive (a library's reconnect timer, a socket), say what and exit with the command's code:
 * a stopped service must not run on unseen after SIGTERM (its supervisor would wait out the grace period, and an
 * orphan would never end). Unref'd: it never delays an exit.
 */
function exitAfterLinger(code) {
  process.exitCode = code
  setTimeout(() => {
    process.stderr.write(
      `relaymesh: still running ${LINGER_MS} ms after the command returned (active: ` +
        `${process.getActiveResourcesInfo().join(', ')}); exiting ${code}\n`,
    )
    process.exit(code)
  }, LINGER_MS).unref()
}

if (process.env.RELAYMESH_RUN_SOURCES !== '1' && compiledIsCurrent()) {
  const { registerCompiledHooks } = await import('./moduleHooks.js')
  registerCompiledHooks()
  const { run } = await import(compiledEntry.href)
  exitAfterLinger(await run(process.argv.slice(2)))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  const { run } = await import('../src/relaymesh.ts')
  exitAfterLinger(await run(process.argv.slice(2)))
}
