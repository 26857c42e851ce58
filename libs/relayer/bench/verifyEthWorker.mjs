// Piscina entry for verifyEthWorker.ts: registers tsx in the worker thread, then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
const { default: verifyRun } = await import('./verifyEthWorker.ts')
export default verifyRun
