import { getTransactionDecoder } from '@solana/kit'
import { LiteSVM } from 'litesvm'
import { TransactionMetadata } from 'litesvm/dist/internal.js'
import { decodeWireTransaction, type WireTransaction } from '../wire/decodeWireTransaction.js'
import type { BlockRecord, Commitment, LedgerListener, LedgerOptions, TransactionRecord } from './LedgerTypes.js'
import { LocalRpcError } from './LocalRpcError.js'
import { landsOnChain, transactionErrorJson } from './transactionErrorJson.js'
import { memoField } from './transactionJson.js'

/** A LiteSVM address (its `@solana/kit` brand); the string is base58 either way. */
export type SvmAddress = Parameters<LiteSVM['getBalance']>[0]
type SvmTransaction = Parameters<LiteSVM['sendTransaction']>[0]
export const svmAddress = (s: string): SvmAddress => s as SvmAddress // reason: kit brands base58 strings

const LAMPORTS_PER_SIGNATURE = 5000n

/**
 * LiteSVM plus what a cluster adds around it: slots and blocks, a window of
 * valid blockhashes, commitment levels that lag, and indexes by signature and
 * address. LiteSVM itself keeps only the latest blockhash valid, so its own
 * check is off and this ledger checks the window.
 */
export class LocalLedger {
  readonly svm: LiteSVM
  readonly options: LedgerOptions
  readonly blocks: BlockRecord[] = []
  readonly bySignature = new Map<string, TransactionRecord>()
  /** address -> its transactions, oldest first. */
  readonly byAddress = new Map<string, TransactionRecord[]>()
  readonly listeners = new Set<LedgerListener>()
  private readonly blockhashSlots = new Map<string, number>()
  transactionCount = 0

  constructor(options: LedgerOptions) {
    this.options = options
    this.svm = new LiteSVM().withBlockhashCheck(false).withTransactionHistory(0n)
    this.openSlot(0)
  }

  get slot(): number {
    return this.blocks.length - 1
  }

  slotAt(commitment: Commitment = 'finalized'): number {
    const lag =
      commitment === 'processed'
        ? 0
        : commitment === 'confirmed'
          ? this.options.confirmedLag
          : this.options.finalizedLag
    return Math.max(0, this.slot - lag)
  }

  block(slot: number): BlockRecord | undefined {
    return this.blocks[slot]
  }

  /** Slot of a blockhash still inside the validity window, else `undefined`. */
  blockhashSlot(blockhash: string): number | undefined {
    const slot = this.blockhashSlots.get(blockhash)
    return slot !== undefined && this.slot - slot <= this.options.blockhashValidSlots ? slot : undefined
  }

  lastValidBlockHeight(slot: number): number {
    return slot + this.options.blockhashValidSlots
  }

  private openSlot(slot: number): void {
    const { svm } = this
    const previous = this.blocks[slot - 1]
    if (previous) {
      svm.expireBlockhash()
      svm.warpToSlot(BigInt(slot))
    }
    const time = Math.floor(this.options.now() / 1000)
    const clock = svm.getClock()
    clock.slot = BigInt(slot)
    clock.epoch = BigInt(Math.floor(slot / this.options.slotsPerEpoch))
    clock.unixTimestamp = BigInt(time)
    svm.setClock(clock)
    const blockhash = String(svm.latestBlockhash())
    this.blocks.push({
      slot,
      parentSlot: Math.max(0, slot - 1),
      blockHeight: slot,
      blockhash,
      previousBlockhash: previous?.blockhash ?? blockhash,
      blockTime: time,
      transactions: [],
    })
    this.blockhashSlots.set(blockhash, slot)
    const stale = this.blocks[slot - 2 * this.options.blockhashValidSlots]
    if (stale) this.blockhashSlots.delete(stale.blockhash)
  }

  /** Opens the next slot, then tells subscribers which transactions reached which level. */
  advanceSlot(): void {
    const confirmed = this.slotAt('confirmed')
    const finalized = this.slotAt('finalized')
    this.openSlot(this.slot + 1)
    for (const listener of this.listeners) listener.slot?.(this.slot, this.slot - 1, this.slotAt('finalized'))
    this.announce(confirmed, this.slotAt('confirmed'), 'confirmed')
    this.announce(finalized, this.slotAt('finalized'), 'finalized')
  }

  private announce(from: number, to: number, commitment: Commitment): void {
    for (let slot = from + 1; slot <= to; slot++) {
      for (const record of this.blocks[slot]?.transactions ?? []) {
        for (const listener of this.listeners) listener.transaction?.(record, commitment)
      }
    }
  }

