import { chainInfo } from './chainInfo.js'
import type { DomainName } from './domains.js'

/**
 * The name (key of `domains`) of `domain`, for logs and metric labels.
 *
 * @throws {ProtocolError} `DOMAIN_UNKNOWN` for a domain not in PROTOCOL.md.
 * @example
 * domainName(31337) // 'ethereumLocal'
 */
export function domainName(domain: number): DomainName {
  return chainInfo(domain).name
}
