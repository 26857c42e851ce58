#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): tsx registers its loader, then the CLI runs.
import { register } from 'tsx/esm/api'

register()
const { run } = await import('../src/relaymesh.ts')
process.exitCode = await run(process.argv.slice(2))
