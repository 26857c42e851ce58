export type LocalServer = {
  url: string
  source: string
  stop(): Promise<void>
  /** The server's pid, when this process started it. */ pid?: number
}
export function ensurePostgres(): Promise<LocalServer>
export function ensureNats(): Promise<LocalServer>
export function freePort(): Promise<number>
/** An installed binary: on PATH, else in one of `dirs`. */
export function findBinary(name: string, dirs: string[]): string | undefined
/** The installed Postgres versions' bin folders, newest first. */
export function pgBinDirs(): string[]
/** `[command, args]` that run `command` (as `user`) so the kernel sends it `signal` (default KILL) when this process dies (setpriv --pdeathsig on Linux). */
export function dieWithParent(
  command: string,
  args: string[],
  options?: { signal?: string; user?: string | undefined },
): [string, string[]]
