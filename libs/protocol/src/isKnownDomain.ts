import { chainsByDomain } from './chains.js'
import type { Domain } from './domains.js'

/**
 * True when `domain` is one of the domains in PROTOCOL.md.
 *
 * @example
 * isKnownDomain(56) // true
 * isKnownDomain(137) // false
 */
export function isKnownDomain(domain: number): domain is Domain {
  return chainsByDomain.has(domain)
}
