// The explorer on a running mesh (two anvil chains, three relayers at threshold 2, in-process as the SDK's e2e test):
// a message sent through the SDK is found by its source transaction, followed live to `executed` with every hop,
// to its batch, and its real receipt (settlement and execution read from the chain by the SDK) verifies in the page
// against the relayer set the API read from the inbox; a message whose payload the verifiers refuse shows its reason
// code explained on its page; the routes dashboard, open while two more messages flow, moves its counts and charts
// without a reload. Screenshots go to .tmp/explorer-screenshots/e2e-*.png.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { createBridgeClient, getSettlementReceipt, sendMessage, type BridgeClient } from '@relaymesh/sdk'
import { chromium, type Browser, type Page } from 'playwright-core'
import { toHex } from 'viem'
import {
  startInProcessRelayer,
  stopInProcessRelayers,
  type InProcessRelayer,
} from '../../relayer/src/testing/startInProcessRelayer.js'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
} from '../../relayer/src/testing/testInfra.js'
import { buildExplorer } from './buildExplorer.js'

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync)
const SCREENSHOTS = fileURLToPath(new URL('../../../.tmp/explorer-screenshots/', import.meta.url))
const WAIT = { timeout: WAIT_DEADLINE_MS }
/**
 * The relayers' payload limit here: the Outbox takes more, so a larger payload is sent on chain and refused by every
 * verifier.
 */
const MAX_PAYLOAD_BYTES = 1024

describe('explorer on a running mesh', () => {
  let mesh: LocalMesh
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let running: InProcessRelayer[] = []
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
    mesh = await startLocalMesh({
      relayerIds: ids,
      threshold: 2,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
      maxPayloadBytes: MAX_PAYLOAD_BYTES,
    })
    const start = (index: number) =>
      startInProcessRelayer(mesh, index, { ns, serviceName: 'explorer-e2e', api: { explorer: { dir: outDir } } })
    running = [await start(0), await start(1), await start(2)]
    apiUrl = running[0]?.apiUrl as string // reason: relayer 0 serves the API
    const chain = (b: LocalMesh['bridges']['ethereum']) => ({
      publicClient: b.chain.publicClient,
      outbox: b.addresses.outbox,
      inbox: b.addresses.inbox,
      token: b.addresses.token,
    })
    client = createBridgeClient({
      chains: {
        [mesh.bridges.ethereum.domain]: chain(mesh.bridges.ethereum),
        [mesh.bridges.bsc.domain]: chain(mesh.bridges.bsc),
      },
      api: { baseUrl: apiUrl },
    })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    })
  })

  after(async () => {
    await browser?.close()
    await stopInProcessRelayers(running)
    await mesh?.stop()
    await dbs?.drop()
    await ns.cleanup()
    if (outDir) rmSync(outDir, { recursive: true, force: true })
  })

  const shoot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `e2e-${name}.png`), fullPage: true })

  test('a message sent through the SDK: found by its transaction, followed to executed, its batch, its receipt verified in the page', async () => {
    const { ethereum, bsc } = mesh.bridges
    const sent = await sendMessage(client, {
      walletClient: ethereum.chain.walletClientFor(mesh.sender),
      destination: bsc.domain,
      recipient: bsc.addresses.noopRecipient,
      payload: toHex('explorer e2e'),
    })
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
    await page.waitForFunction(
      () => document.querySelector<HTMLTextAreaElement>('#trusted-set')?.value.includes('threshold'),
      undefined,
      WAIT,
    )
    await page.locator('#receipt-json').fill(JSON.stringify(receipt, null, 2))
    await page.getByRole('button', { name: 'Verify receipt' }).click()
    await page.getByText('Receipt valid: every check passed.').waitFor(WAIT)
    assert.equal(await page.locator('.check.passed').count(), 9)
    await shoot(page, 'receipt')

    await page.getByRole('link', { name: /^#\d+ to/ }).click()
    await page.getByRole('heading', { name: /^Batch #\d+/ }).waitFor(WAIT)
    assert.match(await page.locator('main').innerText(), new RegExp(sent.id.slice(2, 12)))
    assert.ok((await page.locator('main ol.plain').first().locator('li').count()) >= 2, 'at least threshold signatures')
    await shoot(page, 'batch')

    await page.goto(`${apiUrl}/explorer/#/routes`)
    await page
      .locator(`tr[data-route="${ethereum.domain}-${bsc.domain}"] td[data-stage="executed"]`)
      .filter({ hasText: /^[1-9]\d*$/ })
      .waitFor(WAIT)
    // The relayer sets arrive by their own request after the routes table: wait for them, do not read the page
    // mid-load.
    await page
      .locator('main')
      .getByText(/2 of 3 relayers/)
      .first()
      .waitFor(WAIT)
    await shoot(page, 'routes')
    await page.close()
  })

  test('the dashboard updates as traffic flows: counts and charts move without a reload', async () => {
    const { ethereum, bsc } = mesh.bridges
    const route = `${ethereum.domain}-${bsc.domain}`
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${apiUrl}/explorer/#/routes`)
    const executed = page.locator(`tr[data-route="${route}"] td[data-stage="executed"]`)
    await executed.filter({ hasText: /^[1-9]\d*$/ }).waitFor(WAIT) // the first test's message
    const before = Number(await executed.innerText())
    const chart = (kind: string) => `.card[data-route="${route}"] [data-testid="chart-${kind}"]`
    await page.locator(chart('throughput')).waitFor(WAIT)
    // One after the other: one sender, one nonce sequence.
    for (const i of [0, 1]) {
      await sendMessage(client, {
        walletClient: ethereum.chain.walletClientFor(mesh.sender),
        destination: bsc.domain,
        recipient: bsc.addresses.noopRecipient,
        payload: toHex(`dashboard ${i}`),
      })
    }
    await executed.filter({ hasText: new RegExp(`^${before + 2}$`) }).waitFor(WAIT)
    const above = (selector: string, attribute: string) =>
      page.waitForFunction(
        ([sel, attr]) => Number(document.querySelector(sel as string)?.getAttribute(attr as string)) > 0,
        [selector, attribute],
        WAIT,
      )
    await above(chart('throughput'), 'data-max')
    await above(chart('latency'), 'data-points')
    await shoot(page, 'routes-live')
    await page.close()
  })

  test("a message every verifier refuses (payload over the relayers' limit): its page gives the reason code and explains it", async () => {
    const { ethereum, bsc } = mesh.bridges
    const payload = toHex(new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(7))
    const sent = await sendMessage(client, {
      walletClient: ethereum.chain.walletClientFor(mesh.sender),
      destination: bsc.domain,
      recipient: bsc.addresses.noopRecipient,
      payload,
    })
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    // Opened before the relayers see it: the page looks again until the API answers with the rejection.
    await page.goto(`${apiUrl}/explorer/#/message/${sent.id}`)
    await page.locator('code.reason').filter({ hasText: 'PAYLOAD_TOO_LARGE' }).first().waitFor(WAIT)
    const text = await page.locator('main').innerText()
    assert.match(text, /rejected/)
    assert.match(text, /PAYLOAD_TOO_LARGE at stage verify[\s\S]*larger than the relayers accept/)
    await shoot(page, 'rejected')
    await page.close()
  })
})
