import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LineReader } from './lines.ts'
import { bytes } from './testkit.ts'

type Seen = { line: number; kind: string; text: string; cr: boolean; invalid: boolean }

function drain(r: LineReader, into: Seen[]): void {
  while (r.next()) into.push({ line: r.lineNo, kind: r.kind, text: r.text, cr: r.cr, invalid: r.invalid })
}

void describe('LineReader', () => {
  void it('survives a source that reuses one buffer for every chunk', () => {
    const data = bytes('first 张伟\r\nsecond line is longer 王芳\nthird')
    const shared = new Uint8Array(5)
    const r = new LineReader(1024)
    const seen: Seen[] = []
    for (let i = 0; i < data.length; i += shared.length) {
      const piece = data.subarray(i, i + shared.length)
      shared.fill(0x21)
      shared.set(piece)
      r.feed(shared.subarray(0, piece.length))
      drain(r, seen)
    }
    r.end()
    drain(r, seen)
    assert.deepEqual(seen, [
      { line: 1, kind: 'line', text: 'first 张伟', cr: true, invalid: false },
      { line: 2, kind: 'line', text: 'second line is longer 王芳', cr: false, invalid: false },
      { line: 3, kind: 'line', text: 'third', cr: false, invalid: false },
    ])
  })

  void it('assembles a long line from one-byte chunks in linear time', () => {
    const line = '张'.repeat(300_000)
    const data = bytes(line + '\n')
    const r = new LineReader(1 << 20)
    const seen: Seen[] = []
    const t0 = performance.now()
    for (let i = 0; i < data.length; i++) {
      r.feed(data.subarray(i, i + 1))
      drain(r, seen)
    }
    assert.ok(performance.now() - t0 < 5000)
    assert.equal(seen.length, 1)
    assert.equal(seen[0]?.text, line)
  })

  void it('reports too_long as soon as the limit is passed, then skips to the next line', () => {
    const r = new LineReader(100)
    const seen: Seen[] = []
    r.feed(bytes('ok\n'))
    drain(r, seen)
    let fed = 0
    while (seen.length < 2 && fed < 10_000) {
      r.feed(bytes('x'.repeat(10)))
      fed += 10
      drain(r, seen)
    }
    assert.ok(fed > 100 && fed <= 110, `reported after ${fed} bytes`)
    r.feed(bytes('x'.repeat(5000) + '\nafter'))
    r.end()
    drain(r, seen)
    assert.deepEqual(
      seen.map((s) => [s.line, s.kind, s.text]),
      [
        [1, 'line', 'ok'],
        [2, 'too_long', ''],
        [3, 'line', 'after'],
      ],
    )
  })

  void it('flags invalid UTF-8 per line and replaces it with U+FFFD', () => {
    const r = new LineReader(100)
    const seen: Seen[] = []
    r.feed(new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a, 0xe5, 0xbc, 0xa0, 0x0a]))
    r.end()
    drain(r, seen)
    assert.deepEqual(
      seen.map((s) => [s.text, s.invalid]),
      [
        ['a', false],
        ['b\uFFFD', true],
        ['张', false],
      ],
    )
  })
})
