import type { DevnetMesh } from '../startDevnetMesh.js'
import { findProcessesByName, readProcessUsage } from './readProcessUsage.js'
import type { ProcessCost } from './summarizeMeshRun.js'

/** CPU seconds so far and peak RSS of every process of the mesh, keyed by a stable name. */
export function measureMeshProcesses(devnet: DevnetMesh): Map<string, ProcessCost> {
  const out = new Map<string, ProcessCost>()
  const add = (name: string, identity: string | undefined, pids: number[]) => {
    const usages = pids.map(readProcessUsage).filter((u) => u !== undefined)
    if (usages.length === 0) return
    out.set(name, {
      name,
      identity,
      cpuSeconds: usages.reduce((a, u) => a + u.cpuSeconds, 0),
      peakRssBytes: Math.max(...usages.map((u) => u.peakRssBytes)),
    })
  }
  for (const p of devnet.procs)
    if (p.child.pid !== undefined) add(`${p.relayer}/${p.service}`, p.relayer, [p.child.pid])
  add('anvil ethereum-local', undefined, [devnet.mesh.chains.ethereum.pid])
  add('anvil bsc-local', undefined, [devnet.mesh.chains.bsc.pid])
  add('nats-server', undefined, findProcessesByName('nats-server'))
  add('postgres (all backends)', undefined, findProcessesByName('postgres'))
  add('bench (load generator, solana, beacon, parlia, committee)', undefined, [process.pid])
  return out
}
