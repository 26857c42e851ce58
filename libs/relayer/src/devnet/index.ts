export { runDevnet, type DevnetOptions } from './runDevnet.js'
export { sendDemoTraffic, type DemoTrafficStats } from './sendDemoTraffic.js'
export { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from './spawnRelayerProcesses.js'
