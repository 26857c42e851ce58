import { chainsByDomain, type ChainInfo } from './chains.js'
import { ProtocolError } from './ProtocolError.js'

/**
 * The chain-table row of `domain`.
 *
 * @throws {ProtocolError} `DOMAIN_UNKNOWN` for a domain not in PROTOCOL.md.
 * @example
 * chainInfo(1399811150).label // 'Solana local stand-in (LiteSVM)'
 */
export function chainInfo(domain: number): Readonly<ChainInfo> {
  const info = chainsByDomain.get(domain)
  if (info === undefined)
    throw new ProtocolError('DOMAIN_UNKNOWN', `domain ${domain} is not a relaymesh domain`, { meta: { domain } })
  return info
}
