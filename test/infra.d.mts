export type LocalServer = { url: string; source: string; stop(): Promise<void> }
export function ensurePostgres(): Promise<LocalServer>
export function ensureNats(): Promise<LocalServer>
export function freePort(): Promise<number>
/** An installed binary: on PATH, else in one of `dirs`. */
export function findBinary(name: string, dirs: string[]): string | undefined
/** The installed Postgres versions' bin folders, newest first. */
export function pgBinDirs(): string[]
