import {
  address,
  appendTransactionMessageInstruction,
  createTransactionMessage,
  getTransactionEncoder,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  AccountRole,
  type Blockhash,
} from '@solana/kit'
import { SYSTEM_PROGRAM_ADDRESS } from '../constants.js'
import type { Commitment, TransactionRecord } from './LedgerTypes.js'
import { LocalRpcError } from './LocalRpcError.js'
import type { RpcContext, RpcMethods } from './rpcContext.js'
import { commitmentOf, configAt, integerAt, stringAt, wireBytes, withContext } from './rpcParams.js'
import { transactionJson, type TransactionEncoding } from './transactionJson.js'

function levelOf(ctx: RpcContext, slot: number): Commitment {
  if (slot <= ctx.ledger.slotAt('finalized')) return 'finalized'
  return slot <= ctx.ledger.slotAt('confirmed') ? 'confirmed' : 'processed'
}

function statusJson(ctx: RpcContext, record: TransactionRecord) {
  const level = levelOf(ctx, record.slot)
  return {
    confirmationStatus: level,
    confirmations: level === 'finalized' ? null : ctx.ledger.slot - record.slot,
    err: record.err,
    slot: record.slot,
    status: record.err === null ? { Ok: null } : { Err: record.err },
  }
}

function visible(ctx: RpcContext, signature: string, commitment: Commitment): TransactionRecord | undefined {
  const record = ctx.ledger.bySignature.get(signature)
  return record && record.slot <= ctx.ledger.slotAt(commitment) ? record : undefined
}

/** Newest first, `before` and `until` exclusive, as a node pages them. */
function signaturesForAddress(ctx: RpcContext, params: readonly unknown[]) {
  const config = configAt(params, 1)
  const limit = typeof config.limit === 'number' ? config.limit : 1000
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new LocalRpcError(-32602, 'Invalid params: limit must be 1..=1000')
  const maxSlot = ctx.ledger.slotAt(commitmentOf(config))
  const list = ctx.ledger.byAddress.get(stringAt(params, 0, 'address')) ?? []
  let from = list.length - 1
  if (typeof config.before === 'string') {
    const at = list.findLastIndex((r) => r.signature === config.before)
    if (at < 0) return []
    from = at - 1
  }
  const out = []
  for (let i = from; i >= 0 && out.length < limit; i--) {
    const record = list[i] as TransactionRecord // reason: i is inside the list
    if (record.signature === config.until) break
    if (record.slot > maxSlot) continue
    out.push({
      blockTime: record.blockTime,
      confirmationStatus: levelOf(ctx, record.slot),
      err: record.err,
      memo: record.memo,
      signature: record.signature,
      slot: record.slot,
    })
  }
  return out
}

async function requestAirdrop(ctx: RpcContext, params: readonly unknown[]): Promise<string> {
  const to = stringAt(params, 0, 'address')
  const lamports = BigInt(integerAt(params, 1, 'lamports'))
  const data = new Uint8Array(12)
  new DataView(data.buffer).setUint32(0, 2, true)
  new DataView(data.buffer).setBigUint64(4, lamports, true)
  const block = ctx.ledger.block(ctx.ledger.slot)! // reason: the current slot has a block
  const message = pipe(
    createTransactionMessage({ version: 'legacy' }),
    (m) => setTransactionMessageFeePayerSigner(ctx.faucet, m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        {
          // reason: base58 from LiteSVM
          blockhash: block.blockhash as Blockhash,
          lastValidBlockHeight: BigInt(ctx.ledger.lastValidBlockHeight(block.slot)),
        },
        m,
      ),
    (m) =>
      appendTransactionMessageInstruction(
        {
          programAddress: address(SYSTEM_PROGRAM_ADDRESS),
          accounts: [
            // reason: signer meta is an account meta
            { address: ctx.faucet.address, role: AccountRole.WRITABLE_SIGNER, signer: ctx.faucet } as never,
            { address: address(to), role: AccountRole.WRITABLE },
          ],
          data,
        },
        m,
      ),
  )
  const signed = await signTransactionMessageWithSigners(message)
  return ctx.ledger.send(new Uint8Array(getTransactionEncoder().encode(signed)), { skipPreflight: false })
}

/** Sending, simulating and reading transactions. */
export const rpcTransactionMethods: RpcMethods = {
  sendTransaction: (ctx, params) => {
    const config = configAt(params, 1)
    return ctx.ledger.send(wireBytes(stringAt(params, 0, 'transaction'), config.encoding), {
      skipPreflight: config.skipPreflight === true,
    })
  },
  simulateTransaction: (ctx, params) => {
    const config = configAt(params, 1)
    const replace = config.replaceRecentBlockhash === true
    if (replace && config.sigVerify === true)
      throw new LocalRpcError(-32602, 'Invalid params: sigVerify may not be used with replaceRecentBlockhash')
    const result = ctx.ledger.simulate(wireBytes(stringAt(params, 0, 'transaction'), config.encoding), {
      sigVerify: config.sigVerify === true,
      replaceRecentBlockhash: replace,
    })
    const block = ctx.ledger.block(ctx.ledger.slot)! // reason: the current slot has a block
    const replacement = replace
      ? {
          replacementBlockhash: {
            blockhash: block.blockhash,
            lastValidBlockHeight: ctx.ledger.lastValidBlockHeight(block.slot),
          },
        }
      : {}
    return withContext(ctx.ledger.slot, {
      accounts: null,
      err: result.err,
      innerInstructions: null,
      logs: result.logs,
      returnData: null,
      unitsConsumed: result.unitsConsumed,
      ...replacement,
    })
  },
  getSignatureStatuses: (ctx, params) => {
    const signatures = params[0]
    if (!Array.isArray(signatures) || signatures.length > 256)
      throw new LocalRpcError(-32602, 'Invalid params: up to 256 signatures')
    return withContext(
      ctx.ledger.slot,
      signatures.map((s) => {
        const record = ctx.ledger.bySignature.get(String(s))
        return record ? statusJson(ctx, record) : null
      }),
    )
  },
  getTransaction: (ctx, params) => {
    const config = configAt(params, 1)
    const record = visible(ctx, stringAt(params, 0, 'signature'), commitmentOf(config))
    if (!record) return null
    // reason: a node validates the enum; unknown values fall to json
    const encoding = ((config.encoding as string | undefined) ?? 'json') as TransactionEncoding
    return {
      blockTime: record.blockTime,
      slot: record.slot,
      // reason: optional number
      ...transactionJson(record, encoding, config.maxSupportedTransactionVersion as number | undefined),
    }
  },
  getSignaturesForAddress: signaturesForAddress,
  requestAirdrop,
}
