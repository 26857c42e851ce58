import { existsSync, readFileSync } from 'node:fs'

/** The watcher's error line for a block read again for a hint (`startReobserver`). */
export const REOBSERVED_LOG_MESSAGE = 'the watcher had passed a block whose messages were never stored'

export type ReobservedBlock = {
  relayer: string
  origin: number
  block: string
  hash: string
  missing: number
  from: string
}

/**
 * The blocks each relayer read again for a re-observation hint, from its processes' JSON logs: a block its watcher
 * passed without its messages being stored, which the mesh brought back. The fault run reports them: "lost 0" must
 * not hide that a loss happened and was healed.
 *
 * @example
 * const healed = findReobservedBlocks(devnet.procs.map((p) => ({ relayer: p.relayer, logFile: p.logFile })))
 */
export function findReobservedBlocks(
  logs: readonly { relayer: string; logFile?: string | undefined }[],
): ReobservedBlock[] {
  const found: ReobservedBlock[] = []
  for (const { relayer, logFile } of logs) {
    if (!logFile || !existsSync(logFile)) continue
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      if (!line.includes(REOBSERVED_LOG_MESSAGE)) continue
      try {
        // reason: a pino line of startReobserver
        const entry = JSON.parse(line) as {
          origin?: number
          block?: string
          hash?: string
          missing?: number
          from?: string
        }
        found.push({
          relayer,
          origin: entry.origin ?? 0,
          block: entry.block ?? '?',
          hash: entry.hash ?? '?',
          missing: entry.missing ?? 0,
          from: entry.from ?? '?',
        })
      } catch {
        // Not a JSON line (a stack trace quoting the message): the JSON line itself is counted.
      }
    }
  }
  return found
}
