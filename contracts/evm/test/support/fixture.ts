/** One anvil + one deployed bridge per test file; each test runs between evm_snapshot and evm_revert. */
import {
  ContractFunctionRevertedError,
  BaseError as ViemError,
  getContract,
  keccak256,
  parseEventLogs,
  type Hex,
  type LocalAccount,
} from 'viem'
import assert from 'node:assert/strict'
import { deployBridge, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { revertingRecipientAbi, revertingRecipientBytecode, settlementInboxAbi } from '../../src/index.js'
import { makeMessages, merkleRoot, signBatch, type BatchHeader } from './batch.js'

export const destinationDomain = 31356

export type InboxFixture = Awaited<ReturnType<typeof createInboxFixture>>

export async function createInboxFixture(chainId = destinationDomain) {
  const chain = await startAnvil({ chainId, name: 'BSC (local)' })
  const [pauser, ...others] = chain.accounts
  const relayers = others.slice(0, 5) // 3-of-5 quorum
  const outsiders = others.slice(5)
  const bridge = await deployBridge(chain, {
    relayers: relayers.map((r) => r.address),
    threshold: 3,
    pauser: pauser!.address,
  })
  const hash = await chain.walletClient.deployContract({
    abi: revertingRecipientAbi,
    bytecode: revertingRecipientBytecode,
  })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  const reverting = getContract({
    address: receipt.contractAddress!,
    abi: revertingRecipientAbi,
    client: { public: chain.publicClient, wallet: chain.walletClient },
  })
  return { chain, bridge, pauser: pauser!, relayers, outsiders, reverting }
}

/** Wraps each test in a snapshot so tests stay independent on one chain. */
export function snapshots(chain: () => AnvilInstance) {
  let id: Hex | undefined
  return {
    take: async () => {
      id = await chain().testClient.snapshot()
    },
    restore: async () => {
      if (id) await chain().testClient.revert({ id })
    },
  }
}

export async function waitOk(chain: AnvilInstance, hash: Hex) {
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  assert.equal(receipt.status, 'success')
  return receipt
}

/** A header for `ids` as the next batch of `bridge`'s inbox, with optional overrides. */
export async function nextHeader(
  bridge: Bridge,
  ids: readonly Hex[],
  overrides: Partial<BatchHeader> = {},
): Promise<BatchHeader> {
  const batchIndex = await bridge.inbox.read.nextBatchIndex()
  const previousBatchHash = await bridge.inbox.read.lastBatchHash()
  return {
    destination: bridge.domain,
    batchIndex,
    root: merkleRoot(ids),
    messageCount: ids.length,
    previousBatchHash,
    ...overrides,
  }
}

export function sign(
  bridge: Bridge,
  header: BatchHeader,
  signers: readonly LocalAccount[],
  options?: { sort?: boolean },
) {
  return signBatch(
    header,
    signers,
    { chainId: bridge.chain.chainId, verifyingContract: bridge.addresses.inbox },
    options,
  )
}

/** Submits `messages` as the next batch signed by the first three relayers; returns header and ids. */
export async function submitMessages(f: InboxFixture, messages: readonly Hex[]) {
  const ids = messages.map((m) => keccak256(m))
  const header = await nextHeader(f.bridge, ids)
  const signatures = await sign(f.bridge, header, f.relayers.slice(0, 3))
  await waitOk(f.chain, await f.bridge.inbox.write.submitBatch([header, ids, signatures]))
  return { header, ids }
}

export function noopMessages(f: InboxFixture, count: number, firstNonce = 0n) {
  return makeMessages(count, { destination: f.bridge.domain, recipient: f.bridge.addresses.noopRecipient, firstNonce })
}

/** Asserts that `promise` reverted with the custom error `errorName` (decoded by viem from the ABI). */
export async function assertRevert(promise: Promise<unknown>, errorName: string, args?: readonly unknown[]) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ViemError, `not a viem error: ${String(error)}`)
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    assert.ok(reverted instanceof ContractFunctionRevertedError, `no decoded revert in: ${error.shortMessage}`)
    assert.equal(reverted.data?.errorName, errorName)
    if (args) assert.deepEqual(reverted.data?.args, args)
    return true
  })
}

/** The MessageExecuted, MessageFailed and MessageSkipped logs of an execute receipt, decoded. */
export function inboxLogs(receipt: { logs: Parameters<typeof parseEventLogs>[0]['logs'] }) {
  return {
    executed: parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'MessageExecuted' }),
    failed: parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'MessageFailed' }),
    skipped: parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'MessageSkipped' }),
  }
}
