import type { LoadGenerator, MeshRoute } from '../mesh/startLoadGenerator.js'

const DESTINATION: Record<MeshRoute, string> = { 'ethereum->bsc': '31356', 'bsc->ethereum': '31337', 'solana->ethereum': '31337', 'solana->bsc': '31356' }

/** Messages the load generator has sent (mined or landed) per destination domain (decimal). */
export function loadSentTo(load: Pick<LoadGenerator, 'routes'>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [route, r] of Object.entries(load.routes) as Array<[MeshRoute, LoadGenerator['routes'][MeshRoute]]>) out[DESTINATION[route]] = (out[DESTINATION[route]] ?? 0) + r.ids.size // reason: Object.entries loses the key type
  return out
}
