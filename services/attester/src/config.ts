import { readFileSync } from 'node:fs'
import { loadAttesterConfig, type AttesterServiceConfig } from '@relaymesh/relayer'

/**
 * The only place the attester reads its environment: RELAYMESH_ATTESTER_CONFIG_FILE, RELAYMESH_ATTESTER_KEY_FILE,
 * RELAYMESH_ATTESTER_TOKENS_FILE, RELAYMESH_ATTESTER_TLS_CERT_FILE, RELAYMESH_ATTESTER_TLS_KEY_FILE,
 * RELAYMESH_ATTESTER_TLS_CLIENT_CA_FILE (HTTPS, mTLS), RELAYMESH_LOG_LEVEL (see `loadAttesterConfig`).
 */
export function readConfig(): AttesterServiceConfig {
  return loadAttesterConfig(process.env, (path) => readFileSync(path, 'utf8'))
}
