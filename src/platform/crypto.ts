/**
 * Personal identifiers at rest: AES-256-GCM with a random 96-bit nonce (nonce ‖ tag ‖ ciphertext), and
 * a keyed HMAC-SHA-256 for lookups, so the database can be searched by identifier without holding it
 * in the clear. Keys come from configuration and never from code.
 */
import { createCipheriv, createDecipheriv, createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto'

export interface Keys {
  /** 32 bytes, AES-256-GCM */
  encryption: Buffer
  /** 32 bytes, HMAC-SHA-256 for identifier indexes and pseudonymous subject ids */
  index: Buffer
}

const NONCE = 12
const TAG = 16

/** AES-256-GCM: nonce, tag and ciphertext in one buffer. */
export function encryptBytes(key: Buffer, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([nonce, cipher.getAuthTag(), body])
}

export function decryptBytes(key: Buffer, sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed)
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, NONCE))
  decipher.setAuthTag(buf.subarray(NONCE, NONCE + TAG))
  return Buffer.concat([decipher.update(buf.subarray(NONCE + TAG)), decipher.final()])
}

export const encrypt = (key: Buffer, plaintext: string): Buffer => encryptBytes(key, Buffer.from(plaintext, 'utf8'))

export const decrypt = (key: Buffer, sealed: Uint8Array): string => decryptBytes(key, sealed).toString('utf8')

export function hmac(key: Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest()
}

export function sha256(data: string | Uint8Array): Buffer {
  // the one-shot API: no Hash object per call (it runs several times per ingested record)
  return hash('sha256', data, 'buffer')
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex')
}

const VARIANT = '89ab'

/** The first 32 hex digits of a digest as a UUID (version 8, variant 10), without allocating a Buffer. */
export function uuidFromHex(hex: string): string {
  const variant = VARIANT[parseInt(hex[16]!, 16) & 3]!
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Formats 16 bytes of a digest as a UUID (version 8, RFC 9562 "custom"), so ids can be derived, not looked up. */
export function uuidFromDigest(digest: Uint8Array): string {
  return uuidFromHex(Buffer.from(digest.buffer, digest.byteOffset, 16).toString('hex'))
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(sortedCopy)
  const object = value as Record<string, unknown>
  // A null prototype, so that a "__proto__" key is copied as the ordinary key it is in JSON.
  const copy = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(object).sort()) copy[key] = sortedCopy(object[key])
  return copy
}

/**
 * JSON with object keys sorted at every level: the canonical bytes hashed for content identity.
 * A key-sorted copy stringified once: native JSON.stringify is far faster than assembling the text
 * piece by piece, and than a replacer (which leaves V8's fast path). Property order is fixed by the
 * language: integer-like keys ascending, then the others in insertion order, here sorted — so equal
 * values always give equal text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null'
}
