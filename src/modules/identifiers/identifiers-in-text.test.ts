import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { findIdentifierInText } from './identifiers-in-text.ts'
import { makeResidentId, makeUscc, seededRandom } from './generate.ts'

const SEPARATORS = [' ', '-', '\u3000', '\u00a0', '\u2014', '\u2013', '\uff0d', '\u200b', ' - ', '  ']

/** Digits and letters written fullwidth, as an IME may give them. */
function fullwidth(text: string): string {
  return text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
}

/** `id` cut into groups at the given positions, with a separator between each. */
function formatted(id: string, cuts: number[], separator: string): string {
  let out = ''
  let at = 0
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out += id.slice(at, cut) + separator
    at = cut
  }
  return out + id.slice(at)
}

const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 })
const residentId = fc
  .tuple(seed, birthDate, fc.constantFrom('male', 'female') as fc.Arbitrary<'male' | 'female'>)
  .map(([s, date, sex]) => makeResidentId(seededRandom(s), { birthDate: date, sex }))
const uscc = seed.map((s) => makeUscc(seededRandom(s)))
const passport = fc.oneof(
  fc
    .tuple(fc.constantFrom('E', 'G', 'D', 'S', 'P', 'C', 'H', 'M'), fc.stringMatching(/^\d{8}$/))
    .map(([a, b]) => a + b),
  fc.tuple(fc.constantFrom(...'ABCDFGHJKLMNPQRTUWXY'), fc.stringMatching(/^\d{7}$/)).map(([a, b]) => `E${a}${b}`),
)
const prose = fc.constantFrom(
  '',
  '当事人',
  '法定代表人张三，身份证号：',
  'ID no. ',
  '（证件号码',
  'passport ',
  '统一社会信用代码',
  '号码为',
)
const after = fc.constantFrom('', '）', '，经查属实。', ' was fined.', '。', '等')
const cuts = fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 5 })
const written = fc.record({
  cuts,
  separator: fc.constantFrom(...SEPARATORS),
  isFullwidth: fc.boolean(),
  isLower: fc.boolean(),
})

function write(id: string, how: { cuts: number[]; separator: string; isFullwidth: boolean; isLower: boolean }): string {
  const cased = how.isLower ? id.toLowerCase() : id
  const text = formatted(
    cased,
    how.cuts.filter((c) => c < id.length),
    how.separator,
  )
  return how.isFullwidth ? fullwidth(text) : text
}

test('any valid resident identity number, written any way in any sentence, is found', () => {
  fc.assert(
    fc.property(residentId, written, prose, after, (id, how, before, end) => {
      assert.equal(findIdentifierInText(before + write(id, how) + end), 'resident_id')
    }),
    { numRuns: 500 },
  )
})

test('any valid Unified Social Credit Code, written any way, is found', () => {
  fc.assert(
    fc.property(uscc, written, prose, after, (code, how, before, end) => {
      assert.ok(
        ['uscc', 'resident_id', 'passport'].includes(findIdentifierInText(before + write(code, how) + end) ?? ''),
      )
    }),
    { numRuns: 500 },
  )
})

test('a passport or permit number is found, not when it is part of a word', () => {
  fc.assert(
    fc.property(passport, prose, after, fc.boolean(), (number, before, end, isFullwidth) => {
      const text = before + (isFullwidth ? fullwidth(number) : number) + end
      assert.equal(findIdentifierInText(text), 'passport')
    }),
    { numRuns: 300 },
  )
  assert.equal(findIdentifierInText('CASE12345678'), undefined)
  assert.equal(findIdentifierInText('型号 GE123456789'), undefined)
})

test('ordinary text with numbers is not an identifier', () => {
  const amount = fc
    .integer({ min: 0, max: 10 ** 9 })
    .map((n) => `${n.toLocaleString('en')}${fc.sample(fc.constantFrom('', '.00', '.5'), 1)[0]}元`)
  const date = fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10))
  const chineseDate = date.map((d) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`)
  const year = fc.integer({ min: 1990, max: 2030 })
  const caseNumber = fc
    .tuple(year, fc.constantFrom('京0105执', '闽01民初', '沪0115刑初', '粤03行终'), fc.integer({ min: 1, max: 99999 }))
    .map(([y, court, n]) => `(${y})${court}${n}号`)
  const documentNumber = fc
    .tuple(fc.constantFrom('京市监罚', '闽税稽罚', '榕环罚'), year, fc.integer({ min: 1, max: 9999 }))
    .map(([a, y, n]) => `${a}〔${y}〕${n}号`)
  const count = fc.integer({ min: 0, max: 100000 }).map((n) => `${n}次`)
  const piece = fc.oneof(
    amount,
    date,
    chineseDate,
    caseNumber,
    documentNumber,
    count,
    fc.constantFrom('当事人', '罚款', '违法所得', '，', '。', ' ', '；', '至', 'fined', 'on'),
  )
  // numbers in prose stand apart: punctuation or a word between them (two dates and a space are one group apart at most)
  const joiner = fc.constantFrom('，', '、', '；', '至', '。', ' 至 ', '和', ', ', ' and ')
  fc.assert(
    fc.property(fc.array(fc.tuple(piece, joiner), { maxLength: 12 }), (pieces) => {
      const text = pieces.map(([p, j]) => p + j).join('')
      assert.equal(findIdentifierInText(text), undefined, text)
    }),
    { numRuns: 1000 },
  )
  for (const text of [
    '2024-01-15 2024-03-01',
    '(2024)京0105执123号',
    '罚款50,000元，没收违法所得1,234.56元',
    '2024-01-15至2024-03-01',
    '电话13812345678',
    '',
  ]) {
    assert.equal(findIdentifierInText(text), undefined, text)
  }
})

test('digits of other forms that read as digits are digits: mathematical bold, circled', () => {
  const id = makeResidentId(seededRandom(5), { birthDate: '1975-07-07' })
  const bold = id.replace(/[0-9]/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)))
  assert.equal(findIdentifierInText(`身份证号${bold}`), 'resident_id')
  const circled = id.replace(/[1-9]/g, (d) => String.fromCodePoint(0x245f + Number(d)))
  assert.equal(findIdentifierInText(`号码${circled}`), 'resident_id')
})

test('an identity number whose check character is wrong is not one; residentIdOnly leaves codes alone', () => {
  const id = makeResidentId(seededRandom(3), { birthDate: '1990-01-01' })
  const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
  assert.equal(findIdentifierInText(`身份证号${wrong}`), undefined)
  const code = makeUscc(seededRandom(4), { registrationAuthority: '9', category: '1' })
  assert.equal(findIdentifierInText(code), 'uscc')
  assert.equal(findIdentifierInText(code, { residentIdOnly: true }), undefined)
  assert.equal(findIdentifierInText(`R-${id}`, { residentIdOnly: true }), 'resident_id')
})
