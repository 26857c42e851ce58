// Type tests of the public API: `tsc --noEmit` checks the assertions (every `@ts-expect-error`
// must meet an error); the runtime part only makes the file a test the runner accepts.
import { test } from 'node:test'
import type * as Store from '@relaymesh/store'
import type { Hex, PublicClient, WalletClient } from 'viem'
import {
  createBridgeClient,
  sendMessage,
  sendToken,
  verifySettlementReceipt,
  waitForMessage,
  type BatchState,
  type BridgeClient,
  type ExecuteMessageErrorType,
  type GetMessageReturnType,
  type SendMessageErrorType,
  type SettlementReceipt,
  type TrustedRelayerSet,
  type WaitableState,
  type WaitForMessageErrorType,
  type MessageState,
  type Verification,
} from './index.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const equal = <A, B>(_proof: Equal<A, B>) => undefined
const assignable = <To>(_value: To) => undefined

declare const publicClient: PublicClient
declare const walletClient: WalletClient
declare const client: BridgeClient
declare const id: Hex
declare const receipt: SettlementReceipt
declare const trusted: TrustedRelayerSet

export function typeAssertions() {
  // The server builds the SDK's own response types; their state unions are exactly the store's.
  equal<MessageState, Store.MessageState>(true)
  equal<Verification, Store.Verification>(true)
  equal<BatchState, Store.BatchState>(true)

  // createBridgeClient: outbox and inbox are required, token optional; api is a URL or an object.
  createBridgeClient({ chains: { 1: { publicClient, outbox: '0x01', inbox: '0x02' } }, api: 'http://x' })
  createBridgeClient({
    chains: { 1: { publicClient, outbox: '0x01', inbox: '0x02', token: '0x03' } },
    api: { baseUrl: 'http://x', fetch },
  })
  // @ts-expect-error inbox missing
  createBridgeClient({ chains: { 1: { publicClient, outbox: '0x01' } }, api: 'http://x' })
  // @ts-expect-error an address is 0x hex
  createBridgeClient({ chains: { 1: { publicClient, outbox: 'abc', inbox: '0x02' } }, api: 'http://x' })

  // Actions take the client first and check their parameters.
  void sendMessage(client, { walletClient, destination: 56, recipient: '0x02', payload: '0x' })
  // @ts-expect-error payload missing
  void sendMessage(client, { walletClient, destination: 56, recipient: '0x02' })
  // @ts-expect-error the payload is hex, not a string
  void sendMessage(client, { walletClient, destination: 56, recipient: '0x02', payload: 'hello' })
  // @ts-expect-error the amount is a bigint
  void sendToken(client, { walletClient, destination: 56, recipient: '0x02', amount: 1 })
  // @ts-expect-error client first
  void sendMessage({ walletClient, destination: 56, recipient: '0x02', payload: '0x' })

  // waitForMessage: `rejected` is thrown, never awaited.
  equal<WaitableState, 'observed' | 'verified' | 'batched' | 'settled' | 'executed' | 'failed'>(true)
  void waitForMessage(client, { id, state: 'settled', timeoutMs: 1, signal: AbortSignal.abort(), pollIntervalMs: 1 })
  // @ts-expect-error not a waitable state
  void waitForMessage(client, { id, state: 'rejected' })

  // getMessage's union narrows on `stored`.
  const _narrow = (status: GetMessageReturnType) => ('stored' in status ? status.reasonCode : status.proof?.leafIndex)
  equal<ReturnType<typeof _narrow>, string | number | undefined>(true)
  // @ts-expect-error a rejected claim has no proof: narrow first
  void ((status: GetMessageReturnType) => status.proof)

  // Error types name their codes.
  equal<
    SendMessageErrorType['code'],
    | 'CHAIN_NOT_CONFIGURED'
    | 'WRONG_CHAIN'
    | 'ACCOUNT_MISSING'
    | 'INVALID_ADDRESS'
    | 'TX_REVERTED'
    | 'DISPATCH_NOT_FOUND'
  >(true)
  // @ts-expect-error sendMessage never waits
  assignable<SendMessageErrorType['code']>('WAIT_TIMEOUT')
  assignable<WaitForMessageErrorType['code']>('WAIT_ABORTED')
  assignable<ExecuteMessageErrorType['code']>('ALREADY_EXECUTED')

  // Receipts are plain JSON; verification is synchronous and returns a literal.
  equal<ReturnType<typeof verifySettlementReceipt>, { valid: true }>(true)
  equal<SettlementReceipt['version'], 2>(true)
  equal<SettlementReceipt['message']['decoded']['nonce'], string>(true)
  // @ts-expect-error the trusted set needs the inbox and chain id its signatures are bound to
  verifySettlementReceipt(receipt, { relayers: trusted.relayers, threshold: 2 })
  // @ts-expect-error no bigints in a receipt
  assignable<SettlementReceipt['settlement']['blockNumber']>(1n)
}

test('public types (checked by tsc)', () => undefined)
