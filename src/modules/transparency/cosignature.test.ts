import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPublicKey, verify } from 'node:crypto'
import { signCheckpoint, signingKeyFromSeed } from './checkpoint.ts'
import {
  addCheckpointRequest,
  cosign,
  cosignaturesOf,
  cosignerKeyFromSeed,
  cosignerVerifierKey,
  parseAddCheckpointRequest,
  parseCosignerVerifierKey,
} from './cosignature.ts'
import { leafHash } from './merkle.ts'

const seed = Buffer.alloc(32, 7)
const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'

test('a cosignature is key id (type 0x04), big-endian timestamp and an Ed25519 signature over "cosignature/v1", the time and the checkpoint body', () => {
  const key = cosignerKeyFromSeed('witness.example.com/w1', seed)
  const line = cosign(body, key, 1679315147)
  assert.match(line, /^\u2014 witness\.example\.com\/w1 [A-Za-z0-9+/]+=*\n$/)
  const bytes = Buffer.from(line.trim().split(' ')[2]!, 'base64')
  assert.equal(bytes.length, 4 + 8 + 64)
  const keyId = createHash('sha256')
    .update('witness.example.com/w1\n')
    .update(Buffer.from([0x04]))
    .update(key.publicKey)
    .digest()
    .subarray(0, 4)
  assert.deepEqual(bytes.subarray(0, 4), keyId)
  assert.equal(bytes.readBigUInt64BE(4), 1679315147n)
  const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${body}`)
  assert.ok(verify(null, message, createPublicKey(key.privateKey), bytes.subarray(12)))
  // the verifier key is name+keyid+base64(0x04 ‖ key), and it reads back
  const vkey = cosignerVerifierKey(key)
  assert.equal(
    vkey,
    `witness.example.com/w1+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([4]), key.publicKey]).toString('base64')}`,
  )
  assert.equal(parseCosignerVerifierKey(vkey).name, 'witness.example.com/w1')
})

test('a note keeps the log signature and the cosignatures apart: only valid cosignatures by the given witnesses count', () => {
  const log = signingKeyFromSeed('fides.test/log', seed)
  const note = signCheckpoint({ origin: 'fides.test/log', size: 3, root: leafHash(Buffer.from('x')) }, log)
  const text = note.slice(0, note.indexOf('\n\n') + 1)
  const w1 = cosignerKeyFromSeed('w1.example', Buffer.alloc(32, 1))
  const w2 = cosignerKeyFromSeed('w2.example', Buffer.alloc(32, 2))
  const verifiers = [w1, w2].map((k) => parseCosignerVerifierKey(cosignerVerifierKey(k)))
  const both = note + cosign(text, w1, 100) + cosign(text, w2, 101)
  assert.deepEqual(
    cosignaturesOf(both, verifiers).map((c) => [c.witness, c.timestamp]),
    [
      ['w1.example', 100],
      ['w2.example', 101],
    ],
  )
  // a cosignature on another checkpoint, or with its timestamp changed, does not count
  const other = cosign('fides.test/log\n4\n' + leafHash(Buffer.from('y')).toString('base64') + '\n', w2, 101)
  assert.deepEqual(
    cosignaturesOf(note + cosign(text, w1, 100) + other, verifiers).map((c) => c.witness),
    ['w1.example'],
  )
  const line = cosign(text, w1, 100)
  const raw = Buffer.from(line.trim().split(' ')[2]!, 'base64')
  raw.writeBigUInt64BE(99n, 4)
  assert.deepEqual(cosignaturesOf(note + `\u2014 w1.example ${raw.toString('base64')}\n`, verifiers), [])
  // the log's own key is not a witness key (type 0x01)
  assert.throws(
    () =>
      parseCosignerVerifierKey(
        `fides.test/log+${log.keyId.toString('hex')}+${Buffer.concat([Buffer.from([1]), log.publicKey]).toString('base64')}`,
      ),
    /0x04/,
  )
})

test('the add-checkpoint body: old size, proof lines, a blank line, the checkpoint; malformed bodies are named', () => {
  const proof = [leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))]
  const request = addCheckpointRequest(20, proof, 'o\n1\nX\n\n\u2014 o sig\n')
  assert.equal(
    request,
    `old 20\n${proof[0]!.toString('base64')}\n${proof[1]!.toString('base64')}\n\no\n1\nX\n\n\u2014 o sig\n`,
  )
  assert.deepEqual(parseAddCheckpointRequest(request), {
    ok: true,
    value: { oldSize: 20, proof, note: 'o\n1\nX\n\n\u2014 o sig\n' },
  })
  assert.deepEqual(parseAddCheckpointRequest('old 0\n\nnote'), {
    ok: true,
    value: { oldSize: 0, proof: [], note: 'note' },
  })
  for (const bad of ['old 01\n\nn', 'new 1\n\nn', 'old 1\nnot base64!\n\nn', 'old 1\nn'])
    assert.equal(parseAddCheckpointRequest(bad).ok, false, bad)
  assert.equal(
    parseAddCheckpointRequest(`old 1\n${'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'.repeat(64)}\nn`).ok,
    false,
  )
})
