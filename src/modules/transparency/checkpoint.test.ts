import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, sign } from 'node:crypto'
import {
  checkpointBody,
  MAX_SIGNATURES,
  openCheckpoint,
  openNote,
  parseVerifierKey,
  signCheckpoint,
  signingKeyFromSeed,
  signNote,
  verifierKey,
} from './checkpoint.ts'
import { leafHash } from './merkle.ts'

// The signed-note known answer of golang.org/x/mod/sumdb/note, an independent implementation:
// its private key encodes the Ed25519 seed after the algorithm byte.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
const GO_NOTE =
  GO_TEXT +
  '\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n'
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
  for (const forged of [
    note.replace('\n42\n', '\n43\n'),
    note.replace('fides.test/log\n', 'other.log\n'),
    note.replace(root.toString('base64'), leafHash(Buffer.from('y')).toString('base64')),
  ]) {
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

// Go's TestOpen vectors: a second, valid signature by another key (EnochRoot), as a witness adds one
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n'
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n'
const corrupt = (sig: string) => sig.slice(0, 60) + 'ABCD' + sig.slice(60)

test("notes Go's sumdb/note Open accepts are accepted, whatever other keys signed them too", () => {
  const peter = parseVerifierKey(GO_VKEY)
  const accepted: [string, string | Uint8Array][] = [
    ["the log's signature alone", GO_TEXT + '\n' + PETER_SIG],
    ["the log's signature alone, as bytes", Buffer.from(GO_TEXT + '\n' + PETER_SIG, 'utf8')],
    ["another key's valid signature after it (a witness's)", GO_TEXT + '\n' + PETER_SIG + ENOCH_SIG],
    ["another key's signature before it", GO_TEXT + '\n' + ENOCH_SIG + PETER_SIG],
    [
      "another key's signature that does not verify (not ours to check)",
      GO_TEXT + '\n' + PETER_SIG + corrupt(ENOCH_SIG),
    ],
    ['our name with another key id (a rotated key)', GO_TEXT + '\n' + PETER_SIG.replace('x08g', 'AAAA') + PETER_SIG],
    ['our key id under another name', GO_TEXT + '\n' + PETER_SIG.replace('PeterNeumann', 'PaulNeumann') + PETER_SIG],
    ['our signature twice', GO_TEXT + '\n' + PETER_SIG + PETER_SIG],
    [`${MAX_SIGNATURES} signatures`, GO_TEXT + '\n' + PETER_SIG + ENOCH_SIG.repeat(MAX_SIGNATURES - 1)],
  ]
  for (const [why, note] of accepted) assert.deepEqual(openNote(note, peter), { ok: true, value: GO_TEXT }, why)
})

test("malformed notes are refused, each with its reason, as Go's sumdb/note Open refuses them", () => {
  const peter = parseVerifierKey(GO_VKEY)
  const refused: [string, string | Uint8Array, RegExp][] = [
    ['no signatures at all', GO_TEXT, /no blank line/],
    ['a blank line and nothing after it', GO_TEXT + '\n', /no signature after the last blank line/],
    ['no final newline', GO_TEXT + '\n' + PETER_SIG.slice(0, -1), /ends in a newline/],
    ['a blank line after the signatures', GO_TEXT + '\n' + PETER_SIG + '\n', /no signature after the last blank line/],
    [
      'a blank line between signatures (the last one splits: the text is not what was signed)',
      GO_TEXT + '\n' + ENOCH_SIG + '\n' + PETER_SIG,
      /does not verify/,
    ],
    ['carriage returns', (GO_TEXT + '\n' + PETER_SIG).replaceAll('\n', '\r\n'), /control characters/],
    ['a control character', '\u0001' + GO_NOTE, /control characters/],
    ['a tab', GO_NOTE.replace('you think', 'you\tthink'), /control characters/],
    ['a byte that is not UTF-8', Buffer.concat([Buffer.from([0xff]), Buffer.from(GO_NOTE)]), /UTF-8/],
    ['a lone surrogate', '\ud800' + GO_NOTE, /UTF-8/],
    ['a line that is no signature after the signatures', GO_TEXT + '\n' + PETER_SIG + 'Unexpected line.\n', /em dash/],
    ['a hyphen instead of the em dash', GO_TEXT + '\n' + PETER_SIG.replace('\u2014', '-'), /em dash/],
    ['a key name with a space', GO_TEXT + '\n' + PETER_SIG.replace('PeterNeumann', 'Peter Neumann'), /not base64/],
    [
      'a key name with a no-break space',
      GO_TEXT + '\n' + PETER_SIG.replace('PeterNeumann', 'Peter\u00a0Neumann'),
      /without spaces/,
    ],
    ['a key name with a plus', GO_TEXT + '\n' + PETER_SIG.replace('PeterNeumann', 'Peter+Neumann'), /without spaces/],
    ['no signature after the name', GO_TEXT + '\n\u2014 PeterNeumann\n', /not base64/],
    ['a signature that is not base64', GO_TEXT + '\n' + PETER_SIG.replace('x08go/', 'x08go_'), /not base64/],
    ['a signature without its padding', GO_TEXT + '\n' + PETER_SIG.replace('=\n', '\n'), /not base64/],
    ['a signature of four bytes (a key id alone)', GO_TEXT + '\n\u2014 EnochRoot rwz+eA==\n' + PETER_SIG, /too short/],
    ["our key's signature, corrupted", GO_TEXT + '\n' + corrupt(PETER_SIG), /does not verify/],
    [
      "our key's signature, corrupted, beside a good one by another key",
      GO_TEXT + '\n' + ENOCH_SIG + corrupt(PETER_SIG),
      /does not verify/,
    ],
    [
      'our key id with a truncated signature',
      GO_TEXT + '\n\u2014 PeterNeumann x08go/ZJkuBS9UG/Sffc\n',
      /does not verify/,
    ],
    ["only another key's signature", GO_TEXT + '\n' + ENOCH_SIG, /no signature by PeterNeumann/],
    [`more than ${MAX_SIGNATURES} signatures`, GO_TEXT + '\n' + PETER_SIG.repeat(MAX_SIGNATURES + 1), /more than 100/],
  ]
  for (const [why, note, reason] of refused) {
    const opened = openNote(note, peter)
    assert.ok(!opened.ok, `accepted: ${why}`)
    assert.match(opened.reason, reason, why)
  }
})

test('a checkpoint is parsed strictly (c2sp.org/tlog-checkpoint), extension lines allowed', () => {
  const key = signingKeyFromSeed('fides.test/log', randomBytes(32))
  const verifier = parseVerifierKey(verifierKey(key))
  const root = leafHash(Buffer.from('x')).toString('base64')
  // signed as they are (signNote refuses a text with an empty line; a note may carry one)
  const signedAsIs = (text: string) =>
    `${text}\n\u2014 fides.test/log ${Buffer.concat([key.keyId, sign(null, Buffer.from(text), key.privateKey)]).toString('base64')}\n`
  const open = (text: string) => openCheckpoint(signedAsIs(text), verifier)
  assert.deepEqual(open(`fides.test/log\n0\n${root}\n`), {
    ok: true,
    value: { origin: 'fides.test/log', size: 0, root: Buffer.from(root, 'base64') },
  })
  assert.deepEqual(open(`fides.test/log\n7\n${root}\nan extension line\nanother\n`), {
    ok: true,
    value: { origin: 'fides.test/log', size: 7, root: Buffer.from(root, 'base64') },
  })
  const refused: [string, string, RegExp][] = [
    ['an origin, a size, no root', 'fides.test/log\n7\n', /an origin, a size and a root/],
    ['an empty origin', `\n7\n${root}\n`, /no empty line/],
    ['an empty extension line', `fides.test/log\n7\n${root}\n\nextension\n`, /no empty line/],
    ['a size with a leading zero', `fides.test/log\n07\n${root}\n`, /decimal/],
    ['a signed size', `fides.test/log\n+7\n${root}\n`, /decimal/],
    ['a size in hexadecimal', `fides.test/log\n0x7\n${root}\n`, /decimal/],
    ['a size beyond 2^53', `fides.test/log\n9007199254740993\n${root}\n`, /decimal/],
    ['a root of 31 bytes', `fides.test/log\n7\n${randomBytes(31).toString('base64')}\n`, /base64 SHA-256/],
    ['a root in hexadecimal', `fides.test/log\n7\n${Buffer.from(root, 'base64').toString('hex')}\n`, /base64 SHA-256/],
    ['a root without its padding', `fides.test/log\n7\n${root.replace(/=$/, '')}\n`, /base64 SHA-256/],
  ]
  for (const [why, text, reason] of refused) {
    assert.ok(openNote(signedAsIs(text), verifier).ok, `the note itself holds: ${why}`)
    const opened = open(text)
    assert.ok(!opened.ok, `accepted: ${why}`)
    assert.match(opened.reason, reason, why)
  }
})
