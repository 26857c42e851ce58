import { LightClientError, type LightClientErrorCode } from '../../LightClientError.js'

/** `assert.throws` validator: a LightClientError with `code` and action `reject`. */
export function isLightClientError(code: LightClientErrorCode): (error: unknown) => boolean {
  return (error: unknown) => {
    if (!(error instanceof LightClientError)) throw error
    if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`, { cause: error })
    if (error.action !== 'reject') throw new Error(`expected action reject, got ${error.action}`)
    return true
  }
}
