import { RelayerError } from '../../RelayerError.js'

/** A beacon-API light-client response: the fork name and the object's JSON. */
export type BeaconApiObject = { version: string; data: unknown }

async function getJson(baseUrl: string, path: string): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(new URL(path, baseUrl), {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    })
  } catch (cause) {
    throw new RelayerError(`beacon API unreachable: ${path}`, { code: 'RPC_UNAVAILABLE', action: 'retry', cause })
  }
  if (res.status === 404) return null
  if (!res.ok)
    throw new RelayerError(`beacon API ${res.status} on ${path}`, { code: 'RPC_UNAVAILABLE', action: 'retry' })
  return res.json()
}

/** `GET /eth/v1/beacon/light_client/bootstrap/{block_root}` (null when the node does not have it). */
export async function getLightClientBootstrap(baseUrl: string, blockRoot: string): Promise<BeaconApiObject | null> {
  // reason: shape checked by the light-client decoder
  return (await getJson(baseUrl, `/eth/v1/beacon/light_client/bootstrap/${blockRoot}`)) as BeaconApiObject | null
}

/** `GET /eth/v1/beacon/light_client/updates?start_period=&count=`: the best update of each period the node has. */
export async function getLightClientUpdates(
  baseUrl: string,
  startPeriod: number,
  count: number,
): Promise<BeaconApiObject[]> {
  const body = await getJson(baseUrl, `/eth/v1/beacon/light_client/updates?start_period=${startPeriod}&count=${count}`)
  return Array.isArray(body) ? (body as BeaconApiObject[]) : [] // reason: shape checked by the light-client decoder
}

/** `GET /eth/v1/beacon/light_client/finality_update` (null before the node has one). */
export async function getLightClientFinalityUpdate(baseUrl: string): Promise<BeaconApiObject | null> {
  // reason: shape checked by the light-client decoder
  return (await getJson(baseUrl, '/eth/v1/beacon/light_client/finality_update')) as BeaconApiObject | null
}
