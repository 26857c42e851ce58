/**
 * Domain (uint32 chain identifier) of every chain relaymesh speaks, per
 * PROTOCOL.md "Chain identifiers". EVM domains equal the EVM chain id.
 *
 * @example
 * const message = { ...rest, origin: domains.ethereum, destination: domains.bsc }
 */
export const domains = {
  ethereum: 1,
  bsc: 56,
  solana: 1399811149,
  ethereumLocal: 31337,
  bscLocal: 31356,
  solanaLocal: 1399811150,
} as const

/**
 * The key of a known domain in `domains` (`'ethereum'`, `'bscLocal'`, ...).
 *
 * @example
 * const key: DomainName = 'solanaLocal'
 */
export type DomainName = keyof typeof domains

/**
 * A known domain number.
 *
 * @example
 * const d: Domain = domains.bsc // 56
 */
export type Domain = (typeof domains)[DomainName]
