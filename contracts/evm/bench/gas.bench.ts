/**
 * Destination-side gas per message, both settlement paths and both kinds of origin: 3-of-5 quorum,
 * 32-byte payload (random bytes, so calldata is priced as nonzero), no-op recipient, on a fresh anvil.
 * Compare: Hyperlane Mailbox.process with a 3-of-5 message-id multisig ISM costs 96,358 gas per
 * message (BRIEF.md).
 *
 * - one-shot: `submitAndExecute(header, messages, signatures)`, the settler's path (PROTOCOL.md
 *   "One-shot settlement"): one transaction, no ids, no proof.
 * - two-step: `submitBatch(header, ids, signatures)` then `execute(header, messages, indices, multiproof)`
 *   of every message in one transaction: what retries, manual execution and oversized batches use.
 * - origin EVM: Outbox nonces, consecutive. origin Solana: the nonces the relayers assign to Solana
 *   memo messages (`solanaNonce` below), one message per slot, the sparsest traffic (dense all the same:
 *   the committee numbers the epoch's messages, not the slots).
 *
 *   npm run bench:gas                          # the committed bytecode (src/generated)
 *   npm run bench:gas -- --runs 200 --via-ir   # recompile with other optimizer settings first
 *
 * Each (path, origin) pair gets its own inbox; its batches run in a row, so nonces continue
 * (0, 1-10, 11-110, 111-1110). Batch 1000 needs ~7M gas; the block gas limit is raised to 100M so
 * a slower variant never needs chunking.
 */
import { parseArgs } from 'node:util'
import { getContract, keccak256, toHex, type Abi, type Hex } from 'viem'
import { startAnvil, type AnvilInstance } from '@relaymesh/localchain'
import { noopRecipientAbi, noopRecipientBytecode, settlementInboxAbi, settlementInboxBytecode } from '../src/index.js'
import { compileContracts } from '../scripts/compile.js'
import {
  makeMessages,
  merkleRoot,
  multiproof,
  packMessages,
  signBatch,
  type BatchHeader,
} from '../test/support/batch.js'

const sizes = [1, 10, 100, 1000]
const { values } = parseArgs({ options: { runs: { type: 'string' }, 'via-ir': { type: 'boolean' } } })

type Path = 'one-shot' | 'two-step'
type Origin = { name: 'EVM' | 'Solana'; domain: number; nonce: (k: bigint) => bigint }

/**
 * PROTOCOL.md "Solana source (attested)": `epoch << 40 | (messagesBefore + position)` (`solanaMessageNonce` in
 * @relaymesh/solana), dense within an epoch whatever the slots. Here message k sits alone in slot
 * 250,000,000 + k, all in mainnet epoch 578 (432,000 slots per epoch): index k of the epoch. Under the former
 * `slot << 16 | position` rule the same traffic opened a bitmap word per message (26,846 gas/message one-shot
 * at batch 100).
 */
const SOLANA_EPOCH = 250_000_000n / 432_000n
const solanaNonce = (k: bigint) => (SOLANA_EPOCH << 40n) | k
const origins: Origin[] = [
  { name: 'EVM', domain: 31337, nonce: (k) => k },
  { name: 'Solana', domain: 1399811150, nonce: solanaNonce },
]

function bytecodes(): { inbox: Hex; noop: Hex; label: string } {
  if (values.runs === undefined && !values['via-ir'])
    return { inbox: settlementInboxBytecode, noop: noopRecipientBytecode, label: 'committed bytecode' }
  const options = { runs: Number(values.runs ?? 200), viaIR: values['via-ir'] ?? false }
  const output = compileContracts(options)
  const find = (name: string) =>
    `0x${Object.values(output.contracts).find((file) => file[name])![name]!.evm.bytecode.object}` as Hex // reason: template of hex digits
  return {
    inbox: find('SettlementInbox'),
    noop: find('NoopRecipient'),
    label: `runs=${options.runs} viaIR=${options.viaIR}`,
  }
}

async function deploy(chain: AnvilInstance, abi: Abi, bytecode: Hex, args: readonly unknown[]) {
  const hash = await chain.walletClient.deployContract({ abi, bytecode, args })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  return receipt.contractAddress!
}

async function measure(chain: AnvilInstance, code: { inbox: Hex; noop: Hex }, path: Path, origin: Origin) {
  const relayers = chain.accounts.slice(1, 6)
  const address = await deploy(chain, settlementInboxAbi, code.inbox, [
    chain.chainId,
    chain.accounts[0]!.address,
    relayers.map((r) => r.address),
    3,
    3600n,
  ]) // pauser, 3-of-5, rotation delay 1 h
  const noop = await deploy(chain, noopRecipientAbi, code.noop, [])
  const inbox = getContract({
    address,
    abi: settlementInboxAbi,
    client: { public: chain.publicClient, wallet: chain.walletClient },
  })
  const receiptOf = async (hash: Hex) => {
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${path} ${origin.name}: ${hash} reverted`)
    return receipt.gasUsed
  }
  const rows = []
  let k = 0n
  for (const n of sizes) {
    const first = k
    const messages = makeMessages(n, {
      destination: chain.chainId,
      recipient: noop,
      origin: origin.domain,
      nonceOf: (i) => origin.nonce(first + BigInt(i)),
      payloadOf: (i) => keccak256(toHex(first + BigInt(i))),
    })
    k += BigInt(n)
    const ids = messages.map((m) => keccak256(m))
    const header: BatchHeader = {
      destination: chain.chainId,
      batchIndex: await inbox.read.nextBatchIndex(),
      root: merkleRoot(ids),
      messageCount: n,
      previousBatchHash: await inbox.read.lastBatchHash(),
    }
    const signatures = await signBatch(header, relayers.slice(0, 3), {
      chainId: chain.chainId,
      verifyingContract: address,
    })
    const gas = { gas: 90_000_000n }
    let txs: bigint[]
    if (path === 'one-shot') {
      txs = [await receiptOf(await inbox.write.submitAndExecute([header, packMessages(messages), signatures], gas))]
    } else {
      const indices = ids.map((_, i) => i)
      txs = [
        await receiptOf(await inbox.write.submitBatch([header, ids, signatures], gas)),
        await receiptOf(await inbox.write.execute([header, messages, indices, multiproof(ids, indices)], gas)),
      ]
    }
    const total = txs.reduce((a, b) => a + b, 0n)
    rows.push({
      batch: n,
      transactions: txs.map(String).join(' + '),
      total: Number(total),
      perMessage: Math.round(Number(total) / n),
    })
  }
  return rows
}

const code = bytecodes()
const chain = await startAnvil({ chainId: 31356, gasLimit: 100_000_000n })
try {
  const summary: string[] = []
  for (const path of ['one-shot', 'two-step'] as const) {
    for (const origin of origins) {
      const rows = await measure(chain, code, path, origin)
      console.log(
        `\n${path} (${path === 'one-shot' ? 'submitAndExecute' : 'submitBatch + execute'}), origin ${origin.name}: SettlementInbox gas (${code.label}; 3-of-5, 32-byte payload, no-op recipient)`,
      )
      console.table(rows)
      summary.push(
        `batch 100, ${path}, origin ${origin.name}: ${rows.find((r) => r.batch === 100)!.perMessage} gas/message`,
      )
    }
  }
  console.log(
    `\n${summary.join('\n')}\n(target for the settler's path, one-shot: <= 5,000, Solana within 10% of EVM; Hyperlane 3-of-5: 96,358)`,
  )
} finally {
  await chain.stop()
}
