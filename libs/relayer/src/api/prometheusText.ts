/**
 * Prometheus text exposition format 0.0.4, hand-written: the API exposes a
 * handful of series and does not need a metrics package for it.
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export type Labels = Readonly<Record<string, string>>

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

/** One sample line: `name{a="x",b="y"} 1`. */
export function formatSample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatNumber(value)}`
}

/** `# HELP` and `# TYPE` lines of a metric family. */
export function formatFamilyHeader(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): string[] {
  return [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`]
}

export type PrometheusSample = { name: string; labels: Record<string, string>; value: number }

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g

const unescapeLabel = (value: string) => value.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c))

/**
 * Parses exposition text into samples (comments skipped). Throws on a line
 * that is not a sample, so a test using it also checks the format.
 *
 * @example
 * const samples = parsePrometheusText(await getMetricsText(apiUrl))
 * samples.find((s) => s.name === 'relaymesh_messages' && s.labels.state === 'executed')?.value
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = SAMPLE.exec(line)
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`)
    // reason: groups 1 and 3 always match
    const [, name, rawLabels, rawValue] = match as unknown as [string, string, string | undefined, string]
    const labels: Record<string, string> = {}
    for (const [, key, value] of (rawLabels ?? '').matchAll(LABEL))
      labels[key as string] = unescapeLabel(value as string) // reason: both groups always match
    const value = rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : Number(rawValue)
    if (Number.isNaN(value) && rawValue !== 'NaN') throw new Error(`not a Prometheus value: ${line}`)
    samples.push({ name, labels, value })
  }
  return samples
}
