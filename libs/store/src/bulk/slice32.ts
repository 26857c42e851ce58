/** SQL for the `g`-th (0-based) 32-byte value of packed parameter `$n` (`packFixed`). */
export const slice32 = (n: number, g = 'g') => `substring($${n}::bytea FROM ${g} * 32 + 1 FOR 32)`
