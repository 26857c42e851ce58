// The explorer in a real browser (Debian's chromium driven by playwright-core) against the real API over a seeded
// Postgres: search, message page, batch, rejections, not-found and error states, phone width, keyboard, the receipt
// check, the live dashboard, and that the page talks to nothing but the API's public routes.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { bytesToHex } from '@relaymesh/protocol'
import { messageTraceId } from '@relaymesh/relayer/trace-id'
import { getBatch, insertBundle, pauseRoute, type CreateDbReturnType } from '@relaymesh/store'
import { chromium, type Browser, type Page } from 'playwright-core'
import {
  openTestStore,
  protocolMessage,
  startTestApi,
  testBlock,
  type TestApi,
} from '../../relayer/src/api/apiTestSeed.js'
import { buildExplorer, EXPLORER_BUNDLE_BUDGET_BYTES, type BuildExplorerReturnType } from './buildExplorer.js'
import { DESTINATION, ORIGIN, explorerChains, seeded, seedExplorerStore, settleAndExecute } from './explorerTestSeed.js'

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync)
const JAEGER = 'http://127.0.0.1:16686'
const PATH = '/ui/explorer'
const hex = (b: Uint8Array) => bytesToHex(b)
/**
 * Base58 (Bitcoin alphabet), as Solana wallets and explorers print a signature: written here, not the page's decoder.
 */
function toBase58(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let value = BigInt(bytesToHex(bytes))
  let text = ''
  for (; value > 0n; value /= 58n) text = alphabet[Number(value % 58n)] + text
  for (const byte of bytes) {
    if (byte !== 0) break
    text = `1${text}`
  }
  return text
}
const WAIT = { timeout: 60_000 } // generous: two busy cores
/** Screenshots of each page, kept as test artifacts (.tmp is git-ignored). */
const SCREENSHOTS = fileURLToPath(new URL('../../../.tmp/explorer-screenshots/', import.meta.url))
const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })

