import assert from 'node:assert/strict'
import { test } from 'node:test'
import { mnemonicToAccount } from 'viem/accounts'
import { anvilMnemonic, devAccounts } from './devAccounts.js'

test('hard-coded dev keys are the anvil mnemonic derivations', () => {
  const accounts = devAccounts()
  assert.equal(accounts.length, 10)
  accounts.forEach((account, addressIndex) => {
    assert.equal(account.address, mnemonicToAccount(anvilMnemonic, { addressIndex }).address)
  })
})
