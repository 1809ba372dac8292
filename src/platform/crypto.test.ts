import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { randomBytes } from 'node:crypto'
import { canonicalJson, decrypt, encrypt, hmac, uuidFromDigest } from './crypto.ts'

test('canonical JSON is valid JSON of the same value, whatever the key order', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value)
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)))
      const reordered = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      )
      assert.equal(canonicalJson(reordered), text)
    }),
  )
  assert.equal(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], u: undefined }), '{"a":[{"c":"x","d":null}],"b":1}')
})

test('encryption round-trips, differs every time, and refuses a tampered or wrong-key ciphertext', () => {
  const key = randomBytes(32)
  const sealed = encrypt(key, '11010519491231002X')
  assert.equal(decrypt(key, sealed), '11010519491231002X')
  assert.notDeepEqual(encrypt(key, '11010519491231002X'), sealed)
  const tampered = Buffer.from(sealed)
  tampered[tampered.length - 1]! ^= 1
  assert.throws(() => decrypt(key, tampered))
  assert.throws(() => decrypt(randomBytes(32), sealed))
})

test('derived ids are UUIDs (version 8), stable for a key and different across keys', () => {
  const key = randomBytes(32)
  const id = uuidFromDigest(hmac(key, 'uscc:91350100M000100Y43'))
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(uuidFromDigest(hmac(key, 'uscc:91350100M000100Y43')), id)
  assert.notEqual(uuidFromDigest(hmac(randomBytes(32), 'uscc:91350100M000100Y43')), id)
})

test('canonical JSON is sorted at every depth (integer-like keys first, ascending, as the language orders them)', () => {
  assert.equal(
    canonicalJson({ 10: 'a', 2: 'b', b: [{ z: 1, a: { y: 2, x: 3 } }] }),
    '{"2":"b","10":"a","b":[{"a":{"x":3,"y":2},"z":1}]}',
  )
  assert.equal(canonicalJson('text'), '"text"')
  assert.equal(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":2}}')), '{"__proto__":{"x":2},"b":1}')
  assert.equal(canonicalJson([3, { b: 1, a: 2 }]), '[3,{"a":2,"b":1}]')
})
