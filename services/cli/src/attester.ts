import { readFileSync } from 'node:fs'
import { loadAttesterConfig, runAttesterMain } from '@relaymesh/relayer'

/**
 * `relaymesh attester`: one Solana committee member (libs/relayer/src/attester). The only place it reads its
 * environment: RELAYMESH_ATTESTER_CONFIG_FILE, RELAYMESH_ATTESTER_KEY_FILE, RELAYMESH_ATTESTER_TOKENS_FILE,
 * RELAYMESH_ATTESTER_TLS_CERT_FILE, RELAYMESH_ATTESTER_TLS_KEY_FILE, RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE (HTTPS, mTLS),
 * RELAYMESH_LOG_LEVEL (see `loadAttesterConfig`).
 */
export function runAttester(env: Record<string, string | undefined> = process.env): Promise<void> {
  return runAttesterMain(loadAttesterConfig(env, (path) => readFileSync(path, 'utf8')))
}
