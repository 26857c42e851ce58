import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parseEther } from 'viem'
import { startAnvil } from './startAnvil.js'
import { startLocalChains } from './startLocalChains.js'
import { deployBridge, linkBridges } from './deployBridge.js'
import { runningChildren } from './childProcesses.js'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

test('startAnvil: free port, funded dev accounts, stop kills the child', async (t) => {
  const started = performance.now()
  const chain = await startAnvil({ chainId: 31337 })
  // Reported, not asserted: the start time measures the machine's load as much as startAnvil.
  t.diagnostic(`started in ${Math.round(performance.now() - started)} ms`)
  assert.match(chain.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.equal(await chain.publicClient.getChainId(), 31337)
  assert.equal(chain.accounts.length, 10)
  assert.equal(await chain.publicClient.getBalance({ address: chain.accounts[1]!.address }), parseEther('10000'))
  assert.ok(alive(chain.pid))
  await chain.stop()
  assert.equal(alive(chain.pid), false)
  await chain.stop() // idempotent
})

test('startLocalChains: Ethereum and BSC stand-ins on distinct ports, disposed together', async () => {
  let pids: number[]
  {
    await using chains = await startLocalChains()
    assert.equal(await chains.ethereum.publicClient.getChainId(), 31337)
    assert.equal(await chains.bsc.publicClient.getChainId(), 31356)
    assert.notEqual(chains.ethereum.rpcUrl, chains.bsc.rpcUrl)
    pids = [chains.ethereum.pid, chains.bsc.pid]
  }
  assert.deepEqual(pids.map(alive), [false, false])
  assert.equal(runningChildren(), 0)
})

async function waitDead(pid: number): Promise<boolean> {
  // SIGKILL is delivered asynchronously and the orphan is reaped by init: poll until it is gone. The deadline only
  // bounds a real leak; on busy cores the kill and the reaping can take seconds.
  const deadline = Date.now() + 2 * 60_000
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  return !alive(pid)
}

test('anvils are killed when the owning process exits without stopping them', async () => {
  const script = fileURLToPath(new URL('./fixtures/leakAnvil.ts', import.meta.url))
  const pid = Number(execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' }).trim())
  assert.ok(pid > 0)
  assert.ok(await waitDead(pid), `anvil ${pid} outlived its parent`)
})

// SIGKILL runs no hook in the parent: only the kernel's parent-death signal (dieWithParent.ts) stops the anvil.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
  test(`anvils are killed when the owning process receives ${signal}`, async () => {
    const script = fileURLToPath(new URL('./fixtures/holdAnvil.ts', import.meta.url))
    const parent = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    )
    assert.ok(alive(pid))
    const exited = new Promise((resolve) => parent.once('exit', resolve))
    parent.kill(signal)
    await exited
    assert.ok(await waitDead(pid), `anvil ${pid} outlived its parent`)
  })
}

test('deployBridge + linkBridges: contracts deployed and routers enrolled both ways', async () => {
  await using chains = await startLocalChains()
  const [relayer] = chains.ethereum.accounts.slice(1)
  const options = { relayers: [relayer!.address], threshold: 1, pauser: chains.ethereum.accounts[0]!.address }
  const [eth, bsc] = await Promise.all([deployBridge(chains.ethereum, options), deployBridge(chains.bsc, options)])
  await linkBridges(eth, bsc)
  assert.equal(await eth.outbox.read.localDomain(), 31337)
  assert.equal(await bsc.inbox.read.localDomain(), 31356)
  assert.equal(await bsc.inbox.read.threshold(), 1)
  assert.equal(
    (await eth.token.read.routers([31356])).toLowerCase(),
    `0x${'0'.repeat(24)}${bsc.addresses.token.slice(2).toLowerCase()}`,
  )
  assert.equal(
    (await bsc.token.read.routers([31337])).toLowerCase(),
    `0x${'0'.repeat(24)}${eth.addresses.token.slice(2).toLowerCase()}`,
  )
})
