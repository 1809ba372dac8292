import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { confusablesOf, foldKeepingCase, foldText } from './fold.ts'

const LATIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

// Every code point of general category Cf, and the other invisible ones the fold removes.
const INVISIBLES: string[] = []
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue
  const ch = String.fromCodePoint(cp)
  if (/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(ch)) INVISIBLES.push(ch)
}

/** The same letter written another way: look-alikes of other scripts, fullwidth, mathematical alphanumerics. */
function lookAlikes(letter: string): string[] {
  const lower = letter.toLowerCase()
  const index = lower.charCodeAt(0) - 97
  const out = confusablesOf(letter)
  for (const upper of [false, true]) {
    const offset = index + (upper ? 0 : 26)
    out.push(String.fromCodePoint((upper ? 0xff21 : 0xff41) + index)) // fullwidth
    for (const base of [0x1d400, 0x1d434, 0x1d468, 0x1d5a0, 0x1d5d4, 0x1d608, 0x1d670]) {
      // bold, italic, bold italic, sans ...
      const ch = String.fromCodePoint(base + offset)
      if (/\p{L}/u.test(ch) && ch.normalize('NFKD').toLowerCase() === lower) out.push(ch)
    }
  }
  return out
}

// Text that mixes what the fold deals with: Latin, look-alikes, marks, invisibles, Han in both
// forms, Hangul jamo, kana, fullwidth forms, digits, spaces and dashes.
const POOL = [
  ...LATIN,
  ...'0123456789',
  ' ',
  '  ',
  '_',
  '-',
  '—',
  '\t',
  '\n',
  '.',
  '&',
  "'",
  ...'аеорсхуіјѕԁһАВЕКМНОРСТХΑΒΕΗΙΚΜΝΟΡΤΥΧαιονρυγσςΣՕօսᎪᏴꓮꓲıɑ',
  '\u0301',
  '\u0308',
  '\u0327',
  '\u20dd',
  '\u034f',
  '\ufe0f',
  '\u200b',
  '\u200d',
  '\u00ad',
  '\u2060',
  '\ufeff',
  '\u3164',
  '\u115f',
  ...'宗教信仰黨員工會會員健康狀況種族民族體檢乾燥乾隆發髮後臺灣指紋薴苧',
  'ᄀ',
  'ᅡ',
  'ᆨ',
  '가',
  'が',
  'か',
  '\u3099',
  'ﾊ',
  'ﾞ',
  'Ｒ',
  'ｅ',
  '𝐫',
  '𝑒',
  'ﬁ',
  'Å',
  'Å',
  'é',
  'é',
  'İ',
  'ß',
  'ẞ',
  'Ω',
  'K',
]
const mixedText = fc.array(fc.constantFrom(...POOL), { maxLength: 40 }).map((parts) => parts.join(''))
const anyText = fc.oneof(
  mixedText,
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

void describe('foldText', () => {
  void it('folds the ways an attacker wrote a forbidden word to the word', () => {
    const cases: Array<[string, string]> = [
      ['Ｒｅｌｉｇｉｏｎ', 'religion'],
      ['𝐫𝐞𝐥𝐢𝐠𝐢𝐨𝐧', 'religion'],
      ['rеligiоn', 'religion'],
      ['RΕLΙGΙΟΝ', 'religion'],
      ['ꓣꓰꓡꓲꓖꓲꓳꓠ', 'religion'],
      ['ꮁeligion', 'religion'],
      ['Relígión', 'religion'],
      ['re\u200bli\u00adgi\u2060on', 'religion'],
      ['宗\u200b教', '宗教'],
      ['宗\ufe0f教', '宗教'],
      ['宗\u3164教', '宗教'],
      ['宗\u115f教', '宗教'],
      ['宗教\u0301', '宗教'],
      ['工會會員', '工会会员'],
      ['黨員', '党员'],
      ['  Blood__Type -- Group ', 'blood type group'],
      ['ﬁ', 'fi'],
      ['ᄀ\u200bᅡ', '가'],
      ['⺠族', '民族'],
      ['エ会', '工会'],
      ['ｴ会', '工会'],
      ['薴', '苎'],
    ]
    for (const [text, folded] of cases) assert.equal(foldText(text), folded, JSON.stringify(text))
  })

  void it('keeps case and separators in its first half (camelCase stays visible)', () => {
    assert.equal(foldKeepingCase('customerRаce_Ｔype'), 'customerRace_Type')
  })

  void it('is idempotent (property)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = foldText(text)
        assert.equal(foldText(once), once)
      }),
      { numRuns: 2000 },
    )
  })

  void it('does not change when invisible characters are inserted anywhere (property)', () => {
    fc.assert(
      fc.property(
        mixedText,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLES)), { maxLength: 6 }),
        (text, insertions) => {
          const chars = [...text]
          for (const [at, ch] of insertions) chars.splice(at % (chars.length + 1), 0, ch)
          assert.equal(foldText(chars.join('')), foldText(text))
        },
      ),
      { numRuns: 1000 },
    )
    assert.ok(INVISIBLES.length > 300, `${INVISIBLES.length} invisible characters`)
  })

  void it('does not change when Latin letters are written with look-alikes (property)', () => {
    const word = fc.array(fc.constantFrom(...LATIN), { minLength: 1, maxLength: 12 }).map((a) => a.join(''))
    const text = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '))
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), (latin, swaps) => {
        const letters = [...latin]
        const chars = [...latin]
        for (const [at, pick] of swaps) {
          const i = at % chars.length
          const letter = letters[i]!
          if (letter === ' ') continue
          const options = lookAlikes(letter)
          chars[i] = options[pick % options.length]!
        }
        assert.equal(foldText(chars.join('')), latin.toLowerCase(), chars.join(''))
      }),
      { numRuns: 1000 },
    )
    for (const letter of LATIN) assert.ok(lookAlikes(letter).length >= 3, letter)
    assert.ok(confusablesOf('o').includes('о') && confusablesOf('o').includes('ο') && confusablesOf('a').includes('а'))
  })

  void it('folds texts that are equal under Unicode normalisation to the same string (property)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = foldText(text)
        for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const) assert.equal(foldText(text.normalize(form)), folded)
      }),
      { numRuns: 1000 },
    )
  })
})
