/** The OpenTelemetry environment variables relaymesh honours, read from a config object (libs never read `process.env`). */
export type TelemetryEnv = Readonly<Record<string, string | undefined>>

export type TracesExporterKind = 'otlp' | 'none' | 'console'

export type SamplerName =
  | 'always_on' | 'always_off' | 'traceidratio'
  | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio'

export type TracesConfig = {
  disabled: boolean
  serviceName: string | undefined
  exporter: TracesExporterKind
  /** Full URL of the traces endpoint (…/v1/traces). */
  url: string
  headers: Record<string, string>
  sampler: SamplerName
  samplerRatio: number
  resourceAttributes: Record<string, string>
}

const samplers: readonly SamplerName[] = [
  'always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio',
]

/**
 * Applies the OpenTelemetry SDK environment specification to `env`:
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as is, `OTEL_EXPORTER_OTLP_ENDPOINT`
 * gets `/v1/traces` appended, default `http://localhost:4318/v1/traces`;
 * `OTEL_TRACES_EXPORTER` (`otlp` | `none` | `console`), `OTEL_TRACES_SAMPLER`
 * (+ `_ARG`), `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
 * `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`, `OTEL_SDK_DISABLED`.
 *
 * @example
 * tracesConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).url // 'http://collector:4318/v1/traces'
 */
export function tracesConfigFromEnv(env: TelemetryEnv): TracesConfig {
  const get = (key: string) => {
    const value = env[key]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const sampler = (get('OTEL_TRACES_SAMPLER')?.toLowerCase() ?? 'parentbased_always_on') as SamplerName // reason: validated on the next line
  if (!samplers.includes(sampler)) throw new Error(`unsupported OTEL_TRACES_SAMPLER ${JSON.stringify(sampler)}; one of ${samplers.join(', ')}`)
  const ratio = Number(get('OTEL_TRACES_SAMPLER_ARG') ?? '1')
  if (!(ratio >= 0 && ratio <= 1)) throw new Error(`OTEL_TRACES_SAMPLER_ARG must be in [0, 1], got ${get('OTEL_TRACES_SAMPLER_ARG')}`)
  return {
    disabled: get('OTEL_SDK_DISABLED')?.toLowerCase() === 'true',
    serviceName: get('OTEL_SERVICE_NAME'),
    exporter: exporterKind(get('OTEL_TRACES_EXPORTER')),
    url: tracesUrl(get('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'), get('OTEL_EXPORTER_OTLP_ENDPOINT')),
    headers: { ...parseKeyValues(get('OTEL_EXPORTER_OTLP_HEADERS')), ...parseKeyValues(get('OTEL_EXPORTER_OTLP_TRACES_HEADERS')) },
    sampler,
    samplerRatio: ratio,
    resourceAttributes: parseKeyValues(get('OTEL_RESOURCE_ATTRIBUTES')),
  }
}

function exporterKind(value: string | undefined): TracesExporterKind {
  // The variable is a list; the first entry wins (relaymesh runs one exporter).
  const first = (value ?? 'otlp').split(',')[0]?.trim().toLowerCase()
  if (first === 'otlp' || first === 'none' || first === 'console') return first
  throw new Error(`unsupported OTEL_TRACES_EXPORTER ${JSON.stringify(value)}; one of otlp, none, console`)
}

function tracesUrl(specific: string | undefined, base: string | undefined): string {
  if (specific !== undefined) return new URL(specific).toString()
  const root = base ?? 'http://localhost:4318'
  return new URL(`${root.endsWith('/') ? root : `${root}/`}v1/traces`).toString()
}

/** `k1=v1,k2=v2` with percent-encoded values (W3C baggage format, as the spec says). */
function parseKeyValues(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=')
    if (at <= 0) continue
    out[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim())
  }
  return out
}
