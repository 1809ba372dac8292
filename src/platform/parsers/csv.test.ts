import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseCsv, toCsvRow } from './index.ts'
import type { CsvDelimiter, CsvOptions } from './index.ts'
import { anyText, bytes, collect, cutAt, cuts, inChunks, shape } from './testkit.ts'

const csv = async (text: string | Uint8Array, opts?: CsvOptions) =>
  (await collect(parseCsv(inChunks(text, 1 << 16), opts))).map(shape)
const row = (line: number, value: Record<string, string>) => ({ line, ok: true, value })
const err = (line: number, code: string) => ({ line, ok: false, code })

void describe('parseCsv: examples', () => {
  void it('reads a header and rows keyed by header name', async () => {
    assert.deepEqual(await csv('id,name\n1,Wang\n2,Li\n'), [
      row(2, { id: '1', name: 'Wang' }),
      row(3, { id: '2', name: 'Li' }),
    ])
  })

  void it('keeps quoted commas and unescapes doubled quotes', async () => {
    assert.deepEqual(await csv('a,b,c\n"x, y","say ""hi""",""\n'), [row(2, { a: 'x, y', b: 'say "hi"', c: '' })])
  })

  void it('keeps line breaks inside quotes and numbers later rows by physical line', async () => {
    const text = 'a,b\n1,"two\nlines"\n2,"three\r\n\nlines"\n3,x\n'
    assert.deepEqual(await csv(text), [
      row(2, { a: '1', b: 'two\nlines' }),
      row(4, { a: '2', b: 'three\r\n\nlines' }),
      row(7, { a: '3', b: 'x' }),
    ])
  })

  void it('accepts CRLF, a BOM, blank lines, and a missing final newline', async () => {
    const expected = [row(3, { id: '1', name: '王伟' }), row(5, { id: '2', name: '' })]
    assert.deepEqual(await csv('\uFEFFid,name\r\n\r\n1,王伟\r\n\r\n2,\r\n'), expected)
    assert.deepEqual(await csv('\uFEFFid,name\r\n\r\n1,王伟\r\n\r\n2,'), expected)
    assert.deepEqual(await csv(bytes('\uFEFFid,name\n\n1,王伟\n\n2,\n\n\n')), expected)
    assert.deepEqual(await csv('\n\nid,name\n'), [])
    assert.deepEqual(await csv(''), [])
  })

  void it('ends a row at a lone CR as at LF and CRLF, so rows never merge; a CR inside quotes is kept', async () => {
    const expected = [
      row(2, { id: '1', name: '王伟' }),
      row(3, { id: '2', name: 'Li' }),
      row(4, { id: '3', name: 'x' }),
    ]
    assert.deepEqual(await csv('id,name\r1,王伟\r2,Li\r3,x\r'), expected)
    assert.deepEqual(await csv('id,name\r1,王伟\n2,Li\r\n3,x'), expected)
    assert.deepEqual(await csv('id,name\r\r1,"two\rlines"\r2,y\r'), [
      row(3, { id: '1', name: 'two\rlines' }),
      row(5, { id: '2', name: 'y' }),
    ])
    // however the input is cut into chunks, a CR before a chunk's LF is one line end, a CR alone another
    const text = bytes('id,name\r1,a\r\n2,b\r3,"c\r\nd"\r\n4,e\r')
    const want = [
      row(2, { id: '1', name: 'a' }),
      row(3, { id: '2', name: 'b' }),
      row(4, { id: '3', name: 'c\r\nd' }),
      row(6, { id: '4', name: 'e' }),
    ]
    for (let size = 1; size <= text.length; size++) {
      assert.deepEqual((await collect(parseCsv(inChunks(text, size)))).map(shape), want, `chunks of ${size}`)
    }
  })

  void it('trims header names but not values', async () => {
    assert.deepEqual(await csv(' id , name\n 1 , a \n'), [row(2, { id: ' 1 ', name: ' a ' })])
  })

  void it('is lenient about quotes inside unquoted fields and text after a closing quote', async () => {
    assert.deepEqual(await csv('a,b\n5\'11",x"y"\n"q"z,w\n'), [
      row(2, { a: '5\'11"', b: 'x"y"' }),
      row(3, { a: 'qz', b: 'w' }),
    ])
  })

  void it('supports ; and tab delimiters', async () => {
    assert.deepEqual(await csv('a;b\n1,5;"x;y"\n', { delimiter: ';' }), [row(2, { a: '1,5', b: 'x;y' })])
    assert.deepEqual(await csv('a\tb\n1\t"x\ty"\n', { delimiter: '\t' }), [row(2, { a: '1', b: 'x\ty' })])
  })

  void it('treats a "__proto__" column as an ordinary field', async () => {
    const [item] = await csv('__proto__,a\nx,y\n')
    assert.ok(item?.ok)
    assert.deepEqual(Object.keys(item.value), ['__proto__', 'a'])
    assert.equal(Object.getPrototypeOf(item.value), Object.prototype)
    assert.equal(Object.getOwnPropertyDescriptor(item.value, '__proto__')?.value, 'x')
  })

  void it('decodes Chinese text split across every chunk boundary, for every chunk size', async () => {
    const text = '\uFEFF姓名,备注\r\n张伟,"北京,朝阳"\r\n王芳,"多行\n备注 😀"\n李娜,结束'
    const data = bytes(text)
    const expected = await csv(data)
    assert.equal(expected.length, 3)
    assert.deepEqual(expected[2], row(5, { 姓名: '李娜', 备注: '结束' }))
    for (let size = 1; size <= data.length; size++) {
      assert.deepEqual((await collect(parseCsv(inChunks(data, size)))).map(shape), expected, `chunk size ${size}`)
    }
    for (let size = 1; size <= text.length; size++) {
      assert.deepEqual(
        (await collect(parseCsv(inChunks(text, size)))).map(shape),
        expected,
        `string chunk size ${size}`,
      )
    }
    for (let at = 0; at <= data.length; at++) {
      assert.deepEqual((await collect(parseCsv(cutAt(data, [at])))).map(shape), expected, `cut at ${at}`)
    }
  })
})

