const HEX_20 = /^0x[0-9a-fA-F]{40}$/
const HEX_32 = /^0x[0-9a-fA-F]{64}$/
const HEX_64 = /^0x[0-9a-fA-F]{128}$/
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/**
 * The API lookups a search box entry can mean, tried in order: a 32-byte hex
 * value may be a message id, an EVM transaction hash or a 32-byte sender.
 */
export type SearchLookup =
  { kind: 'message'; id: string } | { kind: 'sourceTx'; hash: string } | { kind: 'sender'; sender: string }

export type ClassifySearchReturnType = { lookups: SearchLookup[] } | { error: string }

/** Base58 (Bitcoin alphabet, as Solana) to bytes; null when a character is outside it. */
export function base58ToBytes(text: string): Uint8Array | null {
  let value = 0n
  for (const char of text) {
    const digit = ALPHABET.indexOf(char)
    if (digit < 0) return null
    value = value * 58n + BigInt(digit)
  }
  const bytes: number[] = []
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn))
  for (const char of text) {
    if (char !== '1') break
    bytes.unshift(0) // a leading '1' is a leading zero byte
  }
  return Uint8Array.from(bytes)
}

const toHex = (bytes: Uint8Array) => `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`

/**
 * What to look up for a search entry: a message id, a source transaction
 * (EVM hash or Solana signature, base58 or hex) or a sender (EVM address,
 * Solana address in base58, or 32 bytes of hex).
 *
 * @example
 * classifySearch('0x' + 'ab'.repeat(20)) // { lookups: [{ kind: 'sender', sender: '0xabab…' }] }
 */
export function classifySearch(input: string): ClassifySearchReturnType {
  const text = input.trim()
  if (text === '') return { error: 'Enter a message id, a source transaction hash or signature, or a sender address.' }
  if (HEX_20.test(text)) return { lookups: [{ kind: 'sender', sender: text.toLowerCase() }] }
  if (HEX_32.test(text)) {
    const hex = text.toLowerCase()
    return {
      lookups: [
        { kind: 'message', id: hex },
        { kind: 'sourceTx', hash: hex },
        { kind: 'sender', sender: hex },
      ],
    }
  }
  if (HEX_64.test(text)) return { lookups: [{ kind: 'sourceTx', hash: text.toLowerCase() }] }
  if (BASE58.test(text) && text.length >= 32 && text.length <= 90) {
    const bytes = base58ToBytes(text)
    if (bytes?.length === 64) return { lookups: [{ kind: 'sourceTx', hash: toHex(bytes) }] }
    if (bytes?.length === 32) return { lookups: [{ kind: 'sender', sender: toHex(bytes) }] }
  }
  return {
    error:
      'Not a message id (0x + 64 hex), a transaction hash or Solana signature, or a sender address (0x + 40 hex, ' +
      'or a Solana address).',
  }
}
