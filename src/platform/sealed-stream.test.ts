import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { pipeline } from 'node:stream/promises'
import { openingStream, SEALED_CHUNK_BYTES, SealedStreamError, sealingStream } from './sealed-stream.ts'

const secret = randomBytes(32)

/** `plain` written in pieces of `piece` bytes, sealed. */
async function seal(plain: Buffer, context = 'job-1', piece = 1000): Promise<Buffer> {
  const pieces = Array.from({ length: Math.ceil(plain.length / piece) }, (_, i) =>
    plain.subarray(i * piece, (i + 1) * piece),
  )
  return buffer(Readable.from(pieces).pipe(sealingStream(secret, context)))
}

/** Opens `sealed` read back in pieces of `piece` bytes. */
async function open(sealed: Buffer, context = 'job-1', piece = 777): Promise<Buffer> {
  const chunks: Buffer[] = []
  const pieces = Array.from({ length: Math.ceil(sealed.length / piece) }, (_, i) =>
    sealed.subarray(i * piece, (i + 1) * piece),
  )
  await pipeline(Readable.from(pieces), openingStream(secret, context), async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) chunks.push(c)
  })
  return Buffer.concat(chunks)
}

const text = (n: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => `line ${i},110101198005170012,福州\n`).join(''))

test('what is sealed opens to the same bytes, whatever the sizes written and read, and holds none of them in clear', async () => {
  for (const plain of [
    Buffer.alloc(0),
    Buffer.from('a'),
    text(1),
    randomBytes(SEALED_CHUNK_BYTES),
    randomBytes(SEALED_CHUNK_BYTES + 1),
    text(20_000),
  ]) {
    const sealed = await seal(plain)
    assert.deepEqual(await open(sealed), plain)
    if (plain.length < 10_000) assert.deepEqual(await open(sealed, 'job-1', 1), plain, 'read a byte at a time')
  }
  const sealed = await seal(text(20_000))
  assert.ok(!sealed.includes('110101198005170012') && !sealed.includes('line 1'), 'no clear text in the sealed bytes')
  assert.notDeepEqual(await seal(text(3)), await seal(text(3)), 'a fresh salt, and so a fresh key, each time')
})

test('a changed byte anywhere, a wrong key or another context fail to open', async () => {
  const plain = text(5_000)
  const sealed = await seal(plain)
  for (const at of [0, 10, 30, 200, Math.floor(sealed.length / 2), sealed.length - 1]) {
    const changed = Buffer.from(sealed)
    changed[at] = changed[at]! ^ 0x01
    await assert.rejects(open(changed), SealedStreamError, `byte ${at}`)
  }
  await assert.rejects(open(sealed, 'job-2'), SealedStreamError)
  await assert.rejects(
    pipeline(Readable.from([sealed]), openingStream(randomBytes(32), 'job-1'), async (s: AsyncIterable<Buffer>) => {
      for await (const _ of s);
    }),
    SealedStreamError,
  )
})

test('a file cut short, cut at a chunk boundary, with a chunk dropped or with bytes after its end fails to open', async () => {
  const plain = randomBytes(3 * SEALED_CHUNK_BYTES + 10)
  const sealed = await seal(plain)
  const chunk = 4 + SEALED_CHUNK_BYTES + 16
  const header = 24
  await assert.rejects(open(sealed.subarray(0, sealed.length - 1)), /cut short/)
  await assert.rejects(
    open(sealed.subarray(0, header + 3 * chunk)),
    /cut short/,
    'three whole chunks but not the last one',
  )
  await assert.rejects(open(sealed.subarray(0, header)), /cut short/)
  await assert.rejects(
    open(Buffer.concat([sealed.subarray(0, header + chunk), sealed.subarray(header + 2 * chunk)])),
    SealedStreamError,
    'the second chunk dropped',
  )
  await assert.rejects(open(Buffer.concat([sealed, Buffer.from([0])])), /after the last chunk/)
  await assert.rejects(open(Buffer.concat([sealed, sealed.subarray(header)])), /after the last chunk/)
})
