/**
 * Files that must not hold clear text on disk (an upload spooled before its import): an authenticated,
 * chunked AES-256-GCM stream in the manner of STREAM (Hoang, Reyhanitabar, Rogaway, Vizár 2015).
 *
 *   header  "FIDESSL1" ‖ salt (16 random bytes)
 *   chunk   length (4 bytes, big-endian; the top bit marks the last chunk) ‖ ciphertext ‖ tag (16 bytes)
 *
 * The key of a file is HKDF-SHA-256(secret, salt, "fides sealed-stream v1" ‖ 0 ‖ context): never stored,
 * re-derived by whoever holds the secret and knows the context (for a spool file, its import job's id), so
 * a restarted server can read what the crashed one wrote. A chunk's nonce is its number and the last-chunk
 * mark, and the header is every chunk's associated data: a chunk changed, moved, dropped or added, and a
 * file cut short (no last chunk) or extended (bytes after it), fail to open. Plain text is released a chunk
 * at a time, only once that chunk's tag has been checked.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

const MAGIC = Buffer.from('FIDESSL1', 'latin1')
const SALT = 16
const HEADER = MAGIC.length + SALT
const TAG = 16
const LAST = 0x8000_0000
/** Plain text per chunk; a reader refuses a longer chunk rather than buffer it. */
export const SEALED_CHUNK_BYTES = 64 * 1024

export class SealedStreamError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SealedStreamError'
  }
}

function keyOf(secret: Buffer, salt: Buffer, context: string): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      secret,
      salt,
      Buffer.concat([Buffer.from('fides sealed-stream v1\0'), Buffer.from(context, 'utf8')]),
      32,
    ),
  )
}

function nonceOf(index: number, isLast: boolean): Buffer {
  const nonce = Buffer.alloc(12)
  nonce.writeBigUInt64BE(BigInt(index), 3)
  nonce[11] = isLast ? 1 : 0
  return nonce
}

/** Encrypts what is written into the sealed format. `context` names what the file is for (it must be given again to open it). */
export function sealingStream(secret: Buffer, context: string): Transform {
  const salt = randomBytes(SALT)
  const header = Buffer.concat([MAGIC, salt])
  const key = keyOf(secret, salt, context)
  let index = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  const seal = (plain: Buffer, isLast: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, nonceOf(index++, isLast))
    cipher.setAAD(header)
    const body = Buffer.concat([cipher.update(plain), cipher.final()])
    const length = Buffer.alloc(4)
    length.writeUInt32BE((body.length | (isLast ? LAST : 0)) >>> 0)
    return Buffer.concat([length, body, cipher.getAuthTag()])
  }
  let started = false
  const out = (stream: Transform) => {
    if (!started) {
      started = true
      stream.push(header)
    }
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      out(this)
      pending.push(chunk)
      pendingBytes += chunk.length
      if (pendingBytes > SEALED_CHUNK_BYTES) {
        let all = Buffer.concat(pending)
        // the last SEALED_CHUNK_BYTES or fewer stay behind: they may be the file's last chunk
        while (all.length > SEALED_CHUNK_BYTES) {
          this.push(seal(all.subarray(0, SEALED_CHUNK_BYTES), false))
          all = all.subarray(SEALED_CHUNK_BYTES)
        }
        pending = [all]
        pendingBytes = all.length
      }
      done()
    },
    flush(done: TransformCallback) {
      out(this)
      this.push(seal(Buffer.concat(pending), true))
      pending = []
      done()
    },
  })
}

/** Decrypts a sealed file as it is read: fails (SealedStreamError) on any change, a missing end or bytes after it. */
export function openingStream(secret: Buffer, context: string): Transform {
  let buffered: Buffer = Buffer.alloc(0)
  let header: Buffer | undefined
  let key: Buffer | undefined
  let index = 0
  let isFinished = false
  const next = (stream: Transform): SealedStreamError | undefined => {
    if (!header) {
      if (buffered.length < HEADER) return undefined
      header = buffered.subarray(0, HEADER)
      if (!header.subarray(0, MAGIC.length).equals(MAGIC)) return new SealedStreamError('not a sealed file')
      key = keyOf(secret, header.subarray(MAGIC.length), context)
      buffered = buffered.subarray(HEADER)
    }
    while (buffered.length >= 4) {
      if (isFinished) return new SealedStreamError('bytes after the last chunk')
      const word = buffered.readUInt32BE(0)
      const isLast = (word & LAST) !== 0
      const length = word & ~LAST
      if (length > SEALED_CHUNK_BYTES) return new SealedStreamError('a chunk longer than any sealed chunk')
      if (buffered.length < 4 + length + TAG) return undefined
      const decipher = createDecipheriv('aes-256-gcm', key!, nonceOf(index++, isLast))
      decipher.setAAD(header)
      decipher.setAuthTag(buffered.subarray(4 + length, 4 + length + TAG))
      let plain: Buffer
      try {
        plain = Buffer.concat([decipher.update(buffered.subarray(4, 4 + length)), decipher.final()])
      } catch {
        return new SealedStreamError(
          'a chunk does not authenticate: the file was changed, or the key or context is not the one it was sealed with',
        )
      }
      buffered = buffered.subarray(4 + length + TAG)
      if (plain.length > 0) stream.push(plain)
      isFinished = isLast
    }
    return undefined
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
      done(next(this))
    },
    flush(done: TransformCallback) {
      if (buffered.length > 0 && isFinished) return done(new SealedStreamError('bytes after the last chunk'))
      done(isFinished ? undefined : new SealedStreamError('the file ends before its last chunk: it was cut short'))
    },
  })
}
