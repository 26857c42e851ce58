/**
 * NATS header on a bundle part the watcher read again for a re-observation hint: the verifier does not take the
 * part's messages it already stored for a replay (they are expected: the hint named the block because others were
 * missing).
 */
export const REOBSERVED_HEADER = 'Relaymesh-Reobserved'
