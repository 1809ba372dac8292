import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  makeUscc,
  organisationCodeCheckCharacter,
  organisationTypeOf,
  parseUscc,
  seededRandom,
  usccCheckCharacter,
} from './index.ts'
import type { IdentifierProblem } from './index.ts'
import { organisationCheckCharCode, organisationCodeWeightedSum, USCC_ALPHABET, usccWeightedSum } from './uscc.ts'

// An independent, deliberately plain re-implementation straight from DOMAIN.md: indexOf, powers of 3
// computed on the spot, string comparisons. The fast code must agree with it everywhere.
const REF_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const REF_ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const REF_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

function refSum(first17: string): number {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += REF_ALPHABET.indexOf(first17[i]!) * (3 ** i % 31)
  return sum
}
function refCheck(first17: string): string {
  return REF_ALPHABET[(31 - (refSum(first17) % 31)) % 31]!
}
function refOrgSum(first8: string): number {
  return first8.split('').reduce((s, ch, i) => s + REF_ORG_ALPHABET.indexOf(ch) * REF_ORG_WEIGHTS[i]!, 0)
}
function refOrgCheck(first8: string): string {
  const c = 11 - (refOrgSum(first8) % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}
function refUpper(s: string): string {
  return s
    .split('')
    .map((ch) => (ch >= 'a' && ch <= 'z' ? ch.toUpperCase() : ch))
    .join('')
}
function refProblem(input: string): IdentifierProblem | 'none' {
  const code = refUpper(input.trim())
  if (code.length !== 18) return 'length'
  for (let i = 0; i < 18; i++) {
    if (!REF_ALPHABET.includes(code[i]!)) return 'alphabet'
    if (i >= 2 && i <= 7 && !'0123456789'.includes(code[i]!)) return 'alphabet'
  }
  if (refCheck(code.slice(0, 17)) !== code[17]) return 'check_character'
  if (refOrgCheck(code.slice(8, 16)) !== code[16]) return 'inner_check'
  return 'none'
}
// A full valid code from its first 16 characters, using only the reference.
function refComplete(first16: string): string {
  const first17 = first16 + refOrgCheck(first16.slice(8, 16))
  return first17 + refCheck(first17)
}

function problemOf(input: string): IdentifierProblem | 'none' {
  const r = parseUscc(input)
  return r.valid ? 'none' : r.problem
}
function replaceAt(s: string, i: number, ch: string): string {
  return s.slice(0, i) + ch + s.slice(i + 1)
}

const WORKED_EXAMPLE = '91350100M000100Y43'

void describe('USCC check characters', () => {
  void it('uses the weights listed in DOMAIN.md, 3^(i-1) mod 31', () => {
    const listed = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert.deepEqual(
      Array.from({ length: 17 }, (_, i) => 3 ** i % 31),
      listed,
    )
    // the fast code's weights, read back through unit vectors: '1' at position i, '0' elsewhere
    for (let i = 0; i < 17; i++) assert.equal(usccWeightedSum(replaceAt('0'.repeat(17), i, '1')), listed[i])
  })

  void it('reproduces the worked example 91350100M000100Y43: sum 1640 -> 3, inner sum 139 -> 4', () => {
    assert.equal(usccWeightedSum('91350100M000100Y4'), 1640)
    assert.equal(refSum('91350100M000100Y4'), 1640)
    assert.equal(usccCheckCharacter('91350100M000100Y4'), '3')
    assert.equal(organisationCodeWeightedSum('M000100Y'), 139)
    assert.equal(refOrgSum('M000100Y'), 139)
    assert.equal(organisationCodeCheckCharacter('M000100Y'), '4')
    assert.deepEqual(parseUscc(WORKED_EXAMPLE), {
      valid: true,
      value: {
        code: WORKED_EXAMPLE,
        registrationAuthority: '9',
        category: '1',
        divisionCode: '350100',
        organisationCode: 'M000100Y4',
        organisationType: 'enterprise',
      },
    })
  })

  void it('accepts codes in the published format, agreeing with the reference implementation', () => {
    for (const code of ['914403001922038216', '91440300708461136T', '91110000100003495Y']) {
      assert.equal(refProblem(code), 'none', code)
      assert.equal(usccCheckCharacter(code.slice(0, 17)), code[17], code)
      assert.equal(organisationCodeCheckCharacter(code.slice(8, 16)), code[16], code)
      assert.equal(parseUscc(code).valid, true, code)
    }
    // hand-built codes completed by the reference alone, for every organisation type
    const expected = [
      ['11100000MB014325', 'public_body'],
      ['12110000400000ML', 'public_body'],
      ['51110000500021AB', 'social_organisation'],
      ['92330105MA27XY12', 'individual_business'],
      ['93510100MA61RTUW', 'cooperative'],
      ['Y1440300L0000000', 'other_organisation'],
      ['97440300L0000000', 'other_organisation'],
    ] as const
    for (const [first16, type] of expected) {
      const code = refComplete(first16)
      assert.equal(usccCheckCharacter(code.slice(0, 17)), code[17], code)
      const r = parseUscc(code)
      assert.ok(r.valid, code)
      assert.equal(r.value.organisationType, type)
      assert.equal(organisationTypeOf(code), type)
      assert.equal(r.value.organisationCode, code.slice(8, 17))
    }
  })

  void it('maps the GB 11714 remainder to its check character: 10 -> X, 11 -> 0, all within the USCC alphabet', () => {
    const expected = ['0', 'X', '9', '8', '7', '6', '5', '4', '3', '2', '1'] // indexed by sum mod 11
    for (let sum = 0; sum < 11 * 40; sum++) {
      const ch = String.fromCharCode(organisationCheckCharCode(sum))
      assert.equal(ch, expected[sum % 11])
      assert.ok(USCC_ALPHABET.includes(ch), ch)
    }
    assert.equal(organisationCodeCheckCharacter('00000000'), '0') // sum 0: 11 -> 0
    assert.equal(organisationCodeCheckCharacter('00000006'), 'X') // sum 12: 11 - 1 = 10 -> X
    assert.equal(organisationCodeCheckCharacter('0000000Z'), '7') // Z = 35, sum 70, 70 mod 11 = 4: 11 - 4 = 7
  })

  void it('rejects bad input to the check-character helpers', () => {
    assert.throws(() => usccCheckCharacter('91350100M000100Y'), RangeError)
    assert.throws(() => usccCheckCharacter('91350100M000100I4'), RangeError)
    assert.throws(() => organisationCodeCheckCharacter('M000100'), RangeError)
    assert.throws(() => organisationCodeCheckCharacter('m000100Y'), RangeError)
  })

  void it('agrees with the reference implementation on 10,000 random inputs', () => {
    const char = fc.constantFrom(...REF_ALPHABET.split(''), 'I', 'O', 'S', 'V', 'Z', 'a', 'y', 'i', '-', ' ', 'é')
    const input = fc
      .record({
        chars: fc.array(fc.constantFrom(...REF_ALPHABET.split('')), { minLength: 17, maxLength: 17 }),
        digitDivision: fc.boolean(),
        fixInner: fc.boolean(),
        fixOuter: fc.boolean(),
        edit: fc.option(fc.tuple(fc.nat(18), char, fc.constantFrom('replace', 'insert', 'delete', 'lower', 'pad'))),
      })
      .map(({ chars, digitDivision, fixInner, fixOuter, edit }) => {
        if (digitDivision) for (let i = 2; i < 8; i++) chars[i] = String(REF_ALPHABET.indexOf(chars[i]!) % 10)
        let s = chars.join('')
        if (fixInner) s = s.slice(0, 16) + refOrgCheck(s.slice(8, 16))
        s += fixOuter ? refCheck(s) : REF_ALPHABET[refSum(s) % 31]!
        if (edit === null) return s
        const [at, ch, kind] = edit
        switch (kind) {
          case 'replace':
            return replaceAt(s, at % 18, ch)
          case 'insert':
            return s.slice(0, at) + ch + s.slice(at)
          case 'delete':
            return s.slice(0, at % 18) + s.slice((at % 18) + 1)
          case 'lower':
            return s.toLowerCase()
          case 'pad':
            return ` \t${s}\u3000`
        }
      })
    let valid = 0
    fc.assert(
      fc.property(input, (s) => {
        const expected = refProblem(s)
        if (expected === 'none') valid++
        assert.equal(problemOf(s), expected, s)
        const first17 = refUpper(s.trim()).slice(0, 17)
        if (first17.length === 17 && [...first17].every((c) => REF_ALPHABET.includes(c))) {
          assert.equal(usccCheckCharacter(first17), refCheck(first17))
        }
      }),
      { numRuns: 10_000 },
    )
    assert.ok(valid > 300, `the generator must also produce valid codes (got ${valid})`) // not only rejections
  })
})

void describe('parseUscc', () => {
  void it('trims whitespace and upper-cases ASCII letters', () => {
    const r = parseUscc(' \t91350100m000100y43\u3000\n')
    assert.ok(r.valid)
    assert.equal(r.value.code, WORKED_EXAMPLE)
    // only ASCII is upper-cased: the ligature ﬀ must not become FF
    assert.deepEqual(parseUscc('91350100M000100ﬀ3'), {
      valid: false,
      problem: 'length',
      onlyCheckFailed: false,
      normalised: '91350100M000100ﬀ3',
    })
  })

  void it('sets onlyCheckFailed exactly when the format is right and only a check character fails', () => {
    assert.deepEqual(parseUscc('91350100M000100Y44'), {
      valid: false,
      problem: 'check_character',
      onlyCheckFailed: true,
      normalised: '91350100M000100Y44',
    })
    // position 17 (GB 11714 check) wrong but position 18 recomputed so the outer check holds
    const innerWrong = '91350100M000100Y5' + usccCheckCharacter('91350100M000100Y5')
    assert.deepEqual(parseUscc(innerWrong.toLowerCase()), {
      valid: false,
      problem: 'inner_check',
      onlyCheckFailed: true,
      normalised: innerWrong,
    })
    const notChecks: [string, IdentifierProblem][] = [
      ['91350100M000100Y4', 'length'],
      ['91350100M000100Y433', 'length'],
      ['', 'length'],
      ['91350100M000100I43', 'alphabet'], // I is not in the alphabet
      ['91350100M000100Y4Z', 'alphabet'],
      ['9135A100M000100Y43', 'alphabet'], // division code must be digits
      ['91350100M000100Y4-', 'alphabet'],
    ]
    for (const [input, problem] of notChecks) {
      const r = parseUscc(input)
      assert.equal(r.valid, false, input)
      if (r.valid) continue
      assert.equal(r.problem, problem, input)
      assert.equal(r.onlyCheckFailed, false, input)
    }
  })

  void it('maps registration authority and category to the organisation type', () => {
    const random = seededRandom(7)
    const cases: [string, string, string][] = [
      ['1', '1', 'public_body'],
      ['1', '2', 'public_body'],
      ['1', '9', 'public_body'],
      ['5', '1', 'social_organisation'],
      ['5', '3', 'social_organisation'],
      ['9', '1', 'enterprise'],
      ['9', '2', 'individual_business'],
      ['9', '3', 'cooperative'],
      ['9', '9', 'other_organisation'],
      ['2', '1', 'other_organisation'],
      ['Y', '1', 'other_organisation'],
      ['N', '2', 'other_organisation'],
    ]
    for (const [registrationAuthority, category, type] of cases) {
      const r = parseUscc(makeUscc(random, { registrationAuthority, category }))
      assert.ok(r.valid)
      assert.equal(r.value.organisationType, type, registrationAuthority + category)
    }
  })
})

void describe('USCC properties', () => {
  const options = fc.record(
    {
      registrationAuthority: fc.constantFrom(...REF_ALPHABET.split('')),
      category: fc.constantFrom(...REF_ALPHABET.split('')),
      divisionCode: fc.stringMatching(/^[0-9]{6}$/),
    },
    { requiredKeys: [] },
  )

  void it('every generated code is valid and carries the requested parts', () => {
    fc.assert(
      fc.property(fc.integer(), options, (seed, opts) => {
        const code = makeUscc(seededRandom(seed), opts)
        assert.equal(refProblem(code), 'none', code)
        const r = parseUscc(code)
        assert.ok(r.valid, code)
        assert.equal(r.value.code, code)
        if (opts.registrationAuthority !== undefined)
          assert.equal(r.value.registrationAuthority, opts.registrationAuthority)
        if (opts.category !== undefined) assert.equal(r.value.category, opts.category)
        if (opts.divisionCode !== undefined) assert.equal(r.value.divisionCode, opts.divisionCode)
      }),
      { numRuns: 2000 },
    )
  })

  void it('every single-character substitution of a valid code is rejected', () => {
    fc.assert(
      fc.property(fc.integer(), options, (seed, opts) => {
        const code = makeUscc(seededRandom(seed), opts)
        for (let i = 0; i < 18; i++) {
          for (const ch of USCC_ALPHABET) {
            if (ch === code[i]) continue
            const changed = replaceAt(code, i, ch)
            const r = parseUscc(changed)
            assert.equal(r.valid, false, changed)
            if (r.valid) continue
            // a letter in the division code is a format error; everything else is caught by a check
            const expected = i >= 2 && i < 8 && ch > '9' ? 'alphabet' : 'check_character'
            assert.equal(r.problem, expected, changed)
            // and the final check alone catches it (31 is prime and no weight is 0 mod 31)
            assert.notEqual(refCheck(changed.slice(0, 17)), changed[17], changed)
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  void it('the GB 11714 check alone misses exactly the substitutions whose values differ by a multiple of 11', () => {
    // Not a weakness of the whole code (the outer check catches them, see above), but it shows why
    // the outer check must always run: e.g. 0 <-> B (0 and 11) at any of positions 9-16.
    const code = WORKED_EXAMPLE
    let missed = 0
    for (let i = 8; i < 16; i++) {
      for (const ch of USCC_ALPHABET) {
        if (ch === code[i]) continue
        const changed = replaceAt(code, i, ch)
        const innerHolds = organisationCodeCheckCharacter(changed.slice(8, 16)) === changed[16]
        const diff = REF_ORG_ALPHABET.indexOf(ch) - REF_ORG_ALPHABET.indexOf(code[i]!)
        assert.equal(innerHolds, diff % 11 === 0, changed)
        if (innerHolds) missed++
        assert.equal(parseUscc(changed).valid, false, changed)
      }
    }
    // 24 of the 240: e.g. '0' at position 10 may become B, M or X (values 11, 22, 33) unnoticed
    assert.equal(missed, 24)
  })

  void it('never throws on arbitrary strings', () => {
    const anyString = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary', minLength: 18, maxLength: 18 }),
      fc.string({ unit: fc.constantFrom(...'0123456789ABCXYZ xa\u3000'.split('')), minLength: 16, maxLength: 20 }),
    )
    fc.assert(
      fc.property(anyString, (s) => {
        const r = parseUscc(s)
        assert.equal(typeof r.valid, 'boolean')
        if (!r.valid) assert.equal(r.onlyCheckFailed, r.problem === 'check_character' || r.problem === 'inner_check')
        organisationTypeOf(s)
      }),
      { numRuns: 5000 },
    )
  })
})
