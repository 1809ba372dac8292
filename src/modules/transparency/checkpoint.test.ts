import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { checkpointBody, openCheckpoint, openNote, parseVerifierKey, signCheckpoint, signingKeyFromSeed, signNote, verifierKey } from './checkpoint.ts'
import { leafHash } from './merkle.ts'

// The signed-note known answer of golang.org/x/mod/sumdb/note, an independent implementation:
// its private key encodes the Ed25519 seed after the algorithm byte.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
const GO_NOTE = GO_TEXT + '\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n'
const goSeed = Buffer.from(GO_SKEY.split('+').slice(4).join('+'), 'base64').subarray(1)

test('signs and opens notes exactly as the Go sumdb/note reference does', () => {
  const key = signingKeyFromSeed('PeterNeumann', goSeed)
  assert.equal(verifierKey(key), GO_VKEY)
  assert.equal(signNote(GO_TEXT, key), GO_NOTE)
  assert.deepEqual(openNote(GO_NOTE, parseVerifierKey(GO_VKEY)), { ok: true, value: GO_TEXT })
})

test('a checkpoint is origin, size and base64 root, one per line; its signature binds all three', () => {
  const key = signingKeyFromSeed('fides.test/log', randomBytes(32))
  const verifier = parseVerifierKey(verifierKey(key))
  const root = leafHash(Buffer.from('x'))
  const note = signCheckpoint({ origin: 'fides.test/log', size: 42, root }, key)
  assert.ok(note.startsWith(`fides.test/log\n42\n${root.toString('base64')}\n\n\u2014 fides.test/log `))
  assert.deepEqual(openCheckpoint(note, verifier), { ok: true, value: { origin: 'fides.test/log', size: 42, root } })
  // change any part of the body: the signature no longer holds
  for (const forged of [note.replace('\n42\n', '\n43\n'), note.replace('fides.test/log\n', 'other.log\n'), note.replace(root.toString('base64'), leafHash(Buffer.from('y')).toString('base64'))]) {
    assert.equal(openCheckpoint(forged, verifier).ok, false)
  }
  // another key's signature, alone, is not the log's
  const other = signingKeyFromSeed('fides.test/log', randomBytes(32))
  assert.equal(openCheckpoint(signCheckpoint({ origin: 'fides.test/log', size: 42, root }, other), verifier).ok, false)
  assert.throws(() => checkpointBody({ origin: 'a\nb', size: 1, root }))
  assert.throws(() => checkpointBody({ origin: 'a', size: -1, root }))
})

test('verifier keys are checked: the key id must match the name and the key', () => {
  assert.throws(() => parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4')))
  assert.throws(() => parseVerifierKey('PeterNeumann+c74f20a3'))
  assert.throws(() => parseVerifierKey(GO_VKEY.replace('PeterNeumann', 'PaulNeumann')))
})
