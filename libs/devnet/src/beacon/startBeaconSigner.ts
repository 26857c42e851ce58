import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LightClientUpdate } from '@relaymesh/light-client'
import { bytesToHex, hexToBytes, type Hex } from 'viem'
import { createBeaconChainModel, type BeaconChainModel, type ExecutionBlock } from './createBeaconChainModel.js'
import {
  createDevnetContext,
  DEVNET_FORK,
  DEVNET_FORK_SCHEDULE,
  DEVNET_GENESIS_VALIDATORS_ROOT,
} from './devnetBeaconConfig.js'
import { keepIdleConnections } from '@relaymesh/relayer/internal'

/** The slice of a viem PublicClient the signer follows. */
export type ExecutionChainReader = {
  getBlockNumber(args?: { cacheTime?: number }): Promise<bigint>
  getBlock(args: { blockNumber: bigint }): Promise<ExecutionBlock>
}

export type StartBeaconSignerParameters = {
  client: ExecutionChainReader
  pollIntervalMs?: number
  host?: string
  /** 0 (default): a free port. */
  port?: number
  onError?: (error: unknown) => void
}

export type BeaconSigner = {
  /** Base URL of the beacon-API subset. */
  url: string
  /** The genesis beacon block root: the light client's trusted root. */
  trustedBlockRoot: Hex
  genesisValidatorsRoot: Hex
  forkSchedule: typeof DEVNET_FORK_SCHEDULE
  /** Stop signing (finality stops advancing); the server keeps answering with the data signed so far. */
  pause(): void
  resume(): void
  /** Highest attested slot signed so far. */
  signedSlot(): number
  /** Test hook: an update for `attestedSlot` signed by the committee of `signerPeriod` (e.g. a rotated-out one). */
  forgeUpdate(attestedSlot: number, signerPeriod: number): { version: string; data: unknown }
  stop(): Promise<void>
}

const LAST_SLOTS_KEPT = 256

/**
 * The devnet's beacon signer (never used by verification code): follows the
 * Ethereum stand-in's real blocks, turns each into a minimal-preset beacon
 * block (slot = block number) and signs a `LightClientUpdate` for the newest
 * one with the development sync committee; serves the beacon-API light-client
 * routes plus `GET /relaymesh/v1/trusted_root`.
 *
 * @example
 * const signer = await startBeaconSigner({ client: chains.ethereum.publicClient })
 * config.finality = { kind: 'light-client', beaconApiUrl: signer.url, trustedBlockRoot: signer.trustedBlockRoot, ... }
 */
export async function startBeaconSigner(p: StartBeaconSignerParameters): Promise<BeaconSigner> {
  const context = createDevnetContext()
  const model = createBeaconChainModel(context, hexToBytes(DEVNET_GENESIS_VALIDATORS_ROOT))
  const types = context.types.byFork[DEVNET_FORK]
  const signed: SignedUpdates = { latest: null, byPeriod: new Map(), slot: 0, next: 0 }
  let paused = false
  let stopped = false
  const toJson = (update: LightClientUpdate) => ({ version: DEVNET_FORK, data: types.LightClientUpdate.toJson(update) })
  const follow = () => signNewBlocks(p.client, model, signed, () => paused)

  await follow()
  const loop = (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, p.pollIntervalMs ?? 100))
      if (!paused && !stopped) await follow().catch((error: unknown) => p.onError?.(error))
    }
  })()
  const trustedBlockRoot = bytesToHex(model.rootOf(0))
  const host = p.host ?? '127.0.0.1'
  const { server, port } = await listenBeaconApi(host, p.port ?? 0, { model, signed, trustedBlockRoot, toJson, types })
  return {
    url: `http://${host}:${port}`,
    trustedBlockRoot,
    genesisValidatorsRoot: DEVNET_GENESIS_VALIDATORS_ROOT,
    forkSchedule: DEVNET_FORK_SCHEDULE,
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    signedSlot: () => signed.slot,
    forgeUpdate: (slot, period) => toJson(model.update(slot, period)),
    async stop() {
      stopped = true
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      await loop.catch(() => undefined)
    },
  }
}

