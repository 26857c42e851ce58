// The explorer on a running mesh (two anvil chains, three relayers at threshold 2, in-process as the SDK's e2e test):
// a message sent through the SDK is found by its source transaction, followed live to `executed` with every hop,
// to its batch, and its real receipt (settlement and execution read from the chain by the SDK) verifies in the page
// against the relayer set the API read from the inbox. Screenshots go to .tmp/explorer-screenshots/e2e-*.png.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
import {
  apiDependenciesFromContext, createRelayerContext, startApi, startBatcher, startInboxFollower, startLocalMesh, startSettler,
  startVerifier, startWatcher, type LocalMesh, type RelayerContext,
} from '@relaymesh/relayer'
import { createBridgeClient, getSettlementReceipt, sendMessage, type BridgeClient } from '@relaymesh/sdk'
import { chromium, type Browser, type Page } from 'playwright-core'
import { toHex } from 'viem'
import { createTestDatabases, TEST_NATS_URL, testBusNamespace, WAIT_DEADLINE_MS } from '../../relayer/src/testing/testInfra.js'
import { buildExplorer } from './buildExplorer.js'

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync)
const SCREENSHOTS = fileURLToPath(new URL('../../../.tmp/explorer-screenshots/', import.meta.url))
const WAIT = { timeout: WAIT_DEADLINE_MS }

type Running = { ctx: RelayerContext; stop: AbortController; done: Promise<unknown>[]; apiUrl?: string }

async function startRelayer(mesh: LocalMesh, index: number, ns: { subjectRoot: string; streamPrefix: string }, explorerDir: string): Promise<Running> {
  const relayer = mesh.relayers[index] as LocalMesh['relayers'][number] // reason: index < relayers.length
  const ctx = await createRelayerContext({
    config: relayer.config, privateKey: relayer.privateKey, serviceName: 'explorer-e2e', telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
    logLevel: 'error', subjectRoot: ns.subjectRoot, streamPrefix: ns.streamPrefix,
  })
  const stop = new AbortController()
  const { signal } = stop
  const done: Promise<unknown>[] = [
    ...ctx.config.chains.map((c) => startWatcher(ctx, { origin: c.domain, signal }).done),
    startVerifier(ctx, { signal }).done, startBatcher(ctx, { signal }).done, startSettler(ctx, { signal }).done,
    startInboxFollower(ctx, { signal, intervalMs: 100 }).done,
  ]
  if (index !== 0) return { ctx, stop, done }
  const api = await startApi(apiDependenciesFromContext(ctx), { signal, host: '127.0.0.1', port: 0, explorer: { dir: explorerDir } })
  return { ctx, stop, done: [...done, api.done], apiUrl: api.url }
}

describe('explorer on a running mesh', () => {
  let mesh: LocalMesh
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let running: Running[] = []
  let client: BridgeClient
  let browser: Browser
  let outDir: string
  let apiUrl: string
  const ns = testBusNamespace()
  const ids = ['r1', 'r2', 'r3']

  before(async () => {
    assert.ok(CHROMIUM, 'Debian chromium is required (apt-get install chromium; .ci/run installs it)')
    mkdirSync(SCREENSHOTS, { recursive: true })
    outDir = mkdtempSync(join(tmpdir(), 'relaymesh-explorer-e2e-'))
    await buildExplorer({ outDir })
    dbs = await createTestDatabases(ids)
    mesh = await startLocalMesh({ relayerIds: ids, threshold: 2, databaseUrl: dbs.url, natsUrl: TEST_NATS_URL, blockTime: 0.25, confirmations: 2 })
    running = [await startRelayer(mesh, 0, ns, outDir), await startRelayer(mesh, 1, ns, outDir), await startRelayer(mesh, 2, ns, outDir)]
    apiUrl = running[0]?.apiUrl as string // reason: relayer 0 serves the API
    const chain = (b: LocalMesh['bridges']['ethereum']) => ({ publicClient: b.chain.publicClient, outbox: b.addresses.outbox, inbox: b.addresses.inbox, token: b.addresses.token })
    client = createBridgeClient({ chains: { [mesh.bridges.ethereum.domain]: chain(mesh.bridges.ethereum), [mesh.bridges.bsc.domain]: chain(mesh.bridges.bsc) }, api: { baseUrl: apiUrl } })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
  })

  after(async () => {
    await browser?.close()
    for (const r of running) r.stop.abort()
    await Promise.allSettled(running.flatMap((r) => r.done))
    for (const r of running) await r.ctx.close()
    await mesh?.stop()
    await dbs?.drop()
    await ns.cleanup()
    if (outDir) rmSync(outDir, { recursive: true, force: true })
  })

  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `e2e-${name}.png`), fullPage: true })

  test('a message sent through the SDK: found by its transaction, followed to executed, its batch, its receipt verified in the page', async () => {
    const { ethereum, bsc } = mesh.bridges
    const sent = await sendMessage(client, { walletClient: ethereum.chain.walletClientFor(mesh.sender), destination: bsc.domain, recipient: bsc.addresses.noopRecipient, payload: toHex('explorer e2e') })
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${apiUrl}/explorer/#/search?q=${sent.txHash}`)
    await page.getByRole('heading', { name: '1 message from this transaction' }).waitFor(WAIT)
    await page.getByRole('link', { name: sent.id.slice(0, 8), exact: false }).click()
    // The page re-reads the message: it reaches executed without a reload.
    await page.getByTestId('state').filter({ hasText: 'executed' }).waitFor(WAIT)
    assert.equal(await page.locator('.timeline .hop.done').count(), 5, 'every hop has a time')
    assert.match(await page.locator('main').innerText(), /Confirmations: the relayers waited/)
    await page.locator('.hop.done').first().waitFor()
    await shoot(page, 'message')

    // The real receipt (settlement and execution logs read from BSC by the SDK), checked in the page.
    const receipt = await getSettlementReceipt(client, { id: sent.id })
    await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('#trusted-set')?.value.includes('threshold'), undefined, WAIT)
    await page.locator('#receipt-json').fill(JSON.stringify(receipt, null, 2))
    await page.getByRole('button', { name: 'Verify receipt' }).click()
    await page.getByText('Receipt valid: every check passed.').waitFor(WAIT)
    assert.equal(await page.locator('.check.passed').count(), 9)
    await shoot(page, 'receipt')

    await page.getByRole('link', { name: /^#\d+ to/ }).click()
    await page.getByRole('heading', { name: /^Batch #\d+/ }).waitFor(WAIT)
    assert.match(await page.locator('main').innerText(), new RegExp(sent.id.slice(2, 12)))
    assert.ok(await page.locator('main ol.plain').first().locator('li').count() >= 2, 'at least threshold signatures')
    await shoot(page, 'batch')

    await page.goto(`${apiUrl}/explorer/#/routes`)
    await page.locator(`tr[data-route="${ethereum.domain}-${bsc.domain}"] td[data-stage="executed"]`).filter({ hasText: /^[1-9]\d*$/ }).waitFor(WAIT)
    // The relayer sets arrive by their own request after the routes table: wait for them, do not read the page mid-load.
    await page.locator('main').getByText(/2 of 3 relayers/).first().waitFor(WAIT)
    await shoot(page, 'routes')
    await page.close()
  })
})
