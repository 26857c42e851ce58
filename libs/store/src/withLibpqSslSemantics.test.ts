import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { parse } from 'pg-connection-string'
import { withLibpqSslSemantics } from './withLibpqSslSemantics.js'

describe('withLibpqSslSemantics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-pgtls-'))
  const ca = join(dir, 'ca.crt')
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
  after(() => rmSync(dir, { recursive: true, force: true }))
  /** The `ssl` option node-postgres builds from the URL (it parses it with pg-connection-string). */
  const ssl = (url: string) =>
    parse(withLibpqSslSemantics(url)).ssl as
      false | { ca?: string; rejectUnauthorized?: boolean; checkServerIdentity?: unknown } | undefined

  it('reads sslmode as libpq does', () => {
    const base = 'postgres://relaymesh@db:5432/rm'
    assert.equal(ssl(base), undefined, 'no sslmode: node-postgres defaults (PGSSLMODE)')
    assert.equal(ssl(`${base}?sslmode=disable`), false)
    assert.equal(ssl(`${base}?sslmode=allow`), false)
    assert.deepEqual(ssl(`${base}?sslmode=prefer`), { rejectUnauthorized: false })
    assert.deepEqual(ssl(`${base}?sslmode=require`), { rejectUnauthorized: false }, 'require: encrypted, not verified')
    const requireWithCa = ssl(`${base}?sslmode=require&sslrootcert=${ca}`)
    assert.ok(
      requireWithCa &&
        requireWithCa.ca?.includes('BEGIN CERTIFICATE') &&
        typeof requireWithCa.checkServerIdentity === 'function' &&
        requireWithCa.rejectUnauthorized !== false,
      'require + CA: verify-ca',
    )
    const verifyCa = ssl(`${base}?sslmode=verify-ca&sslrootcert=${ca}`)
    assert.ok(
      verifyCa &&
        verifyCa.ca &&
        typeof verifyCa.checkServerIdentity === 'function' &&
        verifyCa.rejectUnauthorized !== false,
      'verify-ca: chain checked, host name not',
    )
    const verifyFull = ssl(`${base}?sslmode=verify-full&sslrootcert=${ca}`)
    assert.ok(
      verifyFull &&
        verifyFull.ca &&
        verifyFull.checkServerIdentity === undefined &&
        verifyFull.rejectUnauthorized !== false,
      'verify-full: chain and host name',
    )
  })

  it('leaves URLs without sslmode, or with an explicit uselibpqcompat, as they are', () => {
    for (const url of [
      'postgres://u@h/db',
      'postgres://u@h/db?application_name=x',
      'postgres://u@h/db?sslmode=require&uselibpqcompat=false',
    ])
      assert.equal(withLibpqSslSemantics(url), url)
  })
})
