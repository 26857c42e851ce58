import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createPublicClient, createTestClient, createWalletClient, defineChain, http } from 'viem'
import type { Account, Chain, HttpTransport, PublicClient, TestClient, WalletClient } from 'viem'
import { LocalchainError } from './LocalchainError.js'
import { trackChild } from './childProcesses.js'
import { devAccounts, type DevAccount } from './devAccounts.js'
import { dieWithParent } from './dieWithParent.js'
import { padGasEstimates } from './padGasEstimates.js'
import { waitForMinedReceipt } from './waitForMinedReceipt.js'

export type StartAnvilParameters = {
  /** EVM chain id (also the relaymesh domain, PROTOCOL.md "Chain identifiers"). */
  chainId: number
  /** Seconds between blocks; omitted = automine (a block per transaction). */
  blockTime?: number | undefined
  /** Block gas limit (anvil's default is 30M). */
  gasLimit?: bigint | undefined
  /** Human-readable chain name for the viem `Chain`. */
  name?: string | undefined
  /** Extra anvil flags, appended as given. */
  args?: readonly string[] | undefined
  /**
   * Milliseconds to wait for "Listening on"; default 60 s (it bounds a hang: anvil listens in well under a second, but
   * cores busy with a test suite can stall it).
   */
  timeoutMs?: number | undefined
}

export type AnvilInstance = {
  chainId: number
  rpcUrl: string
  wsUrl: string
  chain: Chain
  /** Funded dev accounts of the standard mnemonic; `accounts[0]` signs for `walletClient`. */
  accounts: readonly DevAccount[]
  publicClient: PublicClient<HttpTransport, Chain>
  testClient: TestClient<'anvil', HttpTransport, Chain>
  walletClient: WalletClient<HttpTransport, Chain, Account>
  /** A wallet client signing as `account` (one of `accounts`, or any local account). */
  walletClientFor(account: Account): WalletClient<HttpTransport, Chain, Account>
  pid: number
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

export type StartAnvilReturnType = AnvilInstance

/** Path of the anvil binary shipped by `@foundry-rs/anvil` (spawned directly: `npx` adds processes). */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json')), 'bin', 'anvil')
}

/**
 * Starts an anvil on a free port (`--port 0`, port read from its "Listening on" line) and returns
 * typed viem clients. The child is killed on `stop()`, on dispose, and when this process exits.
 *
 * @example
 * await using chain = await startAnvil({ chainId: 31337 })
 * const block = await chain.publicClient.getBlockNumber()
 */
export async function startAnvil(parameters: StartAnvilParameters): Promise<StartAnvilReturnType> {
  const { chainId, blockTime, gasLimit, args = [], timeoutMs = 60_000 } = parameters
  const flags = ['--port', '0', '--host', '127.0.0.1', '--chain-id', String(chainId)]
  if (blockTime !== undefined) flags.push('--block-time', String(blockTime))
  if (gasLimit !== undefined) flags.push('--gas-limit', gasLimit.toString())
  // Killed by the kernel if this process dies without running its exit hooks (a SIGKILLed test runner).
  const child = spawn(...dieWithParent(anvilBinary(), [...flags, ...args]), { stdio: ['ignore', 'pipe', 'pipe'] })
  trackChild(child)
  // A forgotten instance must not keep the process (or a test file) alive; the exit hook kills it.
  child.unref()
  const port = await waitForPort(child, timeoutMs)
  return createInstance(child, chainId, port, parameters.name ?? `anvil ${chainId}`)
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = ''
    const fail = (error: LocalchainError) => {
      cleanup()
      child.kill('SIGKILL')
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Listening on [\d.]+:(\d+)/.exec(output)
      if (!match?.[1]) return
      cleanup()
      resolve(Number(match[1]))
    }
    const onExit = (code: number | null) =>
      fail(
        new LocalchainError('anvil exited before listening', {
          code: 'ANVIL_START_FAILED',
          action: 'fatal',
          details: output,
          meta: { exitCode: code },
        }),
      )
    const timer = setTimeout(
      () =>
        fail(
          new LocalchainError('anvil did not start in time', {
            code: 'ANVIL_START_TIMEOUT',
            action: 'fatal',
            details: output,
            meta: { timeoutMs },
          }),
        ),
      timeoutMs,
    )
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      // Drain and detach the pipes so they neither fill up nor hold the event loop.
      child.stdout?.resume()
      child.stderr?.resume()
      unrefStream(child.stdout)
      unrefStream(child.stderr)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
    child.once('error', (error) =>
      fail(
        new LocalchainError('anvil could not be spawned', {
          code: 'ANVIL_START_FAILED',
          action: 'fatal',
          cause: error,
        }),
      ),
    )
  })
}

function unrefStream(stream: unknown): void {
  // reason: child pipes are net.Sockets at runtime, typed as plain Readable streams
  ;(stream as { unref?: () => void } | null)?.unref?.()
}

function createInstance(child: ChildProcess, chainId: number, port: number, name: string): AnvilInstance {
  const rpcUrl = `http://127.0.0.1:${port}`
  const wsUrl = `ws://127.0.0.1:${port}`
  const chain = defineChain({
    id: chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl], webSocket: [wsUrl] } },
  })
  // Automine answers at once: poll fast and never serve a cached block number. Estimates get headroom
  // (padGasEstimates).
  const common = {
    chain,
    transport: http(rpcUrl, { retryCount: 0, fetchFn: padGasEstimates() }),
    pollingInterval: 20,
    cacheTime: 0,
  }
  const accounts = devAccounts()
  const walletClientFor = (account: Account) => createWalletClient({ ...common, account })
  const stop = () => stopChild(child)
  return {
    chainId,
    rpcUrl,
    wsUrl,
    chain,
    accounts,
    // Receipts are waited for by asking for them, not per new block (waitForMinedReceipt).
    publicClient: createPublicClient(common).extend((client) => ({
      // reason: the same result for every argument viem's wait takes (confirmations are 1 on an automining local chain)
      waitForTransactionReceipt: ((args) => waitForMinedReceipt(client, args)) as PublicClient<
        HttpTransport,
        Chain
      >['waitForTransactionReceipt'],
    })),
    testClient: createTestClient({ ...common, mode: 'anvil' }),
    walletClient: walletClientFor(accounts[0] as DevAccount), // reason: devAccounts() returns ten
    walletClientFor,
    pid: child.pid ?? -1,
    stop,
    [Symbol.asyncDispose]: stop,
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.ref() // keep the loop alive until the exit arrives (the child was unref'd at start)
    child.kill('SIGKILL')
  })
}
