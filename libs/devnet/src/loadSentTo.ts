import { domains } from '@relaymesh/protocol'
import type { LoadGenerator, MeshRoute } from './mesh/startLoadGenerator.js'

/** Origin and destination domain of each mesh route on the local chains. */
export const ROUTE_DOMAINS: Record<MeshRoute, readonly [number, number]> = {
  'ethereum->bsc': [31337, 31356],
  'bsc->ethereum': [31356, 31337],
  'solana->ethereum': [domains.solanaLocal, 31337],
  'solana->bsc': [domains.solanaLocal, 31356],
}

/** Messages the load generator has sent (mined or landed) per destination domain (decimal). */
export function loadSentTo(load: Pick<LoadGenerator, 'routes'>): Record<string, number> {
  const out: Record<string, number> = {}
  // reason: Object.entries loses the key type
  for (const [route, r] of Object.entries(load.routes) as Array<[MeshRoute, LoadGenerator['routes'][MeshRoute]]>)
    out[String(ROUTE_DOMAINS[route][1])] = (out[String(ROUTE_DOMAINS[route][1])] ?? 0) + r.ids.size
  return out
}
