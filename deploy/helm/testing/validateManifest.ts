import type { Manifest } from './renderChart.js'

type Model = { validate(): void }
type ModelClass = new (data: unknown) => Model

/** Prometheus Operator kinds: no schema package installed, so their shape is checked by hand below. */
const MONITORING_API = 'monitoring.coreos.com/v1'
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/

/**
 * Validates one rendered object: built-in kinds against the Kubernetes OpenAPI
 * schemas (`kubernetes-models`: construct the model, `.validate()`), Prometheus
 * Operator kinds by shape. Also the metadata rules the API server enforces and
 * the schemas leave out: name syntax and length, label value syntax and length.
 * Throws naming the object and the problem.
 */
export async function validateManifest(m: Manifest): Promise<void> {
  const where = `${m.kind}/${m.metadata?.name}`
  checkMetadata(m, where)
  if (m.apiVersion === MONITORING_API) return checkMonitoringShape(m, where)
  // reason: the module is the API group/version's model table
  const models = (await import(`kubernetes-models/${m.apiVersion}`)) as Record<string, ModelClass>
  const Model = models[m.kind]
  if (!Model) throw new Error(`${where}: kubernetes-models has no ${m.apiVersion} ${m.kind}`)
  try {
    new Model(m).validate()
  } catch (cause) {
    throw new Error(`${where}: ${String(cause)}`, { cause })
  }
}

function checkMetadata(m: Manifest, where: string): void {
  const { name, labels = {} } = m.metadata
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) throw new Error(`${where}: invalid name`)
  // Services and label-carrying names must be DNS labels; keep every name within 63 so pods and hooks stay readable.
  if (name.length > 63) throw new Error(`${where}: name longer than 63 characters`)
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v))
      throw new Error(`${where}: label ${k}=${String(v)} is not a valid label value`)
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

function isStringMap(x: unknown): boolean {
  return (
    x === undefined || (typeof x === 'object' && x !== null && Object.values(x).every((v) => typeof v === 'string'))
  )
}

function checkSelector(selector: unknown, where: string): void {
  // reason: shape checked here
  const s = selector as { matchLabels?: unknown; matchExpressions?: unknown[] } | undefined
  assert(s && (s.matchLabels || s.matchExpressions), `${where}: selector matches nothing`)
  assert(isStringMap(s.matchLabels), `${where}: selector.matchLabels must map strings to strings`)
}

type Endpoint = { port?: unknown; path?: unknown; interval?: unknown; relabelings?: unknown[] }

function checkEndpoints(endpoints: Endpoint[] | undefined, where: string): void {
  assert(Array.isArray(endpoints) && endpoints.length > 0, `${where}: no scrape endpoints`)
  for (const e of endpoints) {
    assert(typeof e.port === 'string' && e.port.length > 0, `${where}: endpoint needs a named port`)
    assert(
      e.path === undefined || (typeof e.path === 'string' && e.path.startsWith('/')),
      `${where}: endpoint path must start with /`,
    )
    assert(
      e.interval === undefined || (typeof e.interval === 'string' && DURATION.test(e.interval)),
      `${where}: bad interval`,
    )
  }
}

type Rule = {
  alert?: unknown
  record?: unknown
  expr?: unknown
  for?: unknown
  labels?: unknown
  annotations?: unknown
}

function checkRule(rule: Rule, where: string): void {
  const name = String(rule.alert ?? rule.record)
  assert(
    (typeof rule.alert === 'string') !== (typeof rule.record === 'string'),
    `${where}: a rule is an alert or a record`,
  )
  assert(
    typeof rule.expr === 'string' && rule.expr.trim().length > 0,
    `${where} ${name}: expr must be a non-empty string`,
  )
  assert(balanced(rule.expr), `${where} ${name}: unbalanced brackets in expr`)
  assert(
    rule.for === undefined || (typeof rule.for === 'string' && DURATION.test(rule.for)),
    `${where} ${name}: bad for`,
  )
  assert(
    isStringMap(rule.labels) && isStringMap(rule.annotations),
    `${where} ${name}: labels and annotations map strings to strings`,
  )
}

function checkMonitoringShape(m: Manifest, where: string): void {
  const spec = m.spec as Record<string, unknown> | undefined // reason: shape checked here
  assert(spec && typeof spec === 'object', `${where}: no spec`)
  if (m.kind === 'ServiceMonitor' || m.kind === 'PodMonitor') {
    checkSelector(spec.selector, where)
    checkEndpoints(
      (m.kind === 'ServiceMonitor' ? spec.endpoints : spec.podMetricsEndpoints) as Endpoint[] | undefined,
      where,
    )
    return
  }
  assert(m.kind === 'PrometheusRule', `${where}: unexpected ${MONITORING_API} kind`)
  const groups = spec.groups as { name?: unknown; rules?: Rule[] }[] | undefined // reason: shape checked here
  assert(Array.isArray(groups) && groups.length > 0, `${where}: no rule groups`)
  for (const group of groups) {
    assert(typeof group.name === 'string' && group.name.length > 0, `${where}: a group needs a name`)
    assert(Array.isArray(group.rules) && group.rules.length > 0, `${where}: group ${group.name} has no rules`)
    for (const rule of group.rules) checkRule(rule, where)
  }
}

/** True when (), [] and {} nest properly outside string literals: catches most template slips in PromQL. */
export function balanced(expr: string): boolean {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' }
  const stack: string[] = []
  let quote: string | undefined
  for (const ch of expr) {
    if (quote) {
      if (ch === quote) quote = undefined
    } else if (ch === '"' || ch === "'") quote = ch
    else if ('([{'.includes(ch)) stack.push(ch)
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false
  }
  return stack.length === 0 && quote === undefined
}
