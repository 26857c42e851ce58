import { JetStreamApiError } from '@nats-io/jetstream'

/** True when `error` is a JetStream API error with the given `err_code`. */
export function isApiError(error: unknown, errCode: number): boolean {
  return error instanceof JetStreamApiError && error.code === errCode
}
