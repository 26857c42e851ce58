import {
  createParliaValidatorSet,
  processParliaHeaders,
  type ParliaStore,
  type ParliaValidatorSet,
} from '@relaymesh/light-client/bsc'
import { bytesToHex, hexToBytes, type Hex } from '@relaymesh/protocol'

type SetJson = { epochNumber: string; epochHash: Hex | null; validators: [Hex, Hex][]; turnLength: number }

const setToJson = (s: ParliaValidatorSet): SetJson => ({
  epochNumber: s.epochNumber.toString(),
  epochHash: s.epochHash ?? null,
  validators: s.validators.map((v) => [v.address, bytesToHex(v.voteKey)]),
  turnLength: s.turnLength,
})
const setFromJson = (s: SetJson): ParliaValidatorSet =>
  createParliaValidatorSet({
    epochNumber: BigInt(s.epochNumber),
    epochHash: s.epochHash ?? undefined,
    validators: s.validators.map(([address, key]) => ({ address, voteKey: hexToBytes(key) })),
    turnLength: s.turnLength,
  })

const replacer = (_k: string, v: unknown) =>
  typeof v === 'bigint' ? `${v}n` : v instanceof Map ? { __map: [...v.entries()] } : v
const reviver = (_k: string, v: unknown) => {
  if (typeof v === 'string' && /^-?\d+n$/.test(v)) return BigInt(v.slice(0, -1))
  // reason: written by replacer
  if (typeof v === 'object' && v !== null && '__map' in v) return new Map((v as { __map: [unknown, unknown][] }).__map)
  return v
}

/**
 * The Parlia store as bytes for `finality_states` (JSON: bigints as `123n`,
 * maps as entry lists, validator sets as addresses and vote keys, decoded
 * and key-validated again on load).
 */
export function encodeParliaStore(store: ParliaStore): Uint8Array {
  const json = {
    ...store,
    validatorSets: new Map([...store.validatorSets].map(([k, s]) => [k, setToJson(s)])),
    candidateSets: new Map([...store.candidateSets].map(([k, s]) => [k, setToJson(s)])),
  }
  return new TextEncoder().encode(JSON.stringify(json, replacer))
}

/** Inverse of {@link encodeParliaStore}. */
export function decodeParliaStore(bytes: Uint8Array): ParliaStore {
  const raw = JSON.parse(new TextDecoder().decode(bytes), reviver) as Omit<
    ParliaStore,
    'validatorSets' | 'candidateSets'
  > & {
    validatorSets: Map<bigint, SetJson>
    candidateSets: Map<Hex, SetJson>
  } // reason: written by encodeParliaStore
  return {
    ...raw,
    validatorSets: new Map([...raw.validatorSets].map(([k, s]) => [k, setFromJson(s)])),
    candidateSets: new Map([...raw.candidateSets].map(([k, s]) => [k, setFromJson(s)])),
  }
}

/** The header runs one update applied, in order (RLP, hex): the journal delta of the Parlia store. */
export type ParliaRuns = `0x${string}`[][]

/**
 * A journal delta: JSON `{ runs }`, replayed through `processParliaHeaders` on load (pure, so it rebuilds the same
 * store).
 */
export function encodeParliaRuns(runs: ParliaRuns): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ runs }))
}

/**
 * The store a `finality_states` row stands for: its snapshot with every journal delta after it applied in order
 * (`getFinalityState` has checked that the deltas have no hole). A delta that no longer applies throws: it is
 * never skipped.
 *
 * @example
 * const store = restoreParliaStore(await getFinalityState(db, { chain: 56, client: PARLIA_CLIENT }))
 */
export function restoreParliaStore(row: { data: Uint8Array; journal: readonly Uint8Array[] }): ParliaStore {
  let store = decodeParliaStore(row.data)
  for (const delta of row.journal) {
    // reason: written by encodeParliaRuns into our own table
    const { runs } = JSON.parse(new TextDecoder().decode(delta)) as { runs: ParliaRuns }
    for (const run of runs)
      store = processParliaHeaders(
        store,
        run.map((h) => hexToBytes(h)),
      )
  }
  return store
}