  /** Decodes and checks the recent blockhash; the LiteSVM transaction to run. */
  private admit(wire: Uint8Array, checkBlockhash: boolean): { decoded: WireTransaction; tx: SvmTransaction } {
    let decoded: WireTransaction
    try {
      decoded = decodeWireTransaction(wire)
    } catch (error) {
      // reason: decodeWireTransaction throws Errors
      throw new LocalRpcError(-32602, `invalid transaction: ${(error as Error).message.split('\n')[0]}`)
    }
    if (decoded.addressTableLookups.length > 0)
      throw new LocalRpcError(-32602, 'address lookup tables are not supported by the local chain')
    if (checkBlockhash && this.blockhashSlot(decoded.recentBlockhash) === undefined) {
      throw LocalRpcError.simulationFailed('BlockhashNotFound', [])
    }
    // reason: same wire shape, other @solana/kit major
    return { decoded, tx: getTransactionDecoder().decode(wire) as unknown as SvmTransaction }
  }

  /** Runs a transaction without committing it (`simulateTransaction`). */
  simulate(wire: Uint8Array, options: { sigVerify: boolean; replaceRecentBlockhash: boolean }) {
    const { decoded, tx } = this.admit(wire, !options.replaceRecentBlockhash)
    this.svm.withSigverify(options.sigVerify)
    try {
      const result = this.svm.simulateTransaction(tx)
      const meta = 'err' in result ? result.meta() : result.meta()
      return {
        decoded,
        err: 'err' in result ? transactionErrorJson(result.err()) : null,
        logs: meta.logs(),
        unitsConsumed: meta.computeUnitsConsumed(),
      }
    } finally {
      this.svm.withSigverify(true)
    }
  }

  /** Executes and records a transaction in the current slot; returns its signature. */
  send(wire: Uint8Array, options: { skipPreflight: boolean }): string {
    const { decoded, tx } = this.admit(wire, true)
    const signature = decoded.signatures[0] as string // reason: the decoder requires at least one signature
    if (this.bySignature.has(signature)) {
      if (options.skipPreflight) return signature
      throw LocalRpcError.simulationFailed('AlreadyProcessed', [])
    }
    if (!options.skipPreflight) {
      const simulated = this.simulate(wire, { sigVerify: true, replaceRecentBlockhash: false })
      if (simulated.err !== null)
        throw LocalRpcError.simulationFailed(simulated.err, simulated.logs, simulated.unitsConsumed)
    }
    const keys = decoded.accountKeys.map(svmAddress)
    const preBalances = keys.map((k) => BigInt(this.svm.getBalance(k) ?? 0n))
    const result = this.svm.sendTransaction(tx)
    if (!(result instanceof TransactionMetadata) && !landsOnChain(result.err())) {
      throw LocalRpcError.simulationFailed(transactionErrorJson(result.err()), result.meta().logs())
    }
    const meta = result instanceof TransactionMetadata ? result : result.meta()
    this.record({
      signature,
      wire,
      decoded,
      preBalances,
      err: result instanceof TransactionMetadata ? null : transactionErrorJson(result.err()),
      logs: meta.logs(),
      fee: LAMPORTS_PER_SIGNATURE * BigInt(decoded.header.numRequiredSignatures),
      postBalances: keys.map((k) => BigInt(this.svm.getBalance(k) ?? 0n)),
      computeUnitsConsumed: meta.computeUnitsConsumed(),
      innerInstructions: meta
        .innerInstructions()
        .map((list, index) => ({
          index,
          instructions: list.map((inner) => {
            const ix = inner.instruction()
            return {
              programIdIndex: ix.programIdIndex(),
              accounts: [...ix.accounts()],
              data: ix.data(),
              stackHeight: inner.stackHeight(),
            }
          }),
        }))
        .filter((entry) => entry.instructions.length > 0),
    })
    return signature
  }

  private record(fields: Omit<TransactionRecord, 'slot' | 'index' | 'blockTime' | 'memo'>): void {
    const block = this.blocks[this.slot] as BlockRecord // reason: the current slot always has a block
    const record: TransactionRecord = {
      ...fields,
      slot: block.slot,
      index: block.transactions.length,
      blockTime: block.blockTime,
      memo: memoField(fields),
    }
    block.transactions.push(record)
    this.bySignature.set(record.signature, record)
    this.transactionCount++
    for (const key of new Set(record.decoded.accountKeys)) {
      const list = this.byAddress.get(key)
      if (list) list.push(record)
      else this.byAddress.set(key, [record])
    }
    for (const listener of this.listeners) listener.transaction?.(record, 'processed')
  }
}
