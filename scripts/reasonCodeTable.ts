// The operator guide's reason-code table, rendered from the registry (`REASON_CODES`, @relaymesh/errors).
// `npm run docs:reason-codes` rewrites it; test/reasonCodes.test.ts fails while the file differs from the registry.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { REASON_CODES, type ReasonCodeSource } from '@relaymesh/errors'

/** The document that holds the table. */
export const REASON_CODE_TABLE_FILE = fileURLToPath(new URL('../deploy/REASON_CODES.md', import.meta.url))

/** Where the rendered table sits in its document; everything between the markers is the registry's. */
export const REASON_CODE_TABLE_MARKERS = {
  start: '<!-- reason-codes:start -->',
  end: '<!-- reason-codes:end -->',
} as const

const SOURCE_LABEL: Record<ReasonCodeSource, string> = {
  relayer: 'relayer',
  recipient: 'recipient',
  'light-client': 'Ethereum light client',
  parlia: 'BSC light client (Parlia)',
  'receipt-proof': 'receipt proof',
  solana: 'Solana source',
  protocol: 'protocol',
  bus: 'bus',
  store: 'store',
  api: 'API',
  telemetry: 'telemetry',
}

/**
 * The reason-code registry as a Markdown table (code, raised or recorded by, meaning), in registry order, for the
 * operator guide: the document holds it between {@link REASON_CODE_TABLE_MARKERS} and a test keeps it current.
 *
 * @example
 * renderReasonCodeTable().split('\n')[0] // '| code | raised or recorded by | meaning |'
 */
export function renderReasonCodeTable(): string {
  const rows = Object.entries(REASON_CODES).map(([code, entry]) => {
    const sources = entry.sources.map((s) => SOURCE_LABEL[s]).join(', ')
    return `| \`${code}\` | ${sources} | ${entry.summary.replace(/\|/g, '\\|')} |`
  })
  return ['| code | raised or recorded by | meaning |', '| --- | --- | --- |', ...rows].join('\n')
}

/**
 * `document` with the text between the table markers replaced by the current table.
 *
 * @example
 * writeFileSync(path, withReasonCodeTable(readFileSync(path, 'utf8')))
 */
export function withReasonCodeTable(document: string): string {
  const { start, end } = REASON_CODE_TABLE_MARKERS
  const from = document.indexOf(start)
  const to = document.indexOf(end)
  if (from < 0 || to < from) throw new Error(`the document has no ${start} ... ${end} section`)
  return `${document.slice(0, from + start.length)}\n${renderReasonCodeTable()}\n${document.slice(to)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(REASON_CODE_TABLE_FILE, withReasonCodeTable(readFileSync(REASON_CODE_TABLE_FILE, 'utf8')))
}
