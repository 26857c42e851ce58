import { sleep } from '@relaymesh/errors'
import { bytesToHex } from '@relaymesh/protocol'
import { getCursor, listRefusedBundleClaims, setCursor, type StoreDb } from '@relaymesh/store'
import type { Logger, Telemetry } from '@relaymesh/telemetry'
import type { TraceKeeperConfig } from './recordKeptMessageRoots.js'
import { recordMessageRoots } from './recordMessageRoots.js'

export type RootRefusedBundleClaimsOptions = {
  /**
   * How old a whole-bundle refusal must be before its claims are rooted: a block
   * refused as not canonical (a reorg) usually has its messages mined again in
   * another block within minutes, which the keeper then stores with an OK root.
   */
  graceMs: number
  /** Rejections read per pass. */
  limit: number
  /** Pause between passes. */
  intervalMs: number
}

export const defaultRootRefusedBundleClaimsOptions: RootRefusedBundleClaimsOptions = {
  graceMs: 10 * 60_000,
  limit: 5_000,
  intervalMs: 60_000,
}

type Ctx = {
  db: StoreDb
  config: TraceKeeperConfig
  telemetry: Pick<Telemetry, 'startRootSpan' | 'flushRoots' | 'recording' | 'recordsTrace'>
}

/** The keeper's cursor over its rejections (chain 0: not a chain, the relayer's own log). */
const CURSOR = { chain: 0, name: 'trace-keeper-refused-bundles' }

/**
 * One pass of the trace keeper over its rejections: each claim its verifier
 * refused with its whole bundle (header, finality, an unknown origin), never
 * stored since and refused at least `graceMs` ago, gets its `relaymesh.message`
 * root (if its trace is sampled), ERROR with the reason code, `relaymesh.verification` `unverified`,
 * at the time of that first refusal. The cursor moves only after the roots
 * were exported: a keeper killed in between exports them again on its next
 * pass, the same spans to the byte. Returns the roots exported and the rejections scanned.
 *
 * @example
 * await rootRefusedBundleClaimsOnce(ctx, defaultRootRefusedBundleClaimsOptions)
 */
export async function rootRefusedBundleClaimsOnce(
  ctx: Ctx,
  options: RootRefusedBundleClaimsOptions,
): Promise<{ rooted: number; scanned: number }> {
  const cursor = await getCursor(ctx.db, CURSOR)
  const { through, scanned, claims } = await listRefusedBundleClaims(ctx.db, {
    after: cursor?.blockNumber ?? 0n,
    olderThanMs: options.graceMs,
    limit: options.limit,
  })
  if (through === undefined) return { rooted: 0, scanned }
  let rooted = 0
  for (const c of claims) {
    rooted += recordMessageRoots(ctx.telemetry, {
      messages: [{ id: bytesToHex(c.messageId), origin: c.origin, reasonCode: c.reasonCode }],
      verification: 'unverified',
      relayerId: ctx.config.relayerId,
      sentAt: c.refusedAt.getTime(),
    })
  }
  if (rooted > 0) await ctx.telemetry.flushRoots()
  await setCursor(ctx.db, { ...CURSOR, blockNumber: through })
  return { rooted, scanned }
}

/**
 * The trace keeper's loop of {@link rootRefusedBundleClaimsOnce}, every
 * `intervalMs` (at once again while a pass fills its `limit`), until `signal`
 * aborts. A failed pass (the database, the exporter) is logged and tried again.
 *
 * @example
 * if (isMessageTraceKeeper(ctx.config)) void rootRefusedBundleClaims(ctx, { signal, logger })
 */
export async function rootRefusedBundleClaims(
  ctx: Ctx,
  p: { signal: AbortSignal; logger: Pick<Logger, 'warn'>; options?: Partial<RootRefusedBundleClaimsOptions> },
): Promise<void> {
  const options = { ...defaultRootRefusedBundleClaimsOptions, ...p.options }
  while (!p.signal.aborted) {
    let full = false
    try {
      full = (await rootRefusedBundleClaimsOnce(ctx, options)).scanned >= options.limit
    } catch (error) {
      if (p.signal.aborted) return
      p.logger.warn({ err: error }, 'trace keeper: rooting claims refused with their bundle failed; trying again')
    }
    if (!full) await sleep(options.intervalMs, p.signal)
  }
}
