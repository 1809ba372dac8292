import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseNdjson } from './index.ts'
import type { NdjsonOptions } from './index.ts'
import { bytes, collect, cutAt, cuts, inChunks, shape } from './testkit.ts'

const nd = async (text: string | Uint8Array, opts?: NdjsonOptions) =>
  (await collect(parseNdjson(inChunks(text, 1 << 16), opts))).map(shape)
const obj = (line: number, value: Record<string, unknown>) => ({ line, ok: true, value })
const err = (line: number, code: string) => ({ line, ok: false, code })

void describe('parseNdjson: examples', () => {
  void it('parses one object per line, skipping blank lines', async () => {
    assert.deepEqual(await nd('{"a":1}\n\n  \t\n{"b":[1,{"c":null}]}\n'), [
      obj(1, { a: 1 }),
      obj(4, { b: [1, { c: null }] }),
    ])
  })

  void it('accepts CRLF, a BOM, and a missing final newline', async () => {
    const expected = [obj(1, { a: 1 }), obj(3, { b: '王' })]
    assert.deepEqual(await nd('\uFEFF{"a":1}\r\n\r\n{"b":"王"}\r\n'), expected)
    assert.deepEqual(await nd('\uFEFF{"a":1}\r\n\r\n{"b":"王"}'), expected)
    assert.deepEqual(await nd(bytes('{"a":1}\n\n{"b":"王"}\n\n')), expected)
    assert.deepEqual(await nd(''), [])
  })

  void it('only strips a BOM at the very start', async () => {
    assert.deepEqual(await nd('{"a":1}\n\uFEFF{"b":2}\n'), [obj(1, { a: 1 }), err(2, 'parse.invalid_json')])
  })

  void it('keeps a "__proto__" key as an own property', async () => {
    const [item] = await nd('{"__proto__":{"x":1}}\n')
    assert.ok(item?.ok)
    assert.deepEqual(Object.keys(item.value), ['__proto__'])
    assert.equal(Object.getPrototypeOf(item.value), Object.prototype)
  })

  void it('decodes Chinese text split across every chunk boundary, for every chunk size', async () => {
    const text = '\uFEFF{"姓名":"张伟","备注":"北京 😀"}\r\n\n{"姓名":"王芳"}\n[1]\n{"x":"李娜"}'
    const data = bytes(text)
    const expected = await nd(data)
    assert.deepEqual(expected, [
      obj(1, { 姓名: '张伟', 备注: '北京 😀' }),
      obj(3, { 姓名: '王芳' }),
      err(4, 'parse.not_an_object'),
      obj(5, { x: '李娜' }),
    ])
    for (let size = 1; size <= data.length; size++) {
      assert.deepEqual((await collect(parseNdjson(inChunks(data, size)))).map(shape), expected, `chunk size ${size}`)
    }
    for (let size = 1; size <= text.length; size++) {
      assert.deepEqual(
        (await collect(parseNdjson(inChunks(text, size)))).map(shape),
        expected,
        `string chunk size ${size}`,
      )
    }
    for (let at = 0; at <= data.length; at++) {
      assert.deepEqual((await collect(parseNdjson(cutAt(data, [at])))).map(shape), expected, `cut at ${at}`)
    }
  })
})

