/**
 * A `0x`-prefixed hex string. Outputs of this lib are always lowercase; inputs
 * may use either case.
 *
 * @example
 * const id: Hex = '0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8'
 */
export type Hex = `0x${string}`
