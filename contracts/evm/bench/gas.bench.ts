/**
 * Destination-side gas per message: submitBatch + execute of every message, 3-of-5 quorum,
 * 32-byte payload (random bytes, so calldata is priced as nonzero), no-op recipient, on a fresh anvil. Compare: Hyperlane Mailbox.process with a
 * 3-of-5 message-id multisig ISM costs 96,358 gas per message (BRIEF.md).
 *
 *   npm run bench:gas                          # the committed bytecode (src/generated)
 *   npm run bench:gas -- --runs 200 --via-ir   # recompile with other optimizer settings first
 *
 * Batch 1000 executes in one transaction: it needs ~6.9M gas, below anvil's default 30M block
 * gas limit; the limit is still raised to 100M so a slower variant never needs chunking.
 */
import { parseArgs } from 'node:util'
import { getContract, keccak256, toHex, type Abi, type Hex } from 'viem'
import { startAnvil, type AnvilInstance } from '@relaymesh/localchain'
import { noopRecipientAbi, noopRecipientBytecode, settlementInboxAbi, settlementInboxBytecode } from '../src/index.js'
import { compileContracts } from '../scripts/compile.js'
import { makeMessages, merkleRoot, multiproof, signBatch, type BatchHeader } from '../test/support/batch.js'

const sizes = [1, 10, 100, 1000]
const { values } = parseArgs({ options: { runs: { type: 'string' }, 'via-ir': { type: 'boolean' } } })

function bytecodes(): { inbox: Hex; noop: Hex; label: string } {
  if (values.runs === undefined && !values['via-ir']) return { inbox: settlementInboxBytecode, noop: noopRecipientBytecode, label: 'committed bytecode' }
  const options = { runs: Number(values.runs ?? 200), viaIR: values['via-ir'] ?? false }
  const output = compileContracts(options)
  const find = (name: string) => `0x${Object.values(output.contracts).find((file) => file[name])![name]!.evm.bytecode.object}` as Hex // reason: template of hex digits
  return { inbox: find('SettlementInbox'), noop: find('NoopRecipient'), label: `runs=${options.runs} viaIR=${options.viaIR}` }
}

async function deploy(chain: AnvilInstance, abi: Abi, bytecode: Hex, args: readonly unknown[]) {
  const hash = await chain.walletClient.deployContract({ abi, bytecode, args })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  return receipt.contractAddress!
}

async function measure(chain: AnvilInstance, sizesToRun: number[], code: { inbox: Hex; noop: Hex }) {
  const relayers = chain.accounts.slice(1, 6)
  const address = await deploy(chain, settlementInboxAbi, code.inbox, [chain.chainId, chain.accounts[0]!.address, relayers.map((r) => r.address), 3, 3600n]) // pauser, 3-of-5, rotation delay 1 h
  const noop = await deploy(chain, noopRecipientAbi, code.noop, [])
  const inbox = getContract({ address, abi: settlementInboxAbi, client: { public: chain.publicClient, wallet: chain.walletClient } })
  const rows = []
  let nonce = 0n
  for (const n of sizes.filter((s) => sizesToRun.includes(s))) {
    const messages = makeMessages(n, { destination: chain.chainId, recipient: noop, firstNonce: nonce, payloadOf: (i) => keccak256(toHex(nonce + BigInt(i))) })
    nonce += BigInt(n)
    const ids = messages.map((m) => keccak256(m))
    const header: BatchHeader = { destination: chain.chainId, batchIndex: await inbox.read.nextBatchIndex(), root: merkleRoot(ids), messageCount: n, previousBatchHash: await inbox.read.lastBatchHash() }
    const signatures = await signBatch(header, relayers.slice(0, 3), { chainId: chain.chainId, verifyingContract: address })
    const submit = await chain.publicClient.waitForTransactionReceipt({ hash: await inbox.write.submitBatch([header, ids, signatures], { gas: 90_000_000n }) })
    const indices = ids.map((_, i) => i)
    const execute = await chain.publicClient.waitForTransactionReceipt({
      hash: await inbox.write.execute([header, messages, indices, multiproof(ids, indices)], { gas: 90_000_000n }),
    })
    if (submit.status !== 'success' || execute.status !== 'success') throw new Error(`batch of ${n} reverted`)
    const total = submit.gasUsed + execute.gasUsed
    rows.push({ batch: n, submitBatch: Number(submit.gasUsed), execute: Number(execute.gasUsed), total: Number(total), perMessage: Math.round(Number(total) / n) })
  }
  return rows
}

const code = bytecodes()
const chain = await startAnvil({ chainId: 31356, gasLimit: 100_000_000n })
try {
  const rows = await measure(chain, sizes, code)
  console.log(`relaymesh SettlementInbox gas (${code.label}; 3-of-5, 32-byte payload, no-op recipient, one execute tx per batch)`)
  console.table(rows)
  const at100 = rows.find((r) => r.batch === 100)!.perMessage
  console.log(`batch 100: ${at100} gas/message (target <= 15,000; Hyperlane 3-of-5: 96,358)`)
} finally {
  await chain.stop()
}
