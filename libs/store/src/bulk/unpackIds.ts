import { slice32 } from './slice32.js'

/** SQL yielding `(g, id)` rows for the packed 32-byte ids of parameter `$n` (`packFixed`). */
export const unpackIds = (n: number) =>
  `(SELECT g, ${slice32(n)} AS id FROM generate_series(0, length($${n}::bytea) / 32 - 1) AS g)`
