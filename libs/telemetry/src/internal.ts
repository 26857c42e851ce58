/** For sibling libs and tests: the W3C propagator and traceparent codec behind the public helpers. */
export { formatTraceparent, parseTraceparent, traceContextPropagator } from './traceContextPropagator.js'
