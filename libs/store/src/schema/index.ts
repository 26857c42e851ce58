/** The drizzle schema of one relayer's database, one file per table. */
export * from './messages.js'
export * from './sourceBlocks.js'
export * from './rejections.js'
export * from './batches.js'
export * from './batchSignatures.js'
export * from './chainCursors.js'
export * from './outgoingTxs.js'
export * from './routePauses.js'
