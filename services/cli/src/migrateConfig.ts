import { readFileSync } from 'node:fs'
import { RelayerError, relayerConfigSchema } from '@relaymesh/relayer'
import { z } from 'zod'

export type MigrateConfig = {
  /** From the relayer config; a password comes from `PGPASSWORD`, which node-postgres reads itself. */
  databaseUrl: string
}

/**
 * The only place `relaymesh migrate` reads its environment: `RELAYMESH_CONFIG_FILE`
 * (or inline `RELAYMESH_CONFIG`), the same relayer JSON config the services read.
 * It is validated in full, so the Helm pre-upgrade hook fails on a bad config
 * before any service rolls. No relayer key is needed to migrate.
 *
 * @throws RelayerError `CONFIG_INVALID` (fatal) naming what is wrong.
 */
export function readMigrateConfig(env: Record<string, string | undefined> = process.env): MigrateConfig {
  const raw = env.RELAYMESH_CONFIG_FILE ? readFileSync(env.RELAYMESH_CONFIG_FILE, 'utf8') : env.RELAYMESH_CONFIG
  if (!raw) throw invalid('set RELAYMESH_CONFIG_FILE (path to the relayer JSON config) or RELAYMESH_CONFIG')
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (cause) {
    throw invalid('the relayer config is not valid JSON', cause)
  }
  const config = relayerConfigSchema.safeParse(json)
  if (!config.success) throw invalid(`relayer config: ${z.prettifyError(config.error)}`)
  return { databaseUrl: config.data.databaseUrl }
}

function invalid(message: string, cause?: unknown): RelayerError {
  return new RelayerError(`Invalid configuration: ${message}`, { code: 'CONFIG_INVALID', action: 'fatal', cause })
}
