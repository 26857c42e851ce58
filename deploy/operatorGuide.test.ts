import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { load } from 'js-yaml'
import { messageTraceId } from '../libs/relayer/src/tracing/messageTraceparent.js'
import { WAITING_CODES } from '../libs/relayer/src/tracing/recordSpanError.js'
import { readGuideSpanTable } from './guideSpanTable.js'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const guide = readFileSync(new URL('./README.md', import.meta.url), 'utf8')
// reason: the chart's values are a YAML map
const values = load(readFileSync(new URL('./helm/relaymesh/values.yaml', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>
const notes = readFileSync(new URL('./helm/relaymesh/templates/NOTES.txt', import.meta.url), 'utf8')

/** A values path as the guide writes it: `verifier.autoscaling.maxReplicas`, `chains[].rpcUrl`, `chains[0].name`. */
const VALUE_PATH = /^[a-z][A-Za-z0-9]*(\[\d*\])?(\.[A-Za-z0-9]+(\[\d*\])?)+$/
/**
 * Span and attribute names (`relaymesh.message.id`, `http.route`) look like paths too; no value lives under these
 * roots.
 */
const TELEMETRY_NAME = /^(relaymesh|http|client|user_agent|service)\./
/** File names look like paths (`values.yaml`); no value is named after a file extension. */
const FILE_NAME = /\.(json|ya?ml|ts|mjs|js|md|txt|tpl)$/

/**
 * Whether `path` exists in values.yaml. Arrays are entered through their first
 * element; an empty map or list in values.yaml (`podLabels: {}`, `extraEnv: []`)
 * is free-form, so anything below it exists.
 */
function existsInValues(path: string): boolean {
  let node: unknown = values
  for (const segment of path.replace(/\[\d*\]/g, '.[]').split('.')) {
    if (Array.isArray(node)) {
      if (node.length === 0) return true
      node = node[0]
      if (segment === '[]') continue
    }
    if (segment === '[]') return false
    if (typeof node !== 'object' || node === null) return false
    if (Object.keys(node).length === 0) return true
    if (!(segment in node)) return false
    node = (node as Record<string, unknown>)[segment] // reason: checked to be an object above
  }
  return true
}

/** Leaf paths of a YAML snippet (`a.b.c`; list items as `[]`). */
function leafPaths(node: unknown, prefix = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((item) => leafPaths(item, `${prefix}[]`))
  if (typeof node !== 'object' || node === null || Object.keys(node).length === 0) return [prefix]
  return Object.entries(node).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k))
}

function mentionedPaths(): string[] {
  const inline = [...guide.matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1] ?? '')
    .filter((t) => VALUE_PATH.test(t) && !FILE_NAME.test(t) && !TELEMETRY_NAME.test(t))
  const sets = [...guide.matchAll(/--set(?:-string)? ([^=\s]+)=/g)].map((m) => m[1] ?? '')
  const snippets = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => leafPaths(load(m[1] ?? '')))
  return [...new Set([...inline, ...sets, ...snippets])]
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: repoRoot }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr || String(error))) : resolve(stdout.trim()),
    )
  })
}

describe('deploy/README.md, the operator guide', () => {
  test('every values path it mentions exists in values.yaml', () => {
    const paths = mentionedPaths()
    assert.ok(paths.length >= 40, `only ${paths.length} value paths found: is the extraction broken?`)
    const missing = paths.filter((p) => !existsInValues(p))
    assert.deepEqual(missing, [], `the guide names values that do not exist: ${missing.join(', ')}`)
  })

  test('the path check itself refuses a path that does not exist', () => {
    assert.equal(existsInValues('verifier.autoscaling.maxReplicas'), true)
    assert.equal(existsInValues('chains[].rpcUrl'), true)
    assert.equal(existsInValues('verifier.autoscaling.maxReplica'), false)
    assert.equal(existsInValues('settler.replicas'), false)
    assert.equal(existsInValues('chains[].rpc'), false)
  })

  test('the span table lists each span once, every message span under the root, and says where waiting shows', () => {
    const table = readGuideSpanTable(guide)
    assert.ok(table.size >= 11, `only ${table.size} spans in the table`)
    const roots = [...table.values()].filter((s) => s.parent === undefined).map((s) => [s.trace, s.name])
    assert.deepEqual(
      roots,
      [
        ['message', 'relaymesh.message'],
        ['bundle', 'relaymesh.watch.bundle'],
        ['batch', 'relaymesh.batch'],
        ['attestation', 'relaymesh.attest'],
        ['signature request', 'relaymesh.attester.serve'],
      ],
      'one root per kind of trace',
    )
    for (const span of table.values()) {
      if (span.parent !== undefined)
        assert.equal(
          table.get(span.parent)?.trace,
          span.trace,
          `${span.name}: parent ${span.parent} is in the same kind of trace`,
        )
      if (span.trace === 'message')
        assert.ok(span.always.includes('relaymesh.message.id'), `${span.name} names its message`)
    }
    // The spans whose work waits (recordSpanError): the wait shows as an attribute they document.
    for (const name of ['relaymesh.verify.bundle', 'relaymesh.cosign'])
      assert.ok(table.get(name)?.sometimes.includes('relaymesh.wait.reason'), name)
    for (const code of WAITING_CODES) assert.ok(guide.includes(code), `the guide names the wait ${code}`)
  })

  test('the trace id one-liners print messageTraceId(id), and NOTES.txt carries the same one', async () => {
    const inPod = /node -e '([^']+)' 0x<message id>/.exec(guide)?.[1]
    const fromCheckout = /node --import tsx -e '([^']+)' 0x<message id>/.exec(guide)?.[1]
    assert.ok(inPod && fromCheckout, 'one-liners not found in the guide')
    assert.ok(notes.includes(`node -e '${inPod}'`), 'NOTES.txt and the guide differ')
    const id = '0x9c22ff5f21f0b81b113e63f7db6da94fedef11b2119b4088b89664fb9a3cb658' as const
    const [a, b] = await Promise.all([run(['-e', inPod, id]), run(['--import', 'tsx', '-e', fromCheckout, id])])
    assert.equal(a, messageTraceId(id))
    assert.equal(b, messageTraceId(id))
    assert.match(a, /^[0-9a-f]{32}$/)
  })
})
