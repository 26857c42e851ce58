#!/usr/bin/env node
// solc for forge, offline: forge runs this instead of a native solc (foundry.toml `solc`). It answers
// `--version` as native solc 0.8.30 prints it and compiles `--standard-json` input with npm `solc`
// (solc-js, the compiler scripts/compile.ts uses), resolving imports against `--base-path`.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import solc from 'solc'

const args = process.argv.slice(2)
if (args.includes('--version')) {
  process.stdout.write(
    `solc, the solidity compiler commandline interface\nVersion: ${solc.version().replace('.Emscripten.clang', '.Linux.g++')}\n`,
  )
  process.exit(0)
}
if (!args.includes('--standard-json')) {
  process.stderr.write(`forge/solc.mjs: only --version and --standard-json are supported (got ${args.join(' ')})\n`)
  process.exit(1)
}
const option = (name) => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}
const roots = [
  option('--base-path') ?? process.cwd(),
  ...args.flatMap((a, i) => (args[i - 1] === '--include-path' ? [a] : [])),
]
const findImports = (path) => {
  for (const root of roots) {
    try {
      return { contents: readFileSync(resolve(root, path), 'utf8') }
    } catch {
      // not under this root: try the next one
    }
  }
  return { error: `${path} not found under ${roots.join(', ')}` }
}
process.stdout.write(solc.compile(readFileSync(0, 'utf8'), { import: findImports }))
