import { test } from 'node:test'
import assert from 'node:assert/strict'
import { contentMismatch } from './evidence.ts'

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex')
const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF')
const png = Buffer.concat([
  hex('89504e47 0d0a1a0a 0000000d 49484452'),
  Buffer.alloc(17),
  hex('00000000 49454e44 ae426082'),
])
const jpeg = Buffer.concat([hex('ffd8ffe1'), Buffer.alloc(30), hex('ffd9')])
const zip = Buffer.concat([
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.alloc(30, 0x20),
  Buffer.from('PK\x05\x06', 'latin1'),
  Buffer.alloc(18),
])

test('each accepted type is recognised by its signature and its end marker, with what may trail the end', () => {
  for (const good of [pdf, Buffer.concat([pdf, Buffer.from('\r\n')]), Buffer.concat([pdf, Buffer.from(' \n\n')])])
    assert.equal(contentMismatch('application/pdf', good), undefined)
  assert.equal(contentMismatch('image/png', png), undefined)
  assert.equal(contentMismatch('image/jpeg', jpeg), undefined)
  assert.equal(
    contentMismatch('image/jpeg', Buffer.concat([jpeg, Buffer.alloc(4)])),
    undefined,
    'zero padding after the end marker',
  )
  assert.equal(contentMismatch('text/plain', Buffer.from('收据\tpaid\r\nline two\n')), undefined)
})

test('a ZIP (or anything else) under a type it is not is refused, and so is a file with something after its end', () => {
  for (const type of ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const)
    assert.notEqual(contentMismatch(type, zip), undefined, type)
  assert.match(contentMismatch('application/pdf', zip)!, /starts with %PDF-/)
  assert.match(
    contentMismatch('application/pdf', Buffer.concat([pdf, zip]))!,
    /ends with %%EOF/,
    'a PDF with a ZIP appended',
  )
  assert.match(contentMismatch('application/pdf', Buffer.from('%PDF-1.4 cut short'))!, /ends with %%EOF/)
  assert.notEqual(contentMismatch('image/png', Buffer.concat([png, zip])), undefined)
  assert.notEqual(contentMismatch('image/png', png.subarray(0, 16)), undefined)
  assert.notEqual(contentMismatch('image/jpeg', Buffer.concat([jpeg, zip])), undefined)
  assert.notEqual(contentMismatch('image/jpeg', hex('ffd8ffd9')), undefined, 'too short to be an image')
  assert.notEqual(contentMismatch('image/png', jpeg), undefined)
  assert.notEqual(contentMismatch('image/jpeg', png), undefined)
  assert.notEqual(contentMismatch('application/pdf', png), undefined)
  assert.notEqual(contentMismatch('text/plain', Buffer.from([0x61, 0x00, 0x62])), undefined, 'a NUL byte')
  assert.notEqual(contentMismatch('text/plain', Buffer.from([0x61, 0xff, 0x62])), undefined, 'not UTF-8')
})
