import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { BaseError, type Chain, type PublicClient, type Transport } from 'viem'
import { broadcast } from './broadcast.js'

/** A client whose eth_sendRawTransaction fails as a node does: viem wraps the node's message in its BaseError. */
const refusing = (message: string) =>
  ({
    sendRawTransaction: async () => {
      throw new BaseError('Transaction creation failed.', { details: message })
    },
  }) as unknown as PublicClient<Transport, Chain> // reason: broadcast uses only sendRawTransaction

describe('broadcast', () => {
  it("classifies a node's refusal by what the caller should do", async () => {
    const cases: [string, string | undefined][] = [
      ['Insufficient funds for gas * price + value', 'SETTLER_FUNDS_LOW'], // anvil
      ['insufficient funds for gas * price + value: balance 0, tx cost 3000000', 'SETTLER_FUNDS_LOW'], // geth
      ["sender doesn't have enough funds to send tx", 'SETTLER_FUNDS_LOW'], // erigon, besu
      ['already known', undefined],
      ['nonce too low', undefined],
      ['connection refused', 'RPC_UNAVAILABLE'],
    ]
    for (const [message, code] of cases) {
      const sent = broadcast(refusing(message), '0x01')
      if (code === undefined) await sent
      else
        await assert.rejects(
          sent,
          (error: unknown) => isRelaymeshError(error, code) && error.action === 'retry',
          message,
        )
    }
  })
})
