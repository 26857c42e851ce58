export { runDevnet, type DevnetOptions } from './runDevnet.js'
export { createDemoBridgeClient, sendDemoTraffic, type DemoTrafficStats } from './sendDemoTraffic.js'
export { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from './spawnRelayerProcesses.js'
