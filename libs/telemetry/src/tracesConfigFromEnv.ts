import { TelemetryError } from './TelemetryError.js'

/**
 * The OpenTelemetry environment variables relaymesh honours, read from a config object (libs never read `process.env`).
 */
export type TelemetryEnv = Readonly<Record<string, string | undefined>>

export type TracesExporterKind = 'otlp' | 'none' | 'console'

/** The OTLP encodings relaymesh exports with; `grpc` is refused (no gRPC exporter is installed). */
export type OtlpProtocol = 'http/protobuf' | 'http/json'

export const OTLP_PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json']

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio'

export type TracesConfig = {
  disabled: boolean
  serviceName: string | undefined
  exporter: TracesExporterKind
  /** OTLP encoding: `http/protobuf` (the OpenTelemetry default, what Jaeger and collectors expect) or `http/json`. */
  protocol: OtlpProtocol
  /** Full URL of the traces endpoint (…/v1/traces). */
  url: string
  headers: Record<string, string>
  sampler: SamplerName
  samplerRatio: number
  resourceAttributes: Record<string, string>
}

/**
 * The sampler when `OTEL_TRACES_SAMPLER` is unset: a trace-id ratio, so that at full load (100k messages/s) tracing
 * keeps 1,000 message traces a second, whole on every relayer, instead of recording every message. A ratio of 1 is
 * for a devnet or a test that inspects every trace: set `OTEL_TRACES_SAMPLER_ARG=1`.
 */
export const DEFAULT_TRACES_SAMPLER = { sampler: 'parentbased_traceidratio', ratio: 0.01 } as const

const samplers: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
]

/**
 * Applies the OpenTelemetry SDK environment specification to `env`:
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as is, `OTEL_EXPORTER_OTLP_ENDPOINT`
 * gets `/v1/traces` appended, default `http://localhost:4318/v1/traces`;
 * `OTEL_TRACES_EXPORTER` (`otlp` | `none` | `console`), `OTEL_TRACES_SAMPLER`
 * (+ `_ARG`), `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
 * `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`, `OTEL_SDK_DISABLED`, and
 * `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` (`http/protobuf`, the default, or
 * `http/json`; the traces-specific variable wins).
 *
 * One departure from the specification: with `OTEL_TRACES_SAMPLER` unset the
 * sampler is {@link DEFAULT_TRACES_SAMPLER} (`parentbased_traceidratio`, ratio
 * `OTEL_TRACES_SAMPLER_ARG` or else 0.01), not `parentbased_always_on`. A
 * sampler named explicitly takes the specification's default argument, 1.
 *
 * @throws {TelemetryError} `OTEL_PROTOCOL_UNSUPPORTED`, `OTEL_EXPORTER_UNSUPPORTED`, `OTEL_SAMPLER_UNSUPPORTED`,
 * `OTEL_SAMPLER_ARG_INVALID`, `OTEL_ENDPOINT_INVALID` (all `fatal`): a value relaymesh cannot honour is refused, never
 * ignored.
 * @example
 * tracesConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).url
 * // 'http://collector:4318/v1/traces'
 * tracesConfigFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol // 'http/json'
 */
export function tracesConfigFromEnv(env: TelemetryEnv): TracesConfig {
  const get = (key: string) => {
    const value = env[key]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const named = get('OTEL_TRACES_SAMPLER')?.toLowerCase()
  // reason: validated on the next line
  const sampler = (named ?? DEFAULT_TRACES_SAMPLER.sampler) as SamplerName
  if (!samplers.includes(sampler)) {
    throw new TelemetryError(
      `unsupported OTEL_TRACES_SAMPLER ${JSON.stringify(sampler)}; one of ${samplers.join(', ')}`,
      {
        code: 'OTEL_SAMPLER_UNSUPPORTED',
        meta: { variable: 'OTEL_TRACES_SAMPLER', value: sampler, allowed: samplers },
      },
    )
  }
  const arg = get('OTEL_TRACES_SAMPLER_ARG')
  const ratio = arg === undefined ? (named === undefined ? DEFAULT_TRACES_SAMPLER.ratio : 1) : Number(arg)
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new TelemetryError(`OTEL_TRACES_SAMPLER_ARG must be in [0, 1], got ${arg}`, {
      code: 'OTEL_SAMPLER_ARG_INVALID',
      meta: { variable: 'OTEL_TRACES_SAMPLER_ARG', value: arg },
    })
  }
  return {
    disabled: get('OTEL_SDK_DISABLED')?.toLowerCase() === 'true',
    serviceName: get('OTEL_SERVICE_NAME'),
    exporter: exporterKind(get('OTEL_TRACES_EXPORTER')),
    protocol: otlpProtocol(get('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'), get('OTEL_EXPORTER_OTLP_PROTOCOL')),
    url: tracesUrl(get('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'), get('OTEL_EXPORTER_OTLP_ENDPOINT')),
    headers: {
      ...parseKeyValues(get('OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseKeyValues(get('OTEL_EXPORTER_OTLP_TRACES_HEADERS')),
    },
    sampler,
    samplerRatio: ratio,
    resourceAttributes: parseKeyValues(get('OTEL_RESOURCE_ATTRIBUTES')),
  }
}

function exporterKind(value: string | undefined): TracesExporterKind {
  // The variable is a list; the first entry wins (relaymesh runs one exporter).
  const first = (value ?? 'otlp').split(',')[0]?.trim().toLowerCase()
  if (first === 'otlp' || first === 'none' || first === 'console') return first
  throw new TelemetryError(`unsupported OTEL_TRACES_EXPORTER ${JSON.stringify(value)}; one of otlp, none, console`, {
    code: 'OTEL_EXPORTER_UNSUPPORTED',
    meta: { variable: 'OTEL_TRACES_EXPORTER', value, allowed: ['otlp', 'none', 'console'] },
  })
}

/** OpenTelemetry SDK environment specification: the signal-specific variable wins; the default is `http/protobuf`. */
function otlpProtocol(specific: string | undefined, general: string | undefined): OtlpProtocol {
  const variable = specific !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL'
  const value = (specific ?? general ?? 'http/protobuf').toLowerCase()
  const known = OTLP_PROTOCOLS.find((p) => p === value)
  if (known) return known
  const hint =
    value === 'grpc'
      ? " (gRPC is not supported: point the endpoint at the collector's OTLP/HTTP port, usually 4318)"
      : ''
  throw new TelemetryError(
    `unsupported ${variable} ${JSON.stringify(specific ?? general)}; one of ${OTLP_PROTOCOLS.join(', ')}${hint}`,
    {
      code: 'OTEL_PROTOCOL_UNSUPPORTED',
      meta: { variable, value: specific ?? general, allowed: OTLP_PROTOCOLS },
    },
  )
}

function tracesUrl(specific: string | undefined, base: string | undefined): string {
  const variable = specific !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'
  let url: URL
  try {
    const root = base ?? 'http://localhost:4318'
    url = new URL(specific ?? `${root.endsWith('/') ? root : `${root}/`}v1/traces`)
  } catch (cause) {
    throw new TelemetryError(`${variable} is not a URL`, {
      code: 'OTEL_ENDPOINT_INVALID',
      meta: { variable, value: specific ?? base },
      cause,
    })
  }
  // `collector:4318` parses as a URL of scheme `collector:`: only OTLP/HTTP endpoints are meant here.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TelemetryError(`${variable} must be an http(s) URL, got ${JSON.stringify(specific ?? base)}`, {
      code: 'OTEL_ENDPOINT_INVALID',
      meta: { variable, value: specific ?? base },
    })
  }
  return url.toString()
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
