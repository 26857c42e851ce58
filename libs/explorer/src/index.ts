// @relaymesh/explorer: the web page the api serves. The browser code
// is src/main.tsx (built by Vite); this entry is the Node side: build it, find it.
export {
  buildExplorer,
  isExplorerBuilt,
  EXPLORER_BUNDLE_BUDGET_BYTES,
  EXPLORER_DIST,
  EXPLORER_ROOT,
} from './buildExplorer.js'
export type { BuildExplorerParameters, BuildExplorerReturnType } from './buildExplorer.js'
