/** A plain text table: a header row, a rule, then the rows; columns padded to their widest cell. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const cells = [headers, ...rows].map((row) => headers.map((_, i) => String(row[i] ?? '-')))
  // reason: every row has headers.length cells
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] as string).length)))
  const line = (row: string[]) =>
    row
      // reason: same length as headers
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd()
  // reason: cells[0] is the header
  return [line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  )
}

/** Key/value lines for one record. */
export function formatFields(fields: readonly (readonly [string, string | number | null | undefined])[]): string {
  const width = Math.max(...fields.map(([key]) => key.length))
  return fields.map(([key, value]) => `${key.padEnd(width)}  ${value ?? '-'}`).join('\n')
}

/** Wei as a decimal amount of the native token with up to 6 decimals (`1.5`). */
export function formatEther(wei: string | null): string {
  if (wei === null) return '-'
  const value = BigInt(wei)
  const whole = value / 10n ** 18n
  const fraction = (value % 10n ** 18n).toString().padStart(18, '0').slice(0, 6).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole.toString()
}
