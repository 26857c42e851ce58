export { BaseError, isRelaymeshError } from './BaseError.js'
export type { BaseErrorParameters, ErrorAction, SerializedError } from './BaseError.js'
export { redactedUrlPart, redactUrls } from './redactUrls.js'
