export { runDevnet, type DevnetOptions } from './runDevnet.js'
export { createDemoBridgeClient, sendDemoTraffic, type DemoTrafficStats } from './sendDemoTraffic.js'
export {
  startLoadGenerator,
  MESH_ROUTES,
  type LoadGenerator,
  type MeshRoute,
  type RouteLoad,
  type StartLoadGeneratorParameters,
} from './mesh/startLoadGenerator.js'
export { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from './spawnRelayerProcesses.js'
export { SERVICE_NODE_FLAGS } from './serviceNodeFlags.js'
export { startDevnetMesh, type DevnetMesh, type StartDevnetMeshParameters } from './startDevnetMesh.js'
export { runMeshBench } from './runMeshBench.js'
export type { MeshBenchOptions, MeshBenchResult } from './MeshBenchOptions.js'
export { startRpcProxy, type RpcProxy } from './faults/startRpcProxy.js'
export { createChainForger, type ChainForger, type ForgedBlock } from './faults/createChainForger.js'
export { forgeConsistentBlock, type ForgeConsistentBlockReturnType } from './faults/forgeConsistentBlock.js'
