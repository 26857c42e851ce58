import { domains, type Domain, type DomainName } from './domains.js'

/**
 * The execution environment of a chain: decides the address format, the proof
 * path (EVM receipts or Solana committee) and the settlement contract.
 *
 * @example
 * const kind: ChainKind = 'evm'
 */
export type ChainKind = 'evm' | 'solana'

/**
 * One row of the chain table (PROTOCOL.md "Chain identifiers").
 *
 * @example
 * chains.bscLocal
 * // { name: 'bscLocal', domain: 31356, kind: 'evm', evmChainId: 31356, local: true,
 * //   label: 'BSC local stand-in (anvil)' }
 */
export type ChainInfo<name extends DomainName = DomainName> = {
  name: name
  domain: (typeof domains)[name]
  kind: ChainKind
  /** EVM chain id, equal to the domain on EVM chains; `undefined` on Solana. */
  evmChainId: number | undefined
  /** A local stand-in (anvil, LiteSVM) rather than a public network. */
  local: boolean
  label: string
}

function chain<name extends DomainName>(name: name, kind: ChainKind, local: boolean, label: string): ChainInfo<name> {
  const domain = domains[name]
  return { name, domain, kind, evmChainId: kind === 'evm' ? domain : undefined, local, label }
}

/**
 * The chain table, keyed by domain name.
 *
 * @example
 * chains.solana.kind // 'solana'
 * Object.values(chains).filter((c) => c.local).map((c) => c.domain) // [31337, 31356, 1399811150]
 */
export const chains: { readonly [name in DomainName]: Readonly<ChainInfo<name>> } = {
  ethereum: chain('ethereum', 'evm', false, 'Ethereum mainnet'),
  bsc: chain('bsc', 'evm', false, 'BSC mainnet'),
  solana: chain('solana', 'solana', false, 'Solana mainnet-beta'),
  ethereumLocal: chain('ethereumLocal', 'evm', true, 'Ethereum local stand-in (anvil)'),
  bscLocal: chain('bscLocal', 'evm', true, 'BSC local stand-in (anvil)'),
  solanaLocal: chain('solanaLocal', 'solana', true, 'Solana local stand-in (LiteSVM)'),
}

/**
 * The chain table keyed by domain number.
 *
 * @example
 * chainsByDomain.get(56)?.name // 'bsc'
 */
export const chainsByDomain: ReadonlyMap<number, Readonly<ChainInfo>> = new Map(
  Object.values(chains).map((info): [Domain, Readonly<ChainInfo>] => [info.domain, info]),
)
