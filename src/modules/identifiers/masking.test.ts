import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { makeResidentId, maskPersonName, maskResidentId, parseResidentId, seededRandom } from './index.ts'

void describe('maskResidentId', () => {
  void it('keeps the address code and the last four characters only', () => {
    assert.equal(maskResidentId('11010519491231002X'), '110105********002X')
    assert.equal(maskResidentId(' 11010519491231002x '), '110105********002X')
    assert.equal(maskResidentId('440304198001010019'), '440304********0019')
  })

  void it('masks anything not shaped like a resident identity number entirely', () => {
    assert.equal(maskResidentId('1101051949123100'), '****************')
    assert.equal(maskResidentId('11010519491231002X1'), '*******************')
    assert.equal(maskResidentId('91350100M000100Y43'), '******************') // a USCC passed by mistake
    assert.equal(maskResidentId('张三丰'), '***')
    assert.equal(maskResidentId('😀😀'), '**') // one star per character, never half a surrogate pair
    assert.equal(maskResidentId(''), '')
  })

  void it('never contains the birth date digits', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const number = makeResidentId(seededRandom(seed))
        const masked = maskResidentId(number)
        const parsed = parseResidentId(number, new Date('2025-06-15T00:00:00Z'))
        assert.ok(parsed.valid)
        assert.equal(masked.length, 18)
        assert.equal(masked.slice(6, 14), '********')
        assert.ok(!masked.includes(number.slice(6, 14)), masked)
        assert.ok(!masked.includes(parsed.value.birthDate.replaceAll('-', '')), masked)
        // no run of more than 6 digits survives, so no 8-digit date can appear anywhere
        assert.ok(!/[0-9]{7}/.test(masked), masked)
      }),
      { numRuns: 2000 },
    )
  })
})

void describe('maskPersonName', () => {
  void it('keeps only the first character of each word', () => {
    assert.equal(maskPersonName('张三丰'), '张**')
    assert.equal(maskPersonName('张三'), '张*')
    assert.equal(maskPersonName('欧阳娜娜'), '欧***')
    assert.equal(maskPersonName('Wang Lei'), 'W*** L**')
    assert.equal(maskPersonName('  Wang \t Lei\n'), 'W*** L**')
    assert.equal(maskPersonName('Jean-Pierre Dupont'), 'J********** D*****')
    assert.equal(maskPersonName('买买提·艾力'), '买*****')
    assert.equal(maskPersonName('José'), 'J***')
    assert.equal(maskPersonName('Jose\u0301 Li'), 'J*** L*') // é as e + combining accent is one character
    assert.equal(maskPersonName('Ö'), 'Ö')
    assert.equal(maskPersonName(''), '')
    assert.equal(maskPersonName('   '), '')
  })

  void it('never reveals more than the first character of each word', () => {
    const word = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((w) => !/\s/.test(w))
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(' ', '  ', '\t', '\u3000'),
        (words, gap) => {
          const masked = maskPersonName(words.join(gap))
          // what the masker sees as words: the input split on whitespace
          const inputWords = words
            .join(gap)
            .trim()
            .split(/\s+/)
            .filter((w) => w !== '')
          const maskedWords = masked === '' ? [] : masked.split(' ')
          assert.equal(maskedWords.length, inputWords.length)
          inputWords.forEach((w, i) => {
            const graphemes = Array.from(segmenter.segment(w), (s) => s.segment)
            assert.equal(maskedWords[i], graphemes[0] + '*'.repeat(graphemes.length - 1))
          })
        },
      ),
      { numRuns: 2000 },
    )
  })
})

void describe('masking never throws', () => {
  void it('on arbitrary strings', () => {
    const anyString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }))
    fc.assert(
      fc.property(anyString, (s) => {
        assert.equal(typeof maskResidentId(s), 'string')
        assert.equal(typeof maskPersonName(s), 'string')
      }),
      { numRuns: 5000 },
    )
  })
})
