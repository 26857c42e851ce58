import type { BusMessage } from '@relaymesh/bus'
import type { IncomingBundle, VerifiedNotice } from '../bundle/bundleCodec.js'
import type { PersistVerificationReturnType, RejectBundleParameters } from './persistVerification.js'
import type { VerifiedBundle } from './SourceChain.js'

/** Where the verifier stores outcomes (`createVerifierDeps`: Postgres; a test's: memory). */
export type VerifierStore = {
  /** A verified part: its block, its messages and its refused claims (`persistVerification`). */
  persistVerification(p: { bundle: VerifiedBundle; firstDelivery: boolean }): Promise<PersistVerificationReturnType>
  /** A part refused whole: one rejection per claim (`rejectBundle`). */
  rejectBundle(p: RejectBundleParameters): Promise<void>
}

/** The attributes the verifier sets on a bundle's span once it is stored. */
export type BundleSpan = { setAttributes(attributes: Record<string, number>): void }

/** The verifier's traces (`createVerifierDeps`: OpenTelemetry; a test's: none). */
export type VerifierTraces = {
  /**
   * Runs `run` in the bundle's `relaymesh.verify.bundle` span, under the trace its publisher sent; an error thrown is
   * recorded on the span and rethrown.
   */
  inBundleSpan<T>(m: BusMessage<IncomingBundle>, run: (span: BundleSpan) => Promise<T>): Promise<T>
  /** A verify span per stored message, and the roots this relayer keeps (the trace keeper's). */
  recordBundle(
    bundle: VerifiedBundle,
    stored: PersistVerificationReturnType,
    times: { startTime: number; endTime: number },
  ): Promise<void>
}

/**
 * What the verifier's handler works with, built once by `startVerifier` from the relayer's context: the store, the
 * batchers' wake-up, traces and a clock. A test passes in-memory ones.
 */
export type VerifierDeps = {
  store: VerifierStore
  /** Wakes a destination's batcher: `count` more verified messages wait in the store. */
  notifyVerified(notice: VerifiedNotice): Promise<void>
  traces: VerifierTraces
  clock: { now(): number }
}
