import { createHash, timingSafeEqual } from 'node:crypto'
import { ApiError } from './ApiError.js'

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/**
 * Checks an `Authorization` header against the admin token in constant time
 * (both sides hashed first, so neither the length nor a prefix leaks).
 *
 * @throws {ApiError} `ADMIN_DISABLED` (no token configured), `UNAUTHORIZED`
 *   (no bearer token), `FORBIDDEN` (a wrong one)
 * @example
 * checkAdminToken(deps.adminToken, req.headers.authorization)
 */
export function checkAdminToken(adminToken: string | undefined, authorization: string | undefined): void {
  if (!adminToken) throw new ApiError('ADMIN_DISABLED', 'admin routes are off: the API has no admin token')
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '')
  if (!match) throw new ApiError('UNAUTHORIZED', 'admin routes need Authorization: Bearer <token>')
  // reason: group 1 matched
  if (!timingSafeEqual(digest(match[1] as string), digest(adminToken)))
    throw new ApiError('FORBIDDEN', 'wrong admin token')
}
