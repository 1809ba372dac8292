/**
 * Signed checkpoints in the C2SP formats: the checkpoint body (c2sp.org/tlog-checkpoint: origin, tree
 * size, base64 root hash, each on its own line) signed as a note (c2sp.org/signed-note) with Ed25519.
 * A signature line is "— <key name> <base64(key id ‖ signature)>", the key id being the first four
 * bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key); a verifier key is written
 * "<name>+<hex key id>+<base64(0x01 ‖ public key)>". Pure apart from the signing itself.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { HASH_BYTES, type Hash } from './merkle.ts'

export interface Checkpoint {
  /** names the log, e.g. "fides.example.gov.cn/log" */
  origin: string
  size: number
  root: Hash
}

export interface SigningKey {
  name: string
  privateKey: KeyObject
  publicKey: Buffer
  keyId: Buffer
}

const ED25519 = 0x01
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const SIGNATURE_PREFIX = '\u2014 '

/** SHA-256(name ‖ 0x0A ‖ key type ‖ public key)[:4]: the key id of signed notes (0x01) and of cosignatures (0x04) */
export function keyIdOf(name: string, publicKey: Buffer, type = ED25519): Buffer {
  return createHash('sha256')
    .update(name)
    .update(Buffer.from([0x0a, type]))
    .update(publicKey)
    .digest()
    .subarray(0, 4)
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new Error('a key name is non-empty, without spaces or "+"')
}

/** An Ed25519 signing key from its 32-byte seed (as configuration holds it). */
export function signingKeyFromSeed(name: string, seed: Buffer): SigningKey {
  assertKeyName(name)
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes')
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const publicKey = Buffer.from(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })).subarray(
    SPKI_ED25519_PREFIX.length,
  )
  return { name, privateKey, publicKey, keyId: keyIdOf(name, publicKey) }
}

/** The verifier key an outside auditor configures: "<name>+<hex key id>+<base64(0x01 ‖ public key)>". */
export function verifierKey(key: Pick<SigningKey, 'name' | 'publicKey' | 'keyId'>): string {
  return `${key.name}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), key.publicKey]).toString('base64')}`
}

export interface Verifier {
  name: string
  keyId: Buffer
  publicKey: KeyObject
}

/** The verifier of one's own signing key (no round trip through its text form). */
export function verifierOf(key: SigningKey): Verifier {
  return { name: key.name, keyId: key.keyId, publicKey: createPublicKey(key.privateKey) }
}

/** Reads "<name>+<hex key id>+<base64(type ‖ Ed25519 key)>" for one key type; `wrongType` says what was expected. */
export function parseEd25519VerifierKey(text: string, type: number, wrongType: string): Verifier {
  const match = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim())
  if (!match) throw new Error('a verifier key is <name>+<8 hex digits>+<base64>')
  const raw = Buffer.from(match[3]!, 'base64')
  if (raw.length !== 33 || raw[0] !== type) throw new Error(wrongType)
  const name = match[1]!
  const keyId = Buffer.from(match[2]!, 'hex')
  if (!keyIdOf(name, raw.subarray(1), type).equals(keyId))
    throw new Error('the verifier key id does not match its name and key')
  return {
    name,
    keyId,
    publicKey: createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, raw.subarray(1)]),
      format: 'der',
      type: 'spki',
    }),
  }
}

export function parseVerifierKey(text: string): Verifier {
  return parseEd25519VerifierKey(text, ED25519, 'only Ed25519 verifier keys are supported')
}