describe('explorer', () => {
  let outDir: string
  let built: BuildExplorerReturnType
  let store: CreateDbReturnType
  let api: TestApi
  let browser: Browser
  const requests: string[] = []

  before(async () => {
    assert.ok(CHROMIUM, 'Debian chromium is required (apt-get install chromium; .ci/run installs it)')
    outDir = mkdtempSync(join(tmpdir(), 'relaymesh-explorer-'))
    mkdirSync(SCREENSHOTS, { recursive: true })
    built = await buildExplorer({ outDir })
    store = await openTestStore()
    await seedExplorerStore(store.db)
    api = await startTestApi(store.db, undefined, {
      deps: { chains: explorerChains() },
      parameters: { explorer: { path: PATH, dir: outDir, jaegerUrl: JAEGER } },
    })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    })
  })
  after(async () => {
    await browser?.close()
    await api?.stop()
    await store?.close()
    if (outDir) rmSync(outDir, { recursive: true, force: true })
  })

  async function open(hash: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport })
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(`${api.url}${PATH}/${hash}`)
    return page
  }

  it('is a small bundle of relative assets', () => {
    const assets = built.files.filter((f) => /\.(js|css)$/.test(f.path))
    const gzipped = assets.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, f.path))).length, 0)
    console.log(`# explorer bundle: ${assets.map((f) => `${f.path} ${f.bytes} B`).join(', ')}; ${gzipped} B gzipped`)
    assert.ok(
      gzipped <= EXPLORER_BUNDLE_BUDGET_BYTES,
      `${gzipped} B gzipped > budget ${EXPLORER_BUNDLE_BUDGET_BYTES} B`,
    )
    const html = readFileSync(join(outDir, 'index.html'), 'utf8')
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no asset from another origin')
    for (const f of assets)
      assert.doesNotMatch(readFileSync(join(outDir, f.path), 'utf8'), /\/v1\/admin/, `${f.path} names no admin route`)
  })

  it('is served under its path with a CSP that allows only its own origin', async () => {
    const redirect = await fetch(`${api.url}${PATH}`, { redirect: 'manual' })
    assert.equal(redirect.status, 308)
    const response = await fetch(`${api.url}${PATH}/`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-security-policy') ?? '', /connect-src 'self'/)
    assert.match(await response.text(), /"jaegerUrl":"http:\/\/127\.0\.0\.1:16686"/)
    assert.equal((await fetch(`${api.url}${PATH}/assets/nope.js`)).status, 404)
  })

  it('finds a message by id and shows its route, hops, verification, batch, execution and trace', async () => {
    const page = await open('')
    const id = hex(seeded.executed[1]!.id)
    await page.getByLabel('Message id, source transaction or sender').fill(id)
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(`**#/message/${id}`, WAIT)
    await page.getByTestId('state').filter({ hasText: 'executed' }).waitFor(WAIT)
    const text = await page.locator('main').innerText()
    assert.match(text, /Ethereum local.*→.*BSC local/s)
    assert.equal(await page.locator('.timeline .hop.done').count(), 5, 'all five hops have a time')
    assert.match(text, /Verified with a light client/)
    assert.match(text, new RegExp(hex(seeded.executeTx)))
    assert.match(text, new RegExp(hex(seeded.sourceTx)))
    const trace = page.getByRole('link', { name: /open in Jaeger/ })
    assert.equal(await trace.getAttribute('href'), `${JAEGER}/trace/${messageTraceId(id as `0x${string}`)}`)
    await shoot(page, 'message')
    await page.getByRole('link', { name: /#0 to/ }).click()
    await page.getByRole('heading', { name: /Batch #0/ }).waitFor(WAIT)
    assert.match(await page.locator('main').innerText(), /Signatures \(2\)/)
    await shoot(page, 'batch')
    await page.close()
  })

  it('finds messages by source transaction and by sender', async () => {
    const page = await open(`#/search?q=${hex(seeded.sourceTx)}`)
    await page.getByRole('heading', { name: '3 messages from this transaction' }).waitFor(WAIT)
    await shoot(page, 'search-results')
    await page.goto(`${api.url}${PATH}/#/search?q=${hex(seeded.executed[2]!.sender)}`)
    await page.getByRole('heading', { name: '1 message from this sender' }).waitFor(WAIT)
    await page.close()
  })

  it('finds a message from Solana by its transaction signature in base58, as a wallet shows it', async () => {
    const signature = toBase58(seeded.solana.sourceTxHash)
    assert.ok(signature.length >= 86 && signature.length <= 88, `a 64-byte signature: ${signature}`)
    const page = await open('')
    await page.getByLabel('Message id, source transaction or sender').fill(signature)
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('heading', { name: '1 message from this transaction' }).waitFor(WAIT)
    const id = hex(seeded.solana.id)
    await page.getByRole('link', { name: id.slice(0, 8), exact: false }).click()
    await page.waitForURL(`**#/message/${id}`, WAIT)
    await page.getByTestId('verification').filter({ hasText: 'attested' }).waitFor(WAIT)
    const text = await page.locator('main').innerText()
    assert.match(text, /Solana local.*→.*BSC local/s)
    assert.equal(
      await page.getByTestId('solana-signature').innerText(),
      signature,
      'the signature as the wallet printed it',
    )
    assert.match(text, /not sampled: no spans were recorded/)
    assert.equal(await page.getByRole('link', { name: /open in Jaeger/ }).count(), 0, 'no link to an empty trace')
    await shoot(page, 'message-solana')
    await page.close()
  })

  it('a search that finds nothing yet looks again, and shows the message once a relayer stores it', async () => {
    // Another destination, so the dashboard's counts for 31337-31356 below stay as seeded.
    const late = protocolMessage('explorer:late', 40n, { destination: 424242 })
    const page = await open(`#/search?q=${hex(late.sourceTxHash)}`)
    await page.getByRole('heading', { name: 'Not found' }).waitFor(WAIT)
    assert.match(await page.locator('main').innerText(), /Looking again every 3 seconds/)
    await insertBundle(store.db, {
      block: testBlock('explorer:late', 9n),
      verification: 'light-client',
      messages: [late],
    })
    await page.getByRole('heading', { name: '1 message from this transaction' }).waitFor(WAIT)
    await page.close()
  })

  it('explains a rejection in words, for a stored message and for a claim that was never proven', async () => {
    const page = await open(`#/message/${hex(seeded.rejected.id)}`)
    await page.getByRole('heading', { name: 'Rejections and failures' }).waitFor(WAIT)
    assert.match(await page.locator('main').innerText(), /RECEIPT_PROOF_INVALID[\s\S]*never proven to exist/)
    await shoot(page, 'message-rejected')
    await page.goto(`${api.url}${PATH}/#/message/${hex(seeded.claim)}`)
    await page
      .getByText(/emitted by another contract than the relaymesh Outbox/)
      .first()
      .waitFor(WAIT)
    await page.close()
  })

  it('shows not-found and error states', async () => {
    const page = await open(`#/search?q=0x${'ee'.repeat(32)}`)
    await page.getByRole('heading', { name: 'Not found' }).waitFor(WAIT)
    await shoot(page, 'search-not-found')
    await page.goto(`${api.url}${PATH}/#/message/0x${'ee'.repeat(32)}`)
    await page.getByRole('heading', { name: 'Not found' }).waitFor(WAIT)
    await page.goto(`${api.url}${PATH}/#/batch/56/99999`)
    await page.getByRole('heading', { name: 'Not found' }).waitFor(WAIT)
    await page.goto(`${api.url}${PATH}/#/batch/x/y`)
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor(WAIT)
    assert.match(await page.locator('main').innerText(), /INVALID_BATCH_KEY/)
    await page.goto(`${api.url}${PATH}/#/search?q=hello`)
    await page.getByText(/Not a message id/).waitFor(WAIT)
    await page.goto(`${api.url}${PATH}/#/nowhere`)
    await page.getByRole('heading', { name: 'Not found' }).waitFor(WAIT)
    await page.close()
  })

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await open(`#/message/${hex(seeded.executed[0]!.id)}`, { width: 360, height: 740 })
    await page.getByTestId('state').waitFor(WAIT)
    const widths = await page.evaluate(() => {
      const client = document.documentElement.clientWidth
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > client + 1)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
      return { scroll: document.documentElement.scrollWidth, client, wide: wide.slice(-5) }
    })
    assert.ok(
      widths.scroll <= widths.client,
      `page is ${widths.scroll} px wide in a ${widths.client} px screen: ${widths.wide.join(', ')}`,
    )
    await shoot(page, 'message-phone')
    await page.close()
  })

  it('works from the keyboard alone: search, follow a result, reach the page', async () => {
    const page = await open('')
    const focused = () =>
      page.evaluate(
        () => (document.activeElement as HTMLElement | null)?.id || document.activeElement?.textContent || '',
      )
    for (let i = 0; i < 10 && (await focused()) !== 'q'; i++) await page.keyboard.press('Tab')
    assert.equal(await focused(), 'q', 'Tab reaches the search box')
    await page.keyboard.type(hex(seeded.sourceTx))
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: '3 messages from this transaction' }).waitFor(WAIT)
    for (let i = 0; i < 10 && !(await focused()).startsWith('0x'); i++) await page.keyboard.press('Tab')
    assert.match(await focused(), /^0x/, 'Tab reaches the first result')
    await page.keyboard.press('Enter')
    await page.getByTestId('state').waitFor(WAIT)
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves to the new page')
    await page.close()
  })

  it('verifies a receipt in the page with the SDK, check by check', async () => {
    const page = await open(`#/message/${hex(seeded.executed[2]!.id)}`)
    const fill = page.getByRole('button', { name: 'Fill from the API' })
    await page.waitForFunction(
      () => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Fill from the API')
        const trusted = document.querySelector<HTMLTextAreaElement>('#trusted-set')
        return button && !button.disabled && trusted && trusted.value.includes('threshold')
      },
      undefined,
      WAIT,
    )
    await fill.click()
    await page.getByRole('button', { name: 'Verify receipt' }).click()
    await page.getByText('Receipt valid: every check passed.').waitFor(WAIT)
    assert.equal(await page.locator('.check.passed').count(), 9)
    const trusted = JSON.parse(await page.locator('#trusted-set').inputValue()) as { threshold: number }
    await page.locator('#trusted-set').fill(JSON.stringify({ ...trusted, threshold: 3 }))
    await page.getByRole('button', { name: 'Verify receipt' }).click()
    await page.getByText('Receipt NOT valid.').waitFor(WAIT)
    assert.match(await page.locator('.check.failed').innerText(), /RECEIPT_INSUFFICIENT_SIGNATURES/)
    assert.equal(await page.locator('.check.not-reached').count(), 3)
    await page.locator('#verify-receipt').scrollIntoViewIfNeeded()
    await shoot(page, 'receipt-refused')
    await page.close()
  })

  it('dashboard: backlog per route and stage, relayer set and balance, updating live as messages execute and a route is paused', async () => {
    const page = await open('#/routes')
    const row = page.locator('tr[data-route="31337-31356"]')
    const executed = row.locator('td[data-stage="executed"]')
    await executed.filter({ hasText: /^3$/ }).waitFor(WAIT)
    const chart = (kind: string) => `.card[data-route="31337-31356"] [data-testid="chart-${kind}"]`
    const chartValue = (kind: string, attribute: string) =>
      page.locator(chart(kind)).getAttribute(attribute).then(Number)
    await page.locator(chart('throughput')).waitFor(WAIT)
    const pointsBefore = await chartValue('throughput', 'data-points')
    assert.match(await page.locator('main').innerText(), /2 of 3 relayers[\s\S]*1\.5 \(native\)/)
    const more = [protocolMessage('explorer:live:0', 20n), protocolMessage('explorer:live:1', 21n)]
    await insertBundle(store.db, {
      block: testBlock('explorer:live', 8n),
      verification: 'light-client',
      messages: more,
    })
    await row.locator('td[data-stage="verified"]').filter({ hasText: /^2$/ }).waitFor(WAIT)
    const batch0 = await getBatch(store.db, { destination: DESTINATION, batchIndex: 0n })
    await settleAndExecute(store.db, {
      ids: more.map((m) => m.id),
      batchIndex: 1n,
      previousBatchHash: batch0!.batchHash,
    })
    await executed.filter({ hasText: /^5$/ }).waitFor(WAIT)
    await row
      .getByTestId('throughput')
      .filter({ hasText: /^\d+\.\d$/ })
      .waitFor(WAIT)
    // The charts redraw without a reload: the interval with the two executions rises above zero, and the latency
    // chart gets its first point (the seeded executions happened before the page's first poll).
    const above = (selector: string, attribute: string, floor: number) =>
      page.waitForFunction(
        ([sel, attr, min]) =>
          Number(document.querySelector(sel as string)?.getAttribute(attr as string)) > (min as number),
        [selector, attribute, floor],
        WAIT,
      )
    await above(chart('throughput'), 'data-max', 0)
    await above(chart('latency'), 'data-points', 0)
    assert.ok(
      (await chartValue('throughput', 'data-points')) > pointsBefore,
      'the throughput chart has more points than before',
    )
    assert.ok(
      (await page.locator(`${chart('throughput')} polyline`).count()) === 1,
      'the throughput chart draws a line',
    )
    await pauseRoute(store.db, { origin: ORIGIN, destination: DESTINATION })
    await row.getByTestId('route-paused').waitFor(WAIT)
    await shoot(page, 'routes')
    await page.close()
  })

  it('talked to nothing but its own files and the public API', () => {
    assert.ok(requests.length > 0)
    for (const url of requests) {
      assert.ok(url.startsWith(api.url), `${url} is outside the API's origin`)
      assert.doesNotMatch(new URL(url).pathname, /^\/v1\/admin\//)
    }
  })
})
