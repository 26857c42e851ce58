import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildExplorer, isExplorerBuilt } from '@relaymesh/explorer'
import { runDevnet } from '@relaymesh/devnet'
import { readConfig } from './config.js'

/** `relaymesh devnet`: the whole mesh on local chains with steady traffic; Ctrl-C stops everything. */
export async function main(argv: string[] = []): Promise<void> {
  const config = readConfig(argv)
  const stop = new AbortController()
  process.once('SIGINT', () => stop.abort())
  process.once('SIGTERM', () => stop.abort())
  // The relayers' apis serve the explorer from its build; a fresh checkout has none yet.
  if (!isExplorerBuilt()) {
    console.log('building the explorer (npm run build:explorer)…')
    await buildExplorer()
  }
  const ids = Array.from({ length: config.relayers }, (_, i) => `r${i + 1}`)
  const result = await runDevnet({
    relayerIds: ids,
    threshold: config.threshold,
    rate: config.rate,
    sdkRate: config['sdk-rate'],
    durationSeconds: config.duration,
    workDir: resolve(config.dir),
    bin: fileURLToPath(import.meta.resolve('@relaymesh/cli/bin')),
    env: config.env,
    print: (line) => console.log(line),
    signal: stop.signal,
  })
  console.log(
    `devnet stopped: sent ${result.sent}, ` +
      `executed ${result.executed}${result.stalled.length ? `; STOPPED EXECUTING: ${result.stalled.join(', ')}` : ''}`,
  )
  if (result.stalled.length) process.exitCode = 1
}
