// node scripts/cpuprofile-summary.mjs <dir or .cpuprofile files...> [--top 25] [--skip 30]
// Self time of `node --cpu-prof` profiles (as `bench:mesh --cpu-prof <dir>` writes them), summed over every profile
// found under the arguments: per function (name, file:line) and per file (node_modules packages folded to their
// name), and per relaymesh function that caused it (each sample charged to the nearest frame of libs/ or services/
// on its stack: "our code, inclusive of the libraries it calls"). Shares are of busy time ((idle) and (program) left
// out). `--skip <s>` leaves out each profile's first seconds (start-up), for a steady or idle figure. On a busy
// machine a sample's delta includes time the process waited for a core, so read shares, not seconds.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, skip: { type: 'string', default: '0' } },
})
const top = Number(values.top)
const skipUs = Number(values.skip) * 1e6
const files = positionals.flatMap(findProfiles)
if (files.length === 0) throw new Error('no .cpuprofile found under the arguments')

const byFunction = new Map()
const byFile = new Map()
const byOurs = new Map()
let total = 0
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const selfUs = selfTimes(profile)
  const ours = oursOf(profile)
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0
    const { functionName: name } = node.callFrame
    if (us === 0 || name === '(idle)' || name === '(program)') continue
    total += us
    add(byOurs, ours.get(node.id) ?? '(no relaymesh frame)', us)
    const { functionName, url, lineNumber } = node.callFrame
    const where = shortUrl(url)
    add(byFunction, `${functionName || '(anonymous)'}  ${where}${url ? `:${lineNumber + 1}` : ''}`, us)
    add(byFile, where || `(${functionName})`, us)
  }
}
console.log(`${files.length} profiles, ${(total / 1e6).toFixed(1)} busy s sampled`)
print('self time by function', byFunction)
print('self time by file', byFile)
print('charged to the nearest relaymesh frame (inclusive of the libraries it calls)', byOurs)

/**
 * Per node: `name file:line` of the nearest frame of libs/ or services/ (outside node_modules) from it up to the root.
 */
function oursOf(profile) {
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const memo = new Map()
  const find = (id) => {
    if (memo.has(id)) return memo.get(id)
    const node = byId.get(id)
    const { url, functionName, lineNumber } = node.callFrame
    const own =
      /\/(libs|services)\//.test(url) && !url.includes('node_modules')
        ? `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}`
        : undefined
    const found = own ?? (parent.has(id) ? find(parent.get(id)) : undefined)
    memo.set(id, found)
    return found
  }
  for (const node of profile.nodes) find(node.id)
  return memo
}

function findProfiles(path) {
  if (statSync(path).isFile()) return [path]
  return readdirSync(path)
    .flatMap((name) => findProfiles(join(path, name)))
    .filter((f) => f.endsWith('.cpuprofile'))
}

/** Self time per node in µs: each sample's time delta goes to the node it landed in. */
function selfTimes(profile) {
  const self = new Map()
  let at = 0
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0
    if (at >= skipUs) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  return self
}

function shortUrl(url) {
  if (!url) return ''
  const modules = url.lastIndexOf('node_modules/')
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/')
    return rest[0].startsWith('@')
      ? `${rest[0]}/${rest[1]}/${rest.slice(2).join('/')}`
      : `${rest[0]}/${rest.slice(1).join('/')}`
  }
  const libs = url.search(/\/(libs|services)\//)
  return libs >= 0 ? url.slice(libs + 1) : url.replace(/^file:\/\//, '')
}

function add(map, key, us) {
  map.set(key, (map.get(key) ?? 0) + us)
}

function print(title, map) {
  console.log(`\n${title} (top ${top}):`)
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`)
  }
}