void describe('parseNdjson: errors are reported on their line and parsing continues', () => {
  void it('invalid_json', async () => {
    assert.deepEqual(await nd('{"a":1}\n{oops\n{"b":2}\n'), [
      obj(1, { a: 1 }),
      err(2, 'parse.invalid_json'),
      obj(3, { b: 2 }),
    ])
  })

  void it('invalid_json messages do not quote the input', async () => {
    const items = await collect(
      parseNdjson(inChunks('{"name":"Zhang Wei" "id":"110101199003077777"}\nZhang Wei\n', 100)),
    )
    assert.equal(items.length, 2)
    for (const item of items) {
      assert.ok(!item.ok)
      assert.doesNotMatch(item.message, /Zhang|1101/)
    }
  })

  void it('not_an_object for every other JSON value', async () => {
    assert.deepEqual(await nd('[1]\n42\n"s"\nnull\ntrue\n{"ok":1}\n'), [
      err(1, 'parse.not_an_object'),
      err(2, 'parse.not_an_object'),
      err(3, 'parse.not_an_object'),
      err(4, 'parse.not_an_object'),
      err(5, 'parse.not_an_object'),
      obj(6, { ok: 1 }),
    ])
  })

  void it('line_too_long, counting bytes, whole or split across chunks', async () => {
    const text = `{"a":1}\n{"long":"${'x'.repeat(100)}"}\n{"b":"张张张张张张"}\n{"c":3}\n`
    const expected = [obj(1, { a: 1 }), err(2, 'parse.line_too_long'), err(3, 'parse.line_too_long'), obj(4, { c: 3 })]
    assert.deepEqual(await nd(text, { maxLineBytes: 20 }), expected)
    for (const size of [1, 3, 7, 19, 20, 21, 64]) {
      assert.deepEqual(
        (await collect(parseNdjson(inChunks(bytes(text), size), { maxLineBytes: 20 }))).map(shape),
        expected,
      )
    }
  })

  void it('line_too_long is reported before the rest of the long line has been read', async () => {
    let pulled = 0
    async function* source() {
      yield '{"a":1}\n{"x":"'
      for (; pulled < 10_000; pulled++) yield 'x'.repeat(1000)
      yield '"}\n{"b":2}\n'
    }
    const got = []
    let pulledAtError = -1
    for await (const item of parseNdjson(source(), { maxLineBytes: 4096 })) {
      if (!item.ok) pulledAtError = pulled
      got.push(shape(item))
    }
    assert.ok(pulledAtError >= 0 && pulledAtError < 10, `error after ${pulledAtError} chunks`)
    assert.deepEqual(got, [obj(1, { a: 1 }), err(2, 'parse.line_too_long'), obj(3, { b: 2 })])
  })

  void it('invalid_encoding, in a chunk with good lines and in a line split across chunks', async () => {
    const data = new Uint8Array([
      ...bytes('{"a":"张"}\n{"a":"'),
      0xe5,
      0xbc,
      ...bytes('"}\n{"a":"'),
      0xc0,
      0xaf,
      ...bytes('"}\n{"b":2}'),
    ])
    const expected = [
      obj(1, { a: '张' }),
      err(2, 'parse.invalid_encoding'),
      err(3, 'parse.invalid_encoding'),
      obj(4, { b: 2 }),
    ]
    assert.deepEqual(await nd(data), expected)
    for (let size = 1; size <= 12; size++) {
      assert.deepEqual((await collect(parseNdjson(inChunks(data, size)))).map(shape), expected, `chunk size ${size}`)
    }
  })

  void it('rejects bad options and chunks', async () => {
    await assert.rejects(collect(parseNdjson(inChunks('{}', 1), { maxLineBytes: 1.5 })), RangeError)
    await assert.rejects(collect(parseNdjson([42] as unknown as AsyncIterable<string>)), TypeError)
  })
})

void describe('parseNdjson: properties', () => {
  const key = fc.string({ unit: 'binary', maxLength: 8 })
  // integers past 2^53 - 1 are refused (parse.inexact_number, tested below): a double does not hold them exactly
  const isSafe = (v: unknown): boolean =>
    typeof v === 'number'
      ? !Number.isInteger(v) || Number.isSafeInteger(v)
      : typeof v === 'object' && v !== null
        ? Object.values(v).every(isSafe)
        : true
  const objects = fc.array(
    fc.dictionary(key, fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }).filter(isSafe), { maxKeys: 6 }),
    { maxLength: 10, size: 'max' },
  )

  void it('a number a double does not keep exactly is parse.inexact_number at its pointer, and the next line is read', async () => {
    const got = await collect(parseNdjson(cutAt('{"a":{"b":[1,9007199254740993]}}\n{"c":0.5}\n', [])))
    assert.deepEqual(
      got.map((i) => [i.line, i.ok, i.ok ? i.value : [i.code, i.pointer]]),
      [
        [1, false, ['parse.inexact_number', '/a/b/1']],
        [2, true, { c: 0.5 }],
      ],
    )
  })

  void it('JSON objects → NDJSON → parseNdjson round-trips, whatever the chunking and line endings', async () => {
    await fc.assert(
      fc.asyncProperty(
        objects,
        cuts,
        fc.boolean(),
        fc.boolean(),
        fc.nat({ max: 3 }),
        async (values, cutPoints, crlf, asString, blankEvery) => {
          const eol = crlf ? '\r\n' : '\n'
          let text = ''
          let line = 1
          const expected = []
          for (const [i, v] of values.entries()) {
            if (blankEvery > 0 && i % blankEvery === 0) {
              text += eol
              line++
            }
            text += JSON.stringify(v) + eol
            expected.push(obj(line, JSON.parse(JSON.stringify(v)) as Record<string, unknown>))
            line++
          }
          const input = asString ? cutAt(text, cutPoints) : cutAt(bytes(text), cutPoints)
          assert.deepEqual((await collect(parseNdjson(input))).map(shape), expected)
        },
      ),
      { numRuns: 300 },
    )
  })
})
