import { chainInfo } from './chainInfo.js'
import type { ChainKind } from './chains.js'

/**
 * Whether `domain` is an EVM chain or Solana.
 *
 * @throws {ProtocolError} `DOMAIN_UNKNOWN` for a domain not in PROTOCOL.md.
 * @example
 * chainKind(domains.bscLocal) // 'evm'
 * chainKind(domains.solana) // 'solana'
 */
export function chainKind(domain: number): ChainKind {
  return chainInfo(domain).kind
}
