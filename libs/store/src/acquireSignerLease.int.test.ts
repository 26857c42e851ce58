import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { acquireSignerLease, type SignerLease } from './acquireSignerLease.js'
import { createDb, type CreateDbReturnType } from './createDb.js'
import { createTestDatabase, type TestDatabase } from './testing/testDatabase.js'

const address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

describe('acquireSignerLease (Postgres session advisory locks)', () => {
  let database: TestDatabase
  // Two pools stand for two settler processes of one relayer (one database).
  let first: CreateDbReturnType
  let second: CreateDbReturnType
  before(async () => {
    database = await createTestDatabase()
    first = createDb({ connectionString: database.url, max: 2 })
    second = createDb({ connectionString: database.url, max: 2 })
  })
  after(async () => {
    await Promise.all([first?.close(), second?.close()])
    await database?.drop()
  })

  const acquire = (db: CreateDbReturnType, chains: number[], onLost: (e: Error) => void = () => undefined) =>
    acquireSignerLease(db.pool, { address, chains, onLost })
  const leaseOf = (result: Awaited<ReturnType<typeof acquireSignerLease>>): SignerLease => {
    assert.ok(result.acquired, 'acquired')
    return result.lease
  }

  it('one holder per address and chain: a second process is refused, naming the chain, and takes nothing', async () => {
    const lease = leaseOf(await acquire(first, [31337, 56]))
    assert.deepEqual(await acquire(second, [1, 56]), { acquired: false, heldChain: 56 })
    // Refused on 56, it kept no lock on chain 1 either.
    const other = leaseOf(await acquire(second, [1]))
    await other.release()
    // Another address on the same chains is independent; the same address differently cased is not.
    assert.equal(
      (await acquireSignerLease(second.pool, { address: `0x${'1'.repeat(40)}`, chains: [56], onLost: () => undefined }))
        .acquired,
      true,
    )
    assert.deepEqual(
      await acquireSignerLease(second.pool, {
        address: address.toLowerCase(),
        chains: [31337],
        onLost: () => undefined,
      }),
      { acquired: false, heldChain: 31337 },
    )
    await lease.release()
    await lease.release()
    leaseOf(await acquire(second, [31337, 56])).release()
  })

  it('a holder whose session dies loses the lease (and is told); the next process takes it', async () => {
    let lost: Error | undefined
    const lease = leaseOf(await acquire(first, [97], (e) => (lost = e)))
    assert.equal((await acquire(second, [97])).acquired, false)
    // What a crash or a network partition does to the holder's connection: the server ends its session.
    // Only this test database's signer leases ("rmsl" two-key locks): the server is shared with other tests.
    await second.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
      WHERE locktype = 'advisory' AND objsubid = 2 AND classid = x'726d736c'::int::oid AND granted AND pid <> ` +
        `pg_backend_pid()
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )
    const deadline = Date.now() + 30_000
    while (!lost && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    assert.ok(lost, 'onLost called')
    const next = leaseOf(await acquire(second, [97]))
    await next.release()
    await lease.release()
  })
})
