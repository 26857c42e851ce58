// Test-only: runs the real `relaymesh` CLI as a child process (not exported from the package).
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/relaymesh.js', import.meta.url))

/**
 * How long one CLI run may take before it counts as hung. A spawn runs the compiled CLI when the
 * build is current (a fraction of a second), otherwise the TypeScript through tsx (about 3 s on an
 * idle machine, up to ~30 s on two cores busy with the rest of the suite). The budget bounds a hang
 * only; it is not a performance check (npm run bench:cli is).
 */
export const RELAYMESH_RUN_BUDGET_MS = 5 * 60_000

export type RelaymeshRun = { code: number; stdout: string; stderr: string }

/**
 * Runs `relaymesh <args>` with only PATH and `env` in its environment (no inherited RELAYMESH_*).
 * A run killed for its budget resolves with code -1 and says so in stderr, so the assertion that
 * reads it reports a hang, not a wrong exit code.
 *
 * @example
 * const run = await runRelaymesh(['status', '--api', url, '--json'])
 * assert.equal(run.code, 0, run.stderr)
 */
export function runRelaymesh(args: string[], env: Record<string, string> = {}): Promise<RelaymeshRun> {
  return new Promise((resolve) => {
    const options = { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: RELAYMESH_RUN_BUDGET_MS }
    execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) => {
      if (error?.killed) {
        resolve({
          code: -1,
          stdout,
          stderr:
            `relaymesh ${args.join(' ')}: killed (${error.signal}) after its ${RELAYMESH_RUN_BUDGET_MS} ms ` +
            `budget\n${stderr}`,
        })
        return
      }
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}
