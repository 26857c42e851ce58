import assert from 'node:assert/strict'
import type { Tracer } from '@relaymesh/telemetry'

export type CountingTracer = { tracer: Tracer; started: () => number }

/**
 * `tracer` that counts the spans started through it: a test tells "no span was built" from "the SDK dropped it".
 *
 * @example
 * const counted = countingTracer(telemetry.tracer)
 * recordVerifySpans({ ...telemetry, tracer: counted.tracer }, p)
 * assert.equal(counted.started(), kept.length)
 */
export function countingTracer(tracer: Tracer): CountingTracer {
  let started = 0
  return {
    tracer: {
      startSpan(name, options, context) {
        started++
        return tracer.startSpan(name, options, context)
      },
      // reason: per-message span code starts no active span; a call is a test failure, whatever its overload
      startActiveSpan: (() => assert.fail('startActiveSpan is not counted')) as Tracer['startActiveSpan'],
    },
    started: () => started,
  }
}
