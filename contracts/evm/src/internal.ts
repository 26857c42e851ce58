/** Sibling-only surface: compiler entry points for build tooling and tests. */
export { compileContracts, generateModules, defaultCompileOptions, emittedContracts } from '../scripts/compile.js'
export type { CompileOptions } from '../scripts/compile.js'
