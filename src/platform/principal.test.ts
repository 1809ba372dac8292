import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cachedAuthenticate, type Principal } from './principal.ts'

test('authenticated keys are remembered for the TTL only, and failures not at all', async () => {
  let calls = 0
  let valid = true
  let now = 0
  const officer: Principal = { role: 'officer', keyId: 'k', label: 'l' }
  const authenticate = cachedAuthenticate(
    async (token) => {
      calls++
      return valid && token === 'good' ? officer : null
    },
    { ttlMs: 1_000, max: 10, now: () => now },
  )
  assert.equal(await authenticate('good'), officer)
  assert.equal(await authenticate('good'), officer)
  assert.equal(calls, 1, 'the second call is answered from memory')
  assert.equal(await authenticate('bad'), null)
  assert.equal(await authenticate('bad'), null)
  assert.equal(calls, 3, 'failures are asked every time')
  valid = false
  now = 999
  assert.equal(await authenticate('good'), officer, 'a revoked key works until the TTL ends')
  now = 1_000
  assert.equal(await authenticate('good'), null, 'and not after')
})