/** The checkpoint body: the text that is signed, ending in a newline. */
export function checkpointBody(c: Checkpoint): string {
  if (c.origin === '' || /\n/.test(c.origin)) throw new Error('the origin is one non-empty line')
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new Error('the tree size is a whole number')
  if (c.root.length !== HASH_BYTES) throw new Error('the root is a SHA-256 hash')
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`
}

/** A signed note (c2sp.org/signed-note): the text (ending in a newline), a blank line, one signature line. */
export function signNote(text: string, key: SigningKey): string {
  if (!text.endsWith('\n') || text.includes('\n\n'))
    throw new Error('a note text ends in a newline and has no blank line')
  const signature = sign(null, Buffer.from(text, 'utf8'), key.privateKey)
  return `${text}\n${SIGNATURE_PREFIX}${key.name} ${Buffer.concat([key.keyId, signature]).toString('base64')}\n`
}

export type Opened<T> = { ok: true; value: T } | { ok: false; reason: string }

/** At most this many signature lines (Go's sumdb/note limit; the spec asks verifiers to take at least 16). */
export const MAX_SIGNATURES = 100

const utf8 = new TextDecoder('utf-8', { fatal: true })
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** An ASCII control character (below U+0020) other than newline. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 && code !== 0x0a) return true
  }
  return false
}

/** A key name: non-empty, no Unicode white space (Go's unicode.IsSpace), no "+". */
function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\p{White_Space}+]/u.test(name)
}

/**
 * The text of a signed note (c2sp.org/signed-note) if `verifier` signed it, parsed as Go's
 * golang.org/x/mod/sumdb/note `Open` does. The note is valid UTF-8 without control characters other
 * than newline; the text ends at the LAST blank line; after it come one or more signature lines
 * "— <name> <base64(key id ‖ signature)>", each ending in a newline, at most MAX_SIGNATURES of them.
 * A signature whose name and key id are not both the verifier's is another key's (a witness's, a
 * rotated key's) and ignored; the verifier's must verify (a bad one refuses the whole note), and
 * there must be one. Bytes are decoded strictly: a byte that is not UTF-8 refuses the note.
 */
export function openNote(note: string | Uint8Array, verifier: Verifier): Opened<string> {
  let message: string
  if (typeof note === 'string') message = note
  else {
    try {
      message = utf8.decode(note)
    } catch {
      return { ok: false, reason: 'a note is UTF-8 text' }
    }
  }
  if (!message.isWellFormed()) return { ok: false, reason: 'a note is UTF-8 text' }
  if (hasControlCharacter(message)) return { ok: false, reason: 'a note has no control characters but newlines' }
  const split = message.lastIndexOf('\n\n')
  if (split < 0) return { ok: false, reason: 'no blank line between the text and its signatures' }
  const text = message.slice(0, split + 1)
  const block = message.slice(split + 2)
  if (block === '') return { ok: false, reason: 'no signature after the last blank line' }
  if (!block.endsWith('\n')) return { ok: false, reason: 'a note ends in a newline' }
  const lines = block.slice(0, -1).split('\n')
  if (lines.length > MAX_SIGNATURES) return { ok: false, reason: `more than ${MAX_SIGNATURES} signatures` }
  let isVerified = false
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX))
      return { ok: false, reason: 'a signature line starts with an em dash and a space' }
    const rest = line.slice(SIGNATURE_PREFIX.length)
    const space = rest.indexOf(' ')
    const name = space < 0 ? rest : rest.slice(0, space)
    const encoded = space < 0 ? '' : rest.slice(space + 1)
    if (!isValidKeyName(name)) return { ok: false, reason: 'a signature names its key without spaces or "+"' }
    if (encoded === '' || !BASE64.test(encoded)) return { ok: false, reason: `the signature of ${name} is not base64` }
    const raw = Buffer.from(encoded, 'base64')
    if (raw.length < 5) return { ok: false, reason: `the signature of ${name} is too short` }
    // another key (same name, other id, or the reverse): not ours to check; a repeat of ours: checked once
    if (name !== verifier.name || !raw.subarray(0, 4).equals(verifier.keyId) || isVerified) continue
    if (raw.length !== 4 + 64 || !verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, raw.subarray(4))) {
      return { ok: false, reason: `the signature of ${name} does not verify` }
    }
    isVerified = true
  }
  return isVerified ? { ok: true, value: text } : { ok: false, reason: `no signature by ${verifier.name}` }
}

export function signCheckpoint(c: Checkpoint, key: SigningKey): string {
  return signNote(checkpointBody(c), key)
}

/**
 * Parses a signed checkpoint (c2sp.org/tlog-checkpoint) and checks that `verifier` signed it: at
 * least three lines, none empty — the origin, the tree size in decimal without leading zeros, the
 * base64 root hash — then any extension lines, which are allowed and not returned.
 */
export function openCheckpoint(note: string | Uint8Array, verifier: Verifier): Opened<Checkpoint> {
  const opened = openNote(note, verifier)
  if (!opened.ok) return opened
  const lines = opened.value.slice(0, -1).split('\n')
  if (lines.length < 3) return { ok: false, reason: 'a checkpoint has an origin, a size and a root' }
  if (lines.some((line) => line === '')) return { ok: false, reason: 'a checkpoint has no empty line' }
  const [origin, sizeText, rootText] = lines as [string, string, string]
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    return { ok: false, reason: 'the tree size is not a decimal number' }
  const root = Buffer.from(rootText, 'base64')
  if (root.length !== HASH_BYTES || root.toString('base64') !== rootText)
    return { ok: false, reason: 'the root is not a base64 SHA-256 hash' }
  return { ok: true, value: { origin, size: Number(sizeText), root } }
}
