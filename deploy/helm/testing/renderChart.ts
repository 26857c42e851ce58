import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { loadAll } from 'js-yaml'
import { helmBinary, helmEnv } from './helmBinary.js'

export const chartDir = fileURLToPath(new URL('../relaymesh', import.meta.url))
export const productionValues = fileURLToPath(new URL('../relaymesh/examples/production.values.yaml', import.meta.url))

/** A rendered Kubernetes object, as parsed from helm's YAML. */
export type Manifest = {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  [field: string]: unknown
}

export type HelmResult = { code: number; stdout: string; stderr: string }

/** Runs helm with `args`; resolves with its exit code and output (never rejects on a non-zero exit). */
export function helm(args: string[]): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    execFile(helmBinary(), args, { env: helmEnv(), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
    })
  })
}

export type RenderParameters = {
  valuesFiles?: string[]
  /** `--set` pairs; `setString` for values that must stay strings. */
  set?: Record<string, string | number | boolean>
  setString?: Record<string, string>
  releaseName?: string
  namespace?: string
}

export function templateArgs(p: RenderParameters = {}): string[] {
  const args = ['template', p.releaseName ?? 'rm', chartDir, '--namespace', p.namespace ?? 'relaymesh']
  for (const file of p.valuesFiles ?? []) args.push('--values', file)
  for (const [k, v] of Object.entries(p.set ?? {})) args.push('--set', `${k}=${v}`)
  for (const [k, v] of Object.entries(p.setString ?? {})) args.push('--set-string', `${k}=${v}`)
  return args
}

/** `helm template` and the parsed documents; throws with helm's stderr when rendering fails. */
export async function renderChart(p: RenderParameters = {}): Promise<Manifest[]> {
  const result = await helm(templateArgs(p))
  if (result.code !== 0) throw new Error(`helm template failed (${result.code}):\n${result.stderr}`)
  return parseManifests(result.stdout)
}

export function parseManifests(yaml: string): Manifest[] {
  return loadAll(yaml).filter((doc): doc is Manifest => doc !== null && typeof doc === 'object')
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name)
  if (!found)
    throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`)
  return found
}

export type Container = {
  name: string
  image: string
  args?: string[]
  env?: { name: string; value?: string }[]
  [field: string]: unknown
}

/** The pod template's containers of a Deployment or Job. */
export function containersOf(m: Manifest): Container[] {
  const spec = m.spec as { template: { spec: { containers: Container[] } } } // reason: only called on workloads
  return spec.template.spec.containers
}
