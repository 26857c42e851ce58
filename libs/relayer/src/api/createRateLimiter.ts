export type RateLimitOptions = {
  /** Tokens added per second, per client address. */
  ratePerSecond: number
  /** Bucket size: the burst a client may send at once. */
  burst: number
  /** Buckets kept before idle (full) ones are dropped. */
  maxClients?: number | undefined
}

export const defaultRateLimitOptions = { ratePerSecond: 50, burst: 100, maxClients: 10_000 } as const

export type RateLimiter = {
  /**
   * Takes `cost` tokens (default 1, at most the burst) for `client`: 0 when allowed, otherwise the seconds until
   * that many are there (for `Retry-After`).
   */
  take(client: string, cost?: number): number
}

type Bucket = { tokens: number; at: number }

/**
 * A token bucket per client address, on a monotonic clock in milliseconds.
 * Kept per server (no module-level state). When more than `maxClients`
 * buckets exist, the ones that have refilled completely are dropped: a full
 * bucket is the same as no bucket.
 *
 * @example
 * const limiter = createRateLimiter({ ratePerSecond: 50, burst: 100 }, () => performance.now())
 * const wait = limiter.take(req.socket.remoteAddress ?? 'unknown')
 * if (wait > 0) // answer 429 with Retry-After: wait
 */
export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  const { ratePerSecond, burst } = options
  const maxClients = options.maxClients ?? defaultRateLimitOptions.maxClients
  const buckets = new Map<string, Bucket>()
  const refill = (bucket: Bucket, at: number) => {
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * ratePerSecond)
    bucket.at = at
  }
  const sweep = (at: number) => {
    for (const [client, bucket] of buckets) {
      refill(bucket, at)
      if (bucket.tokens >= burst) buckets.delete(client)
    }
  }
  return {
    take(client, cost = 1) {
      const need = Math.min(burst, Math.max(1, cost))
      const at = now()
      let bucket = buckets.get(client)
      if (!bucket) {
        if (buckets.size >= maxClients) sweep(at)
        bucket = { tokens: burst, at }
        buckets.set(client, bucket)
      }
      refill(bucket, at)
      if (bucket.tokens >= need) {
        bucket.tokens -= need
        return 0
      }
      return Math.max(1, Math.ceil((need - bucket.tokens) / ratePerSecond))
    },
  }
}
