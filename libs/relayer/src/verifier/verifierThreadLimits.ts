/**
 * How the verifier's worker pool (`verifierThreads` threads, shared by every source) holds its threads. Each worker
 * thread is a V8 isolate with the verification code loaded: ~25 MiB resident apiece idle, more under load. The
 * threads start with the first bundle and end after a minute without work: an idle service holds none, a busy one
 * keeps them (a burst pays for loading one once, not each bundle).
 */
export const VERIFIER_THREAD_LIMITS = { minThreads: 0, idleTimeout: 60_000 } as const
