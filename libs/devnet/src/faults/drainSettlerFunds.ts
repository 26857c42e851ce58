import { sleep } from '@relaymesh/errors'
import { formatEther, type Address, type Hex } from 'viem'
import { jsonRpcBatch } from '../mesh/jsonRpcBatch.js'

/**
 * The chart's default `metrics.prometheusRule.balance.minWei` (0.1 ETH): below it `RelaymeshSettlerBalanceLow` fires.
 */
export const SETTLER_BALANCE_ALERT_MIN_WEI = 10n ** 17n

/** What is left in the drained account: not enough for any transaction's gas. */
const DRAINED_WEI = 1_000n

export type DrainSettlerFundsParameters = {
  /** The anvil chain's own RPC URL (not a relayer's proxy). */
  rpcUrl: string
  /** The settler's address on that chain. */
  address: Address
  domain: number
  /** The relayer's API `/metrics`, which exports `relaymesh_settler_balance_wei` read from the chain at scrape time. */
  metricsUrl: string
  downMs: number
  signal: AbortSignal
}

export type DrainSettlerFundsReturnType = {
  note: string
  /** Set when the balance alert's metric never read below its threshold while the account was drained. */
  problem?: string | undefined
}

/**
 * A settler account running low: its balance on one destination is set to 1,000 wei for `downMs` and until the
 * alert's gauge was seen low (it can pay for
 * no transaction: the settler backs off with `SETTLER_FUNDS_LOW`, nothing is sent, nothing lost), while the relayer's
 * `/metrics` is scraped until the gauge the balance alert reads is below the alert's threshold; then the account is
 * funded again with what it held and settlement resumes.
 */
export async function drainSettlerFunds(p: DrainSettlerFundsParameters): Promise<DrainSettlerFundsReturnType> {
  const [held] = (await jsonRpcBatch(p.rpcUrl, [['eth_getBalance', [p.address, 'latest']]])) as [Hex]
  await jsonRpcBatch(p.rpcUrl, [['anvil_setBalance', [p.address, `0x${DRAINED_WEI.toString(16)}`]]])
  const started = Date.now()
  let seen: number | undefined
  try {
    // Drained for `downMs`, and on until a scrape saw it (a busy machine may answer slowly), at most 30 s more.
    while (
      !p.signal.aborted &&
      (Date.now() - started < p.downMs || (seen === undefined && Date.now() - started < p.downMs + 30_000))
    ) {
      seen ??= await scrapeLowBalance(p)
      await sleep(250, p.signal)
    }
  } finally {
    await jsonRpcBatch(p.rpcUrl, [['anvil_setBalance', [p.address, held]]])
  }
  const note = `settler ${p.address} held ${formatEther(DRAINED_WEI)} ETH instead of ${formatEther(BigInt(held))}`
  if (seen !== undefined) return { note: `${note}; the balance alert's metric read ${seen} wei` }
  return {
    note,
    problem:
      `relaymesh_settler_balance_wei{chain="${p.domain}"} never read ` +
      `below ${SETTLER_BALANCE_ALERT_MIN_WEI} wei while the settler was drained`,
  }
}

/**
 * The gauge's value when it is below the alert's threshold, else undefined (a failed scrape too: the next one may
 * answer).
 */
async function scrapeLowBalance(p: DrainSettlerFundsParameters): Promise<number | undefined> {
  try {
    const body = await (await fetch(p.metricsUrl, { signal: AbortSignal.timeout(2_000) })).text()
    const line = body.split('\n').find((l) => l.startsWith(`relaymesh_settler_balance_wei{chain="${p.domain}"}`))
    const value = line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1))
    return value < Number(SETTLER_BALANCE_ALERT_MIN_WEI) ? value : undefined
  } catch {
    return undefined
  }
}
