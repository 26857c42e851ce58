/**
 * How the verifier's worker pools (EVM and Solana, `verifierThreads` each) hold their threads. Each worker thread is
 * a V8 isolate with the verification code loaded: ~25 MiB resident apiece, so the default 2 + 2 threads held ~100 MiB
 * in an idle verifier (or `relaymesh all`). The threads start with the first bundle and end after a minute without
 * work: an idle service holds none, a busy one keeps them (a burst pays for loading one once, not each bundle).
 */
export const VERIFIER_THREAD_LIMITS = { minThreads: 0, idleTimeout: 60_000 } as const
