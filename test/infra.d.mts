export type LocalServer = { url: string; source: string; stop(): Promise<void> }
export function ensurePostgres(): Promise<LocalServer>
export function ensureNats(): Promise<LocalServer>
export function freePort(): Promise<number>
