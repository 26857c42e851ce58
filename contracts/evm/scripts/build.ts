/** Compiles solidity/ and writes src/generated/<Contract>.ts (committed; build.test.ts checks they are current). */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileContracts, generateModules, generatedDir } from './compile.js'

const started = performance.now()
const modules = generateModules(compileContracts())
mkdirSync(generatedDir, { recursive: true })
for (const [file, text] of modules) writeFileSync(join(generatedDir, file), text)
console.log(`wrote ${modules.size} modules to ${generatedDir} in ${Math.round(performance.now() - started)} ms`)
