// Real transactions written by others (shared/vectors/solana, README "solana/"):
// ordinary memos ("transfer", "ping") must be read without crashing and
// rejected as MEMO_NOT_PROTOCOL, in every encoding the RPC returns.
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { domains } from '@relaymesh/protocol'
import { extractOutboxMessages } from './extractOutboxMessages.js'
import type { SolanaTransactionResponse } from './SolanaTransactionResponse.js'

const vectors = fileURLToPath(new URL('../../../../../shared/vectors/solana/', import.meta.url))
const options = {
  origin: domains.solana,
  feeAccount: 'Fee1111111111111111111111111111111111111111',
  minFeeLamports: 5000n,
}
const load = (path: string) => (JSON.parse(readFileSync(join(vectors, path), 'utf8')) as { result: unknown }).result

describe('shared/vectors/solana', () => {
  it('mainnet getTransaction (jsonParsed): memo "transfer" is MEMO_NOT_PROTOCOL', () => {
    const files = readdirSync(join(vectors, 'mainnet')).filter((f) => f.startsWith('getTransaction_jsonParsed_'))
    assert.equal(files.length, 2)
    for (const file of files) {
      const tx = load(join('mainnet', file)) as SolanaTransactionResponse // reason: RPC result shape
      const { signature, messages, rejections } = extractOutboxMessages(tx, options)
      assert.ok(file.includes(signature.slice(0, 12)), file)
      assert.equal(messages.length, 0)
      assert.deepEqual(
        rejections.map((r) => r.code),
        ['MEMO_NOT_PROTOCOL'],
      )
    }
  })
  for (const encoding of ['json', 'json_parsed', 'base64']) {
    it(`getBlock (${encoding}): 25 transactions, the "ping" memo is MEMO_NOT_PROTOCOL`, () => {
      // reason: RPC result shape
      const block = load(`getBlock-solders-cluster-unconfirmed/get_block_${encoding}_encoding.json`) as {
        transactions: SolanaTransactionResponse[]
      }
      assert.equal(block.transactions.length, 25)
      const results = block.transactions.map((tx) => extractOutboxMessages(tx, options))
      assert.equal(results.flatMap((r) => r.messages).length, 0)
      const rejected = results.filter((r) => r.rejections.length > 0)
      assert.deepEqual(
        rejected.map((r) => [r.signature, r.rejections.map((x) => x.code)]),
        [
          [
            '31gux9jsi81cvZzuD8vRnruAuBTaDxojBSG4s7Ek1Uomf5bEE99t9Un9vd3iPXfksaJ4Jmc9dbbPi7aDiR4kudyX',
            ['MEMO_NOT_PROTOCOL'],
          ],
        ],
      )
    })
  }
})
