import type { ServiceName } from './ServiceName.js'

/** The services that sign with the relayer key: only a process running one of them loads it. */
export const SIGNING_SERVICES: readonly ServiceName[] = ['batcher', 'settler']

/**
 * Whether a process running `names` signs with the relayer key (its config reads the key; the others never do).
 *
 * @example
 * signsWithKey(['api', 'watcher']) // false
 * signsWithKey(['settler']) // true
 */
export function signsWithKey(names: readonly ServiceName[]): boolean {
  return names.some((name) => SIGNING_SERVICES.includes(name))
}
