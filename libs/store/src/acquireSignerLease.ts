import { createHash } from 'node:crypto'
import type pg from 'pg'

/** Namespace of signer leases ("rmsl" in ASCII), the first key of the two-key advisory lock. */
const SIGNER_LEASE_NAMESPACE = 0x726d736c | 0

export type AcquireSignerLeaseParameters = {
  /** The signing address (0x, any case). */
  address: string
  /** Chain ids the process sends transactions on. */
  chains: readonly number[]
  /** Called when the session holding the lease is lost (the lease with it): the holder must stop signing. */
  onLost: (error: Error) => void
}

export type SignerLease = {
  /** Releases every lock and returns the session to the pool. Idempotent. */
  release: () => Promise<void>
}

/** The chain a lease was refused for: another live session holds it. */
export type AcquireSignerLeaseReturnType =
  { acquired: true; lease: SignerLease } | { acquired: false; heldChain: number }

/** The advisory lock key of (address, chain): 32 bits of sha256 over both, as a signed int4. */
export function signerLeaseKey(address: string, chain: number): number {
  return createHash('sha256').update(`${address.toLowerCase()}:${chain}`).digest().readInt32BE(0)
}

/**
 * A lease on signing with `address` on each of `chains`, held by one Postgres session for as long as the
 * process keeps it: session advisory locks, so a process that dies (crash, SIGKILL, a node gone) loses its
 * lease with its connection, and no expiry has to be guessed. A second process asking for the same address
 * and chain is refused (and takes nothing). Nonces are per address and chain, so this is what keeps two
 * settlers from racing them.
 *
 * @example
 * const result = await acquireSignerLease(pool, { address, chains: [1, 56], onLost: (e) => stop.abort(e) })
 * if (!result.acquired) throw new Error(`chain ${result.heldChain}: another process signs with this key`)
 */
export async function acquireSignerLease(
  pool: pg.Pool,
  parameters: AcquireSignerLeaseParameters,
): Promise<AcquireSignerLeaseReturnType> {
  const client = await pool.connect()
  const held: number[] = []
  let released = false
  const release = async () => {
    if (released) return
    released = true
    client.off('error', lost)
    try {
      for (const key of held) await client.query('SELECT pg_advisory_unlock($1, $2)', [SIGNER_LEASE_NAMESPACE, key])
      client.release()
    } catch (error) {
      client.release(error instanceof Error ? error : true)
    }
  }
  const lost = (error: Error) => {
    if (released) return
    released = true
    client.release(error)
    parameters.onLost(error)
  }
  client.on('error', lost)
  for (const chain of [...new Set(parameters.chains)]) {
    const key = signerLeaseKey(parameters.address, chain)
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      SIGNER_LEASE_NAMESPACE,
      key,
    ])
    if (!rows[0]?.ok) {
      await release()
      return { acquired: false, heldChain: chain }
    }
    held.push(key)
  }
  return { acquired: true, lease: { release } }
}
