import { chainsByDomain } from '@relaymesh/protocol'

/** A chain's name for a domain, with the domain number. */
export function chainName(domain: number): string {
  const chain = chainsByDomain.get(domain)
  return chain ? `${chain.label} (${domain})` : `domain ${domain}`
}

/** `0x1234…abcd`. */
export const shortHex = (hex: string, keep = 6): string =>
  hex.length > keep * 2 + 4 ? `${hex.slice(0, keep + 2)}…${hex.slice(-keep)}` : hex

/** A duration in milliseconds as people read it. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`
}

/** An ISO time in the reader's locale, with the UTC value in full. */
export const formatTime = (iso: string): string => new Date(iso).toLocaleString()

/** Wei as a decimal ether string with up to 6 decimals. */
export function formatWei(wei: string): string {
  const value = BigInt(wei)
  const whole = value / 10n ** 18n
  const fraction = (value % 10n ** 18n).toString().padStart(18, '0').slice(0, 6).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole.toString()
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** `0x` hex as base58 (Bitcoin alphabet), the way Solana wallets print signatures and addresses. */
export function hexToBase58(hex: string): string {
  const digits = hex.replace(/^0x/, '')
  let value = digits === '' ? 0n : BigInt(`0x${digits}`)
  let text = ''
  for (; value > 0n; value /= 58n) text = BASE58[Number(value % 58n)] + text
  // a zero byte is a '1'
  for (let i = 0; i + 1 < digits.length && digits.slice(i, i + 2) === '00'; i += 2) text = `1${text}`
  return text
}
