/**
 * Parlia light-client throughput on one thread: `npm run bench:verify:bsc`.
 * Real mainnet headers (shared/vectors/bsc): seal recovery (decode, seal hash
 * with chain id, secp256k1 recovery) per header, BEP-126 attestation checks
 * (bitmap, 20-of-21 fast-aggregate BLS verify with cached keys) per header,
 * and the whole processParliaHeaders path on a five-header run.
 */
import { encodeBlockHeader } from '@relaymesh/receipt-proof'
import { createParliaStore } from '../src/bsc/createParliaStore.js'
import { decodeParliaHeader } from '../src/bsc/decodeParliaHeader.js'
import { parseParliaExtraData } from '../src/bsc/parseParliaExtraData.js'
import { processParliaHeaders } from '../src/bsc/processParliaHeaders.js'
import { recoverParliaSigner } from '../src/bsc/recoverParliaSigner.js'
import { verifyParliaVoteAttestation } from '../src/bsc/verifyParliaVoteAttestation.js'
import { bscEpochExtraData, bscHeader } from '../src/bsc/testing/bscVectors.js'

const SECONDS = Number(process.argv[2] ?? 2)
const RUN = [55891041, 55891042, 55891043, 55891044, 55891045]

function rate(label: string, unitsPerCall: number, call: () => void): void {
  for (let i = 0; i < 20; i++) call() // warm-up
  let calls = 0
  const start = performance.now()
  while (performance.now() - start < SECONDS * 1000) {
    call()
    calls++
  }
  const ms = performance.now() - start
  const perSecond = Math.round(((calls * unitsPerCall) / ms) * 1000).toLocaleString('en-US')
  console.log(
    `  ${label.padEnd(52)} ${perSecond.padStart(8)} /s  (${((ms / (calls * unitsPerCall)) * 1000).toFixed(0)} us each)`,
  )
}

const rlps = RUN.map((n) => encodeBlockHeader(bscHeader(n)))
const decoded = rlps.map(decodeParliaHeader)
const store = createParliaStore({
  chainId: 56n,
  epochLength: 1000n,
  trustedEpochs: [{ number: 55890000n, extraData: bscEpochExtraData(55890000) }],
})
const set = store.validatorSets.get(55890000n)
if (set === undefined) throw new Error('no set')
const attested = decoded.map((header) => ({
  header,
  attestation: parseParliaExtraData(header.extraData, { epochBlock: false }).attestation,
}))

console.log(
  `bsc light-client bench: mainnet 55891041..45, 21 validators, ${SECONDS} s per line, one thread (node ` +
    `${process.version})`,
)
let i = 0
rate('headers: seal recovery (decode + seal hash + ecrecover)', 1, () => {
  const header = decodeParliaHeader(rlps[i++ % rlps.length] as Uint8Array)
  recoverParliaSigner(header, 56n)
})
rate('attestations: bitmap + quorum + BLS fast-aggregate', 1, () => {
  const { header, attestation } = attested[i++ % attested.length] as (typeof attested)[number]
  if (attestation) verifyParliaVoteAttestation({ header, attestation, set, parentJustified: undefined })
})
rate('headers: processParliaHeaders (5-header runs, all checks)', RUN.length, () => {
  processParliaHeaders(store, rlps)
})
