import { existsSync } from 'node:fs'

/** util-linux's `setpriv` (Debian and most Linux distributions ship it in the essential util-linux package). */
const SETPRIV = '/usr/bin/setpriv'

export type DieWithParentParameters = {
  /** Signal the child gets when its parent dies (default SIGKILL: a chain or server has nothing to flush). */
  signal?: 'KILL' | 'TERM' | undefined
  /** Where to look for setpriv (tests). */
  setprivPath?: string | undefined
}

/**
 * The command and arguments that run `command` so the kernel signals it when this process dies, however it dies:
 * a SIGKILLed test runner or a crash runs no `exit` hook, and an idle anvil or nats-server never writes to its
 * closed pipe, so without this they outlive the run. `setpriv --pdeathsig` sets PR_SET_PDEATHSIG then execs the
 * command, so the child keeps its pid and `child.kill()` works as before. Where setpriv is missing (not Linux) the
 * command runs as given and only the exit hooks (childProcesses.ts) stop it.
 *
 * @example
 * const [bin, args] = dieWithParent(anvilBinary(), ['--port', '0'])
 * const child = spawn(bin, args)
 */
export function dieWithParent(
  command: string,
  args: readonly string[],
  parameters: DieWithParentParameters = {},
): [string, string[]] {
  const setpriv = parameters.setprivPath ?? SETPRIV
  if (process.platform !== 'linux' || !existsSync(setpriv)) return [command, [...args]]
  return [setpriv, [`--pdeathsig=${parameters.signal ?? 'KILL'}`, '--', command, ...args]]
}