/** What the signer has signed so far, and the next execution block it will read. */
type SignedUpdates = {
  latest: LightClientUpdate | null
  /** The last update of each sync-committee period (it carries the next committee). */
  byPeriod: Map<number, LightClientUpdate>
  /** Highest attested slot signed. */
  slot: number
  next: number
}

/**
 * Adds the execution blocks up to the head to the model and signs an update for
 * the newest slot that has a signature slot after it, and for each period's last slot.
 */
async function signNewBlocks(
  client: ExecutionChainReader,
  model: BeaconChainModel,
  signed: SignedUpdates,
  isPaused: () => boolean,
): Promise<void> {
  const head = Number(await client.getBlockNumber({ cacheTime: 0 }))
  for (; signed.next <= head && !isPaused(); signed.next++)
    model.addBlock(await client.getBlock({ blockNumber: BigInt(signed.next) }))
  const top = signed.next - 2 // the newest slot with a signature slot after it
  for (let slot = Math.max(signed.slot + 1, 1); slot <= top && !isPaused(); slot++) {
    const isPeriodEnd = model.periodOf(slot + 1) !== model.periodOf(slot + 2)
    if (slot !== top && !isPeriodEnd) continue
    const update = model.update(slot)
    signed.latest = update
    signed.slot = slot
    if (model.periodOf(slot) === model.periodOf(slot + 1)) signed.byPeriod.set(model.periodOf(slot), update)
  }
  model.prune(signed.next - LAST_SLOTS_KEPT, 0)
}

/** Serves the beacon-API routes on `host:port` (0: a free port). */
async function listenBeaconApi(host: string, port: number, d: RouteDeps): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    try {
      routeBeaconApi(req, res, d)
    } catch (error) {
      send(res, 500, { message: error instanceof Error ? error.message : String(error) })
    }
  })
  keepIdleConnections(server)
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const address = server.address() as AddressInfo // reason: a TCP listener
  return { server, port: address.port }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

type RouteDeps = {
  model: BeaconChainModel
  signed: Pick<SignedUpdates, 'latest' | 'byPeriod'>
  trustedBlockRoot: Hex
  toJson: (u: LightClientUpdate) => { version: string; data: unknown }
  types: ReturnType<typeof createDevnetContext>['types']['byFork'][typeof DEVNET_FORK]
}

/** The beacon-API light-client routes (plus the devnet's trusted root). */
function routeBeaconApi(req: IncomingMessage, res: ServerResponse, d: RouteDeps): void {
  const { model, signed, trustedBlockRoot, toJson, types } = d
  const url = new URL(req.url ?? '/', 'http://devnet')
  const path = url.pathname
  if (path.startsWith('/eth/v1/beacon/light_client/bootstrap/')) {
    // reason: a 0x root in the path
    const slot = model.slotOfRoot(hexToBytes(path.slice(path.lastIndexOf('/') + 1) as Hex))
    if (slot === undefined) return send(res, 404, { message: 'unknown block root' })
    return send(res, 200, { version: DEVNET_FORK, data: types.LightClientBootstrap.toJson(model.bootstrap(slot)) })
  }
  if (path === '/eth/v1/beacon/light_client/updates') {
    const start = Number(url.searchParams.get('start_period') ?? 0)
    const count = Math.min(128, Number(url.searchParams.get('count') ?? 1))
    const out = []
    for (let period = start; period < start + count; period++) {
      const update = signed.byPeriod.get(period)
      if (update) out.push(toJson(update))
    }
    return send(res, 200, out)
  }
  if (path === '/eth/v1/beacon/light_client/finality_update') {
    if (!signed.latest) return send(res, 404, { message: 'no finality update yet' })
    const { nextSyncCommittee: _n, nextSyncCommitteeBranch: _b, ...finality } = signed.latest
    return send(res, 200, { version: DEVNET_FORK, data: types.LightClientFinalityUpdate.toJson(finality) })
  }
  if (path === '/relaymesh/v1/trusted_root') {
    return send(res, 200, {
      trustedBlockRoot,
      genesisValidatorsRoot: DEVNET_GENESIS_VALIDATORS_ROOT,
      preset: 'minimal',
      forkSchedule: DEVNET_FORK_SCHEDULE,
    })
  }
  send(res, 404, { message: 'not found' })
}
