/** One row of the operator guide's span table (deploy/README.md, "Span names and attributes"). */
export type GuideSpan = {
  name: string
  /**
   * Which trace the span belongs to: `message`, `bundle`, `batch`, `attestation` or `signature request` (the
   * attester's).
   */
  trace: string
  /** The parent span's name; `undefined` for a root. */
  parent: string | undefined
  /** Attributes every such span carries. */
  always: string[]
  /** Attributes some such spans carry (by outcome or source chain). */
  sometimes: string[]
}

const BEGIN = /<!-- span-table[^>]*-->/
const END = '<!-- /span-table -->'

const backticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '')

/**
 * Reads the span table between `<!-- span-table -->` and
 * `<!-- /span-table -->` of the guide's Markdown: the documented contract the
 * end-to-end trace test holds every exported span to.
 *
 * @example
 * const table = readGuideSpanTable(readFileSync('deploy/README.md', 'utf8'))
 * table.get('relaymesh.observe')?.parent // 'relaymesh.message'
 */
export function readGuideSpanTable(markdown: string): Map<string, GuideSpan> {
  const begin = BEGIN.exec(markdown)
  const end = markdown.indexOf(END)
  if (!begin || end < begin.index)
    throw new Error('the guide has no span table (<!-- span-table --> ... <!-- /span-table -->)')
  const rows = markdown
    .slice(begin.index + begin[0].length, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
  const table = new Map<string, GuideSpan>()
  for (const row of rows) {
    const [name, trace, , parent, always, sometimes] = row
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    const spanName = backticked(name ?? '')[0]
    if (!spanName || table.has(spanName)) throw new Error(`span table row without a unique span name: ${row}`)
    table.set(spanName, {
      name: spanName,
      trace: trace ?? '',
      parent: backticked(parent ?? '')[0],
      always: backticked(always ?? ''),
      sometimes: backticked(sometimes ?? ''),
    })
  }
  return table
}
