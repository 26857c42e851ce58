import bs58 from 'bs58'
import type { RpcContext, RpcMethods } from './rpcContext.js'
import { LocalRpcError } from './LocalRpcError.js'
import { commitmentOf, configAt, integerAt, stringAt, withContext } from './rpcParams.js'
import { svmAddress } from './LocalLedger.js'
import { transactionJson, type TransactionEncoding } from './transactionJson.js'

const U64_MAX = 18446744073709551615n // rentEpoch of rent-exempt accounts, as a node reports it

function accountJson(ctx: RpcContext, address: string, encoding: unknown) {
  const account = ctx.ledger.svm.getAccount(svmAddress(address))
  if (!account.exists) return null
  const data = account.data
  const encoded =
    encoding === 'base58' ? [bs58.encode(data), 'base58'] : [Buffer.from(data).toString('base64'), 'base64']
  return {
    data: encoded,
    executable: account.executable,
    lamports: BigInt(account.lamports),
    owner: String(account.programAddress),
    rentEpoch: U64_MAX,
    space: data.length,
  }
}

function blockJson(ctx: RpcContext, slot: number, config: Record<string, unknown>) {
  const block = ctx.ledger.block(slot)
  if (block === undefined || slot > ctx.ledger.slotAt(commitmentOf(config))) {
    throw new LocalRpcError(-32004, `Block not available for slot ${slot}`)
  }
  // reason: a node validates the enum; unknown values fall to 'full'
  const details = (config.transactionDetails as string | undefined) ?? 'full'
  const encoding = ((config.encoding as string | undefined) ?? 'json') as TransactionEncoding // reason: as above
  const version = config.maxSupportedTransactionVersion as number | undefined // reason: optional number
  const head = {
    blockHeight: block.blockHeight,
    blockTime: block.blockTime,
    blockhash: block.blockhash,
    parentSlot: block.parentSlot,
    previousBlockhash: block.previousBlockhash,
  }
  const rewards = config.rewards === false ? {} : { rewards: [] }
  if (details === 'none') return { ...head, ...rewards }
  if (details === 'signatures') return { ...head, ...rewards, signatures: block.transactions.map((t) => t.signature) }
  return { ...head, ...rewards, transactions: block.transactions.map((t) => transactionJson(t, encoding, version)) }
}

function slotsInRange(
  ctx: RpcContext,
  start: number,
  end: number,
  commitment: ReturnType<typeof commitmentOf>,
): number[] {
  const last = Math.min(end, ctx.ledger.slotAt(commitment))
  const slots: number[] = []
  for (let s = start; s <= last; s++) slots.push(s)
  return slots
}

/** Slots, blocks, accounts and cluster facts. */
export const rpcChainMethods: RpcMethods = {
  getHealth: () => 'ok',
  getVersion: () => ({ 'solana-core': '2.1.0', 'feature-set': 0 }),
  getGenesisHash: (ctx) => ctx.ledger.block(0)!.blockhash, // reason: slot 0 exists from the start
  getIdentity: (ctx) => ({ identity: ctx.identity }),
  getSlot: (ctx, params) => ctx.ledger.slotAt(commitmentOf(configAt(params, 0))),
  // reason: every slot up to the current one has a block
  getBlockHeight: (ctx, params) => ctx.ledger.block(ctx.ledger.slotAt(commitmentOf(configAt(params, 0))))!.blockHeight,
  getTransactionCount: (ctx) => ctx.ledger.transactionCount,
  getFirstAvailableBlock: () => 0,
  getLatestBlockhash: (ctx, params) => {
    const slot = ctx.ledger.slotAt(commitmentOf(configAt(params, 0)))
    const block = ctx.ledger.block(slot)! // reason: as above
    return withContext(slot, {
      blockhash: block.blockhash,
      lastValidBlockHeight: ctx.ledger.lastValidBlockHeight(slot),
    })
  },
  isBlockhashValid: (ctx, params) =>
    withContext(ctx.ledger.slot, ctx.ledger.blockhashSlot(stringAt(params, 0, 'blockhash')) !== undefined),
  getEpochInfo: (ctx, params) => {
    const slot = ctx.ledger.slotAt(commitmentOf(configAt(params, 0)))
    const slotsInEpoch = ctx.ledger.options.slotsPerEpoch
    return {
      absoluteSlot: slot,
      blockHeight: slot,
      epoch: Math.floor(slot / slotsInEpoch),
      slotIndex: slot % slotsInEpoch,
      slotsInEpoch,
      transactionCount: ctx.ledger.transactionCount,
    }
  },
  getEpochSchedule: (ctx) => {
    const slotsPerEpoch = ctx.ledger.options.slotsPerEpoch
    return {
      firstNormalEpoch: 0,
      firstNormalSlot: 0,
      leaderScheduleSlotOffset: slotsPerEpoch,
      slotsPerEpoch,
      warmup: false,
    }
  },
  getMinimumBalanceForRentExemption: (ctx, params) =>
    ctx.ledger.svm.minimumBalanceForRentExemption(BigInt(integerAt(params, 0, 'dataLength'))),
  getBalance: (ctx, params) =>
    withContext(ctx.ledger.slot, BigInt(ctx.ledger.svm.getBalance(svmAddress(stringAt(params, 0, 'address'))) ?? 0n)),
  getAccountInfo: (ctx, params) =>
    withContext(ctx.ledger.slot, accountJson(ctx, stringAt(params, 0, 'address'), configAt(params, 1).encoding)),
  getMultipleAccounts: (ctx, params) => {
    const addresses = params[0]
    if (!Array.isArray(addresses)) throw new LocalRpcError(-32602, 'Invalid params: addresses must be an array')
    return withContext(
      ctx.ledger.slot,
      addresses.map((a) => accountJson(ctx, String(a), configAt(params, 1).encoding)),
    )
  },
  getFeeForMessage: (ctx, params) => {
    const message = Buffer.from(stringAt(params, 0, 'message'), 'base64')
    const signers = (message[0] ?? 0) & 0x80 ? (message[1] ?? 0) : (message[0] ?? 0)
    return withContext(ctx.ledger.slot, 5000 * signers)
  },
  getRecentPrioritizationFees: () => [],
  getBlock: (ctx, params) => blockJson(ctx, integerAt(params, 0, 'slot'), configAt(params, 1)),
  getBlockTime: (ctx, params) => {
    const block = ctx.ledger.block(integerAt(params, 0, 'slot'))
    if (!block) throw new LocalRpcError(-32004, 'Block not available')
    return block.blockTime
  },
  getBlocks: (ctx, params) => {
    const start = integerAt(params, 0, 'startSlot')
    const end = typeof params[1] === 'number' ? params[1] : Number.MAX_SAFE_INTEGER
    return slotsInRange(ctx, start, end, commitmentOf(configAt(params, typeof params[1] === 'number' ? 2 : 1)))
  },
  getBlocksWithLimit: (ctx, params) => {
    const start = integerAt(params, 0, 'startSlot')
    return slotsInRange(ctx, start, start + integerAt(params, 1, 'limit') - 1, commitmentOf(configAt(params, 2)))
  },
}
