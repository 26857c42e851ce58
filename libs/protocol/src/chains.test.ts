import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chainInfo } from './chainInfo.js'
import { chainKind } from './chainKind.js'
import { chains, chainsByDomain } from './chains.js'
import { domainName } from './domainName.js'
import { domains } from './domains.js'
import { isKnownDomain } from './isKnownDomain.js'
import { ProtocolError } from './ProtocolError.js'

describe('domains and chains (PROTOCOL.md "Chain identifiers")', () => {
  test('domain numbers match the spec table', () => {
    assert.deepEqual(domains, {
      ethereum: 1,
      bsc: 56,
      solana: 1399811149,
      ethereumLocal: 31337,
      bscLocal: 31356,
      solanaLocal: 1399811150,
    })
  })

  test('EVM domains equal their chain id; Solana has none', () => {
    for (const info of Object.values(chains)) {
      assert.equal(info.evmChainId, info.kind === 'evm' ? info.domain : undefined)
    }
    assert.equal(chainsByDomain.size, 6)
  })

  test('kind, name, known', () => {
    assert.equal(chainKind(domains.bscLocal), 'evm')
    assert.equal(chainKind(domains.solanaLocal), 'solana')
    assert.equal(domainName(31337), 'ethereumLocal')
    assert.equal(chainInfo(56).local, false)
    assert.equal(isKnownDomain(1399811150), true)
    assert.equal(isKnownDomain(137), false)
  })

  test('DOMAIN_UNKNOWN for other domains', () => {
    for (const fn of [() => chainKind(137), () => domainName(0), () => chainInfo(2 ** 32)]) {
      assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === 'DOMAIN_UNKNOWN')
    }
  })
})
