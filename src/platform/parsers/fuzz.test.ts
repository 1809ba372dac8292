import assert from 'node:assert/strict'
import { Buffer } from 'node:buffer'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseCsv, parseNdjson } from './index.ts'
import type { CsvDelimiter, ParsedLine } from './index.ts'
import { assertLineNumbers, collect, cutAt, cuts, lineCount, shape } from './testkit.ts'

type Parse = (input: AsyncIterable<Uint8Array | string>, opts: Options) => AsyncIterable<ParsedLine<unknown>>
type Options = { maxLineBytes?: number; delimiter?: CsvDelimiter }
const parsers: [string, Parse][] = [
  ['parseCsv', (input, opts) => parseCsv(input, opts)],
  ['parseNdjson', (input, opts) => parseNdjson(input, { maxLineBytes: opts.maxLineBytes })],
]

const options: fc.Arbitrary<Options> = fc.record(
  { maxLineBytes: fc.integer({ min: 1, max: 40 }), delimiter: fc.constantFrom<CsvDelimiter>(',', ';', '\t') },
  { requiredKeys: [] },
)

// fast-check's default size keeps arrays and strings under ~10 items: ask for long inputs too.
const size = fc.constantFrom<fc.SizeForArbitrary>('small', 'large', 'max')
const from = (codes: number[]) =>
  size.chain((s) => fc.array(fc.constantFrom(...codes), { maxLength: 400, size: s })).map((a) => new Uint8Array(a))
const byteInputs = fc.oneof(
  size.chain((s) => fc.uint8Array({ maxLength: 2000, size: s })),
  // Bytes that drive the interesting paths: quotes, separators, line ends, BOM, partial and invalid UTF-8.
  from([
    0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a, 0x61, 0x20, 0xef, 0xbb, 0xbf, 0xe5, 0xbc, 0xa0,
    0xff, 0xc0, 0x00, 0x5c,
  ]),
  size
    .chain((s) =>
      fc.string({
        unit: fc.constantFrom('"', ',', '\n', '\r', 'a', '张', ' ', '{', '}', ':', '1', '\uFEFF'),
        maxLength: 300,
        size: s,
      }),
    )
    .map((s) => new Uint8Array(Buffer.from(s))),
)
const stringInputs = fc.oneof(
  size.chain((s) => fc.string({ unit: 'binary', maxLength: 500, size: s })),
  // Any UTF-16 code unit, lone surrogates included.
  size.chain((s) =>
    fc.string({ unit: fc.nat({ max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 300, size: s }),
  ),
  size.chain((s) =>
    fc.string({
      unit: fc.constantFrom('"', ',', '\n', '\r', 'a', '😀', '\uD83D', '{', '}', '[', ':', '1'),
      maxLength: 300,
      size: s,
    }),
  ),
)

async function run(parse: Parse, input: AsyncIterable<Uint8Array | string>, opts: Options) {
  return (await collect(parse(input, opts))).map((item) => {
    assert.equal(typeof item.line, 'number')
    if (item.ok) assert.ok(typeof item.value === 'object' && item.value !== null)
    else assert.ok(item.code.startsWith('parse.') && item.message.length > 0)
    return item
  })
}

void describe('fuzz: no input throws, every item has a sane line number, chunking never changes the result', () => {
  for (const [name, parse] of parsers) {
    void it(`${name} on arbitrary bytes`, { timeout: 120_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(byteInputs, cuts, options, async (data, cutPoints, opts) => {
          const whole = await run(parse, cutAt(data, []), opts)
          const chunked = await run(parse, cutAt(data, cutPoints), opts)
          assertLineNumbers(chunked, lineCount(data))
          assert.deepEqual(chunked.map(shape), whole.map(shape))
        }),
        { numRuns: 500 },
      )
    })

    void it(`${name} on arbitrary strings`, { timeout: 120_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(stringInputs, cuts, options, async (text, cutPoints, opts) => {
          // Split string chunks may cut surrogate pairs; the result must equal parsing the UTF-8 bytes.
          const whole = await run(parse, cutAt(new Uint8Array(Buffer.from(text)), []), opts)
          const chunked = await run(parse, cutAt(text, cutPoints), opts)
          assertLineNumbers(chunked, lineCount(text))
          assert.deepEqual(chunked.map(shape), whole.map(shape))
        }),
        { numRuns: 500 },
      )
    })
  }

  void it('deeply nested JSON is an error, not a crash', async () => {
    const text = '['.repeat(200_000) + '\n{"a":' + '{"b":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}\n{}\n'
    const got = (await collect(parseNdjson(cutAt(text, [])))).map(shape)
    assert.deepEqual(
      got.map((i) => [i.line, i.ok]),
      [
        [1, false],
        [2, true],
        [3, true],
      ],
    )
  })
})
