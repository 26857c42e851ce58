/** For sibling libs and tests: the schema tables and the bulk helpers behind the public verbs. */
export * as schema from './schema/index.js'
export { packFixed, packVariable, splitIds, missingIds, withTransaction } from './bulk.js'
export { runTransition, transitionSql } from './transitionMessages.js'
export { lockDestinationBatches } from './batchLock.js'
export { unpausedRouteSql } from './routePauses.js'
