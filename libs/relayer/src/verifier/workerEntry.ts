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
  return {
    filename: new URL(`./${name}.${compiled ? 'js' : 'ts'}`, callerUrl).href,
    execArgv: compiled ? [...process.execArgv, '--conditions=relaymesh-compiled'] : process.execArgv,
  }
}
