/** A worker thread's entry module and node flags: see `workerEntry`. */
export type WorkerEntryReturnType = { filename: string; execArgv: string[] }

/**
 * The worker module `name` beside the calling module (`import.meta.url`), in
 * the form the caller runs: compiled (`dist/x.js`, the `relaymesh` CLI and the
 * image) the worker is `name.js` and resolves the workspace packages to their
 * compiled output too (the `relaymesh-compiled` export condition, which the
 * CLI adds in its own thread only); from sources it is `name.ts` under the
 * parent's TypeScript loader.
 *
 * @example
 * new Piscina({ ...workerEntry('verifyWorker', import.meta.url), minThreads: 2, maxThreads: 2 })
 */
export function workerEntry(name: string, callerUrl: string): WorkerEntryReturnType {
  const compiled = callerUrl.endsWith('.js')
  const inherited = workerExecArgv(process.execArgv)
  return {
    filename: new URL(`./${name}.${compiled ? 'js' : 'ts'}`, callerUrl).href,
    execArgv: compiled ? [...inherited, '--conditions=relaymesh-compiled'] : withTypeScriptLoader(inherited),
  }
}

/**
 * A source-mode parent may have registered tsx in its own thread only (the `relaymesh` CLI does, `tsx/esm/api`,
 * when its build is older than the sources): module hooks are per thread, so the worker would load the `.ts` entry
 * with Node's bare type stripping and fail on the first `.js` import specifier. It gets tsx as a flag then.
 */
function withTypeScriptLoader(inherited: string[]): string[] {
  const hasLoader = inherited.some((flag) => /^(--import|--require|-r|--loader|--experimental-loader)(=|$)/.test(flag))
  return hasLoader ? inherited : [...inherited, '--import', import.meta.resolve('tsx')]
}

/** Flags that take their value as the next argument. */
const WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C'])
/** Flags a worker thread needs from its parent: how modules load and resolve, and how errors map to sources. */
const NEEDED =
  /^(--import|--require|--loader|--experimental-loader|--conditions)=|^--enable-source-maps$|^--(no-)?experimental-/

/**
 * The parent's flags a worker thread accepts and needs. Workers refuse per-process flags
 * (ERR_WORKER_INVALID_EXEC_ARGV), and Node 24's test runner starts each test file with its whole option set
 * spelled out (`--stack-trace-limit=10`, `--secure-heap-min=2`, ...), so passing `process.execArgv` through
 * failed every worker pool under `npm test`.
 *
 * @example
 * workerExecArgv(['--stack-trace-limit=10', '--import', 'tsx', '--conditions=x'])
 * // ['--import', 'tsx', '--conditions=x']
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!
    const value = execArgv[i + 1]
    if (WITH_VALUE.has(flag) && value !== undefined) {
      kept.push(flag, value)
      i++
    } else if (NEEDED.test(flag)) kept.push(flag)
  }
  return kept
}
