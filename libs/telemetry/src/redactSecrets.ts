import { redactUrls } from '@relaymesh/errors'

/** Replacement for redacted values. */
export const redactedValue = '[redacted]'

/**
 * True for key names that hold secrets: `privateKey`, `private_key`,
 * `signingKey`, `apiKey`, `key`, `secret`, `clientSecret`, `password`,
 * `mnemonic`, `seedPhrase`, `authorization`, `cookie`. Public keys stay.
 */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '')
  if (k === 'key' || k === 'authorization' || k === 'cookie' || k === 'setcookie') return true
  if (
    /(privatekey|secretkey|signingkey|apikey|accesskey|secret|password|passwd|passphrase|mnemonic|seedphrase|accesstoken|authtoken|apitoken|bearertoken|refreshtoken)$/.test(
      k,
    )
  )
    return true
  return k.includes('password') || k.includes('mnemonic') || k.includes('privatekey')
}

/**
 * Deep copy of `value` with every secret-named key's value replaced, at any
 * depth (arrays included), and every string's URLs stripped of credentials,
 * path and query (`redactUrls`: RPC API keys live there, whatever the key is
 * named). Objects without secrets are returned as is, so the common case
 * allocates nothing.
 *
 * @example
 * redactSecrets({ chain: 'bsc', signer: { privateKey: '0xabc' } })
 * // { chain: 'bsc', signer: { privateKey: '[redacted]' } }
 */
export function redactSecrets<T>(value: T, depth = 8): T {
  return walk(value, depth, new WeakSet()) as T // reason: same shape, only leaf values replaced
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactUrls(value)
  if (value === null || typeof value !== 'object' || depth < 0 || seen.has(value)) return value
  if (value instanceof Error || ArrayBuffer.isView(value) || value instanceof Date) return value
  seen.add(value)
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item, i) => {
      const next = walk(item, depth - 1, seen)
      if (next !== item) (copy ??= [...value])[i] = next
    })
    return copy ?? value
  }
  let copy: Record<string, unknown> | undefined
  for (const [key, item] of Object.entries(value)) {
    const next = isSecretKey(key) && item !== undefined ? redactedValue : walk(item, depth - 1, seen)
    if (next !== item) (copy ??= { ...value })[key] = next
  }
  return copy ?? value
}
