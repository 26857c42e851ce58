// What sibling packages need beyond the public entry (STYLE.md "Layout").
export { normalizeTransaction } from './outbox/normalizeTransaction.js'
export type { NormalizedInstruction, NormalizedTransaction } from './outbox/normalizeTransaction.js'
export { feePaidTo } from './outbox/feePaidTo.js'
