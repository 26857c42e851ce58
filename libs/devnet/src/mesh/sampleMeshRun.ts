import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { createDb } from '@relaymesh/store'
import { getApiStats } from '@relaymesh/relayer'
import { findStalledDestinations } from '../findStalledDestinations.js'
import { formatProgressLine } from '../formatProgressLine.js'
import { loadSentTo } from '../loadSentTo.js'
import type { MeshBenchOptions } from '../MeshBenchOptions.js'
import { toMeshSample, type MeshSample } from '../MeshSample.js'
import type { DevnetMesh } from '../startDevnetMesh.js'
import { backlogCsvHeader, backlogCsvRow, MESH_DESTINATION_NAMES } from './backlogCsv.js'
import { isBacklogGrowing } from './isBacklogGrowing.js'
import { measureMeshProcesses } from './measureMeshProcesses.js'
import type { LoadGenerator } from './startLoadGenerator.js'
import type { ProcessCost } from './summarizeMeshRun.js'

const NAMES = MESH_DESTINATION_NAMES

/** What the per-second sampling gathered over a run, for its summary. */
export type MeshRunState = {
  drainGaveUp: boolean
  samples: MeshSample[]
  peaks: Map<string, number>
  before: Map<string, ProcessCost>
  loadSeconds: number
  totalSeconds: number
  heldRate: number | undefined
  stalled: string[]
}

export type SampleMeshRunDeps = {
  devnet: DevnetMesh
  store: ReturnType<typeof createDb>
  load: LoadGenerator
  before: Map<string, ProcessCost>
  stop: AbortSignal
  started: number
  onFlowing: (atSeconds: number) => void
}

/** Where the offered load stands: its rate, whether it still runs, and when the current find-max step began. */
type LoadCursor = { rate: number; loading: boolean; stepStarted: number; loadFrom: number | undefined }

/**
 * The run's clock: every second, one sample of the first relayer's backlog per stage (printed, kept, appended to
 * `backlog.csv`) and every process's peak RSS; the offered load ended after its duration (or, with find-max,
 * raised while the backlog holds); then the drain, until everything sent is executed or nothing was for
 * `drainStallSeconds`. `onFlowing` runs at the first sample with messages executed.
 */
export async function sampleMeshRun(o: MeshBenchOptions, deps: SampleMeshRunDeps): Promise<MeshRunState> {
  const { load } = deps
  const state: MeshRunState = {
    drainGaveUp: false,
    samples: [],
    peaks: new Map(),
    before: deps.before,
    loadSeconds: 0,
    totalSeconds: 0,
    heldRate: undefined,
    stalled: [],
  }
  const csv = join(o.runDir, 'backlog.csv')
  writeFileSync(csv, `${backlogCsvHeader()}\n`)
  // A fault run's load lasts `durationSeconds` from the moment the mesh flows, so a machine slow to start the mesh
  // still plays every fault under load (a start of 60 s on two busy cores once put the whole schedule after the load).
  const cursor: LoadCursor = { rate: o.rate, loading: true, stepStarted: 0, loadFrom: o.faults ? undefined : 0 }
  let lastProgress = { at: 0, executed: -1 }
  while (!deps.stop.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const atSeconds = (Date.now() - deps.started) / 1000
    const sample = await takeSample(o, deps, state, { atSeconds, rate: cursor.loading ? cursor.rate : 0 })
    if (!sample) continue
    appendFileSync(csv, `${backlogCsvRow(sample)}\n`)
    if (sample.executed > 0 && lastProgress.executed <= 0) {
      cursor.loadFrom ??= atSeconds
      deps.onFlowing(atSeconds)
    }
    if (sample.executed !== lastProgress.executed) lastProgress = { at: atSeconds, executed: sample.executed }
    state.stalled = findStalledDestinations(state.samples, 30)
    stepLoad(o, state, cursor, load, atSeconds)
    if (!cursor.loading && state.loadSeconds === 0) {
      load.stop()
      state.loadSeconds = atSeconds
      o.print(`load stopped after ${atSeconds.toFixed(0)} s; draining`)
    }
    if (!cursor.loading && sample.executed >= sample.sent && load.pending() === 0) break
    if (!cursor.loading && atSeconds - lastProgress.at > o.drainStallSeconds) {
      o.print(`drain gave up: nothing executed for ${o.drainStallSeconds} s`)
      state.drainGaveUp = true
      break
    }
  }
  state.totalSeconds = lastProgress.at
  return state
}

/** One second's sample: the first relayer's stats, printed and kept, with every process's peak RSS so far. */
async function takeSample(
  o: MeshBenchOptions,
  deps: SampleMeshRunDeps,
  state: MeshRunState,
  at: { atSeconds: number; rate: number },
): Promise<MeshSample | undefined> {
  // A fault can take the first relayer's database away for a while: that second has no sample.
  const stats = await getApiStats(deps.store.db).catch(
    (error: unknown) =>
      void o.print(`${at.atSeconds.toFixed(0)} s: stats unavailable (${(error as Error).message.split('\n')[0]})`),
  ) // reason: pg throws Error
  if (!stats) return undefined
  const sample = toMeshSample({ ...at, offered: deps.load.offered(), sentTo: loadSentTo(deps.load) }, stats)
  o.print(formatProgressLine(sample, state.samples.at(-1), NAMES))
  state.samples.push(sample)
  for (const [name, cost] of measureMeshProcesses(deps.devnet))
    state.peaks.set(name, Math.max(state.peaks.get(name) ?? 0, cost.peakRssBytes))
  return sample
}

/** Ends the load when its duration is over, or, with find-max, raises the rate after a step that held. */
function stepLoad(
  o: MeshBenchOptions,
  state: MeshRunState,
  cursor: LoadCursor,
  load: LoadGenerator,
  atSeconds: number,
) {
  if (!cursor.loading) return
  if (!o.findMax) {
    if (cursor.loadFrom !== undefined && atSeconds >= cursor.loadFrom + o.durationSeconds) cursor.loading = false
    return
  }
  const growing = isBacklogGrowing(
    state.samples.filter((s) => s.atSeconds >= cursor.stepStarted),
    { windowSeconds: 30, toleranceRate: cursor.rate * 0.02 },
  )
  if (growing || state.stalled.length) {
    o.print(
      `find-max: ${cursor.rate} msgs/s did not hold (backlog grew for 30 s); highest that ` +
        `held: ${state.heldRate ?? 'none'}`,
    )
    cursor.loading = false
  } else if (atSeconds - cursor.stepStarted >= o.stepSeconds) {
    state.heldRate = cursor.rate
    cursor.rate = Math.round(cursor.rate * o.stepFactor)
    cursor.stepStarted = atSeconds
    load.setRate(cursor.rate / o.routes.length)
    o.print(`find-max: ${state.heldRate} msgs/s held; trying ${cursor.rate}`)
  }
}