void describe('parseCsv: errors are reported on their line and parsing continues', () => {
  void it('field_count', async () => {
    assert.deepEqual(await csv('a,b\n1\n2,3\n4,5,6\n7,8\n'), [
      err(2, 'parse.field_count'),
      row(3, { a: '2', b: '3' }),
      err(4, 'parse.field_count'),
      row(5, { a: '7', b: '8' }),
    ])
  })

  void it('unterminated_quote at end of input, then the swallowed lines are read again', async () => {
    assert.deepEqual(await csv('a,b\n1,2\n3,"oops\n4,5\n6,7'), [
      row(2, { a: '1', b: '2' }),
      err(3, 'parse.unterminated_quote'),
      row(4, { a: '4', b: '5' }),
      row(5, { a: '6', b: '7' }),
    ])
  })

  void it('unterminated_quote once the record passes maxLineBytes, without reading the rest of the input first', async () => {
    let pulled = 0
    async function* source() {
      yield 'a,b\n1,"stray quote\n'
      for (let i = 0; i < 100_000; i++) {
        pulled++
        yield `${i},row ${i}\n`
      }
    }
    const items: ReturnType<typeof shape>[] = []
    let pulledAtError = -1
    for await (const item of parseCsv(source(), { maxLineBytes: 100 })) {
      if (!item.ok && pulledAtError < 0) pulledAtError = pulled
      items.push(shape(item))
    }
    assert.ok(pulledAtError > 0 && pulledAtError < 20, `error after ${pulledAtError} lines`)
    assert.deepEqual(items[0], err(2, 'parse.unterminated_quote'))
    assert.equal(items.length, 100_001)
    assert.deepEqual(items[1], row(3, { a: '0', b: 'row 0' }))
    assert.deepEqual(items.at(-1), row(100_002, { a: '99999', b: 'row 99999' }))
    assert.ok(items.slice(1).every((i) => i.ok))
  })

  void it('while re-reading swallowed lines, a line that opens another quote is reported on its own', async () => {
    // In the quoted field opened on line 2, line 3 closes it and opens another; read alone, it opens one.
    assert.deepEqual(await csv('a,b\n1,"x\n2"2,"y\n3,z'), [
      err(2, 'parse.unterminated_quote'),
      err(3, 'parse.unterminated_quote'),
      row(4, { a: '3', b: 'z' }),
    ])
  })

  void it('a too-long line inside an open quote: the quote is reported, the lines before are re-read, then the long line', async () => {
    assert.deepEqual(await csv(`a,b\n1,"x\n2,3\n${'y'.repeat(50)}\n4,5\n`, { maxLineBytes: 20 }), [
      err(2, 'parse.unterminated_quote'),
      row(3, { a: '2', b: '3' }),
      err(4, 'parse.line_too_long'),
      row(5, { a: '4', b: '5' }),
    ])
  })

  void it('line_too_long for a physical line and for a closed multi-line record', async () => {
    assert.deepEqual(await csv(`a,b\n1,${'x'.repeat(50)}\n2,3\n`, { maxLineBytes: 20 }), [
      err(2, 'parse.line_too_long'),
      row(3, { a: '2', b: '3' }),
    ])
    assert.deepEqual(await csv('a,b\n1,"0123456789\n0123456789"\n2,3\n', { maxLineBytes: 20 }), [
      err(2, 'parse.line_too_long'),
      row(4, { a: '2', b: '3' }),
    ])
    // Limit is on bytes, not characters: 7 Chinese characters are 21 bytes.
    assert.deepEqual(await csv('a,b\n1,张张张张张张张\n2,3\n', { maxLineBytes: 20 }), [
      err(2, 'parse.line_too_long'),
      row(3, { a: '2', b: '3' }),
    ])
  })

  void it('invalid_encoding for a row, and for a multi-line record on the line it starts', async () => {
    const data = new Uint8Array([...bytes('a,b\n1,'), 0xff, ...bytes('\n2,"x\ny'), 0xc3, ...bytes('"\n3,4\n')])
    assert.deepEqual(await csv(data), [
      err(2, 'parse.invalid_encoding'),
      err(3, 'parse.invalid_encoding'),
      row(5, { a: '3', b: '4' }),
    ])
  })

  void it('empty_header: reported once, nothing else parses', async () => {
    assert.deepEqual(await csv('a,,b\n1,2,3\n4\n'), [err(1, 'parse.empty_header')])
    assert.deepEqual(await csv('\na, \n1,2\n'), [err(2, 'parse.empty_header')])
  })

  void it('duplicate_header: reported once, nothing else parses', async () => {
    assert.deepEqual(await csv('a,b,a\n1,2,3\n'), [err(1, 'parse.duplicate_header')])
    assert.deepEqual(await csv('a, b,b \n1,2,3\n'), [err(1, 'parse.duplicate_header')])
  })

  void it('an error in the header record ends parsing', async () => {
    assert.deepEqual(await csv('a,"b\n1,2\n'), [err(1, 'parse.unterminated_quote')])
    assert.deepEqual(await csv(new Uint8Array([0x61, 0xff, 10, 0x31, 10])), [err(1, 'parse.invalid_encoding')])
  })

  void it('rejects bad options', async () => {
    await assert.rejects(collect(parseCsv(inChunks('a', 1), { maxLineBytes: 0 })), RangeError)
    await assert.rejects(collect(parseCsv(inChunks('a', 1), { delimiter: '|' as CsvDelimiter })), RangeError)
  })
})

void describe('toCsvRow', () => {
  void it('quotes only the fields that need it', () => {
    assert.equal(
      toCsvRow(['a', 'b c', 'x,y', 'say "hi"', 'l1\nl2', 'cr\r', '']),
      'a,b c,"x,y","say ""hi""","l1\nl2","cr\r",\n',
    )
    assert.equal(toCsvRow(['']), '""\n')
    assert.equal(toCsvRow([]), '\n')
    assert.equal(toCsvRow(['a;b', 'c,d'], ';'), '"a;b";c,d\n')
  })
})

void describe('parseCsv: properties', () => {
  const table = fc
    .record({
      header: fc.uniqueArray(
        anyText(8)
          .map((s) => s.trim())
          .filter((s) => s !== ''),
        { minLength: 1, maxLength: 5 },
      ),
      delimiter: fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
      crlf: fc.boolean(),
      bom: fc.boolean(),
      finalNewline: fc.boolean(),
      asString: fc.boolean(),
      nRows: fc.nat({ max: 8 }),
      cells: fc.array(anyText(), { minLength: 40, maxLength: 40 }),
      cuts,
    })
    .map((t) => ({
      ...t,
      rows: Array.from({ length: t.nRows }, (_, r) => t.header.map((_, c) => t.cells[(r * 7 + c) % 40] ?? '')),
    }))

  void it('toCsvRow → parseCsv round-trips exactly, with the right line numbers, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const records = [t.header, ...t.rows].map((values) => {
          const r = toCsvRow(values, t.delimiter)
          return t.crlf ? r.slice(0, -1) + '\r\n' : r
        })
        let text = (t.bom ? '\uFEFF' : '') + records.join('')
        if (!t.finalNewline) text = text.replace(/\r?\n$/, '')
        const expected = []
        let line = 1
        for (const [i, r] of records.entries()) {
          if (i > 0) {
            const values = t.rows[i - 1] ?? []
            expected.push(row(line, Object.fromEntries(t.header.map((h, c) => [h, values[c] ?? '']))))
          }
          line += r.split(/\r\n|\r|\n/).length - 1
        }
        const input = t.asString ? cutAt(text, t.cuts) : cutAt(bytes(text), t.cuts)
        const got = (await collect(parseCsv(input, { delimiter: t.delimiter }))).map(shape)
        assert.deepEqual(got, expected)
      }),
      { numRuns: 300 },
    )
  })
})
