import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { makeResidentId, parseResidentId, residentIdCheckCharacter, seededRandom } from './index.ts'
import type { IdentifierProblem } from './index.ts'
import { residentIdWeightedSum } from './resident-id.ts'

// An independent, deliberately plain re-implementation from DOMAIN.md: weights as 2^(17-i) mod 11
// (the ISO 7064 MOD 11-2 definition, not the listed table), dates checked through Date.UTC.
function refSum(first17: string): number {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11)
  return sum
}
function refCheck(first17: string): string {
  return '10X98765432'[refSum(first17) % 11]!
}
function refProblem(input: string, today: Date): IdentifierProblem | 'none' {
  const s = input.trim()
  if (s.length !== 18) return 'length'
  if (!/^[0-9]{17}[0-9Xx]$/.test(s)) return 'alphabet'
  const [y, m, d] = [Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))]
  const t = new Date(0)
  t.setUTCFullYear(y, m - 1, d)
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return 'birth_date'
  const todayInChina = new Date(today.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`
  if (birth < '1900-01-01' || birth > todayInChina) return 'birth_date'
  if (refCheck(s.slice(0, 17)) !== s[17]!.toUpperCase()) return 'check_character'
  return 'none'
}
// A full number from its first 17 digits, using only the reference.
function refComplete(first17: string): string {
  return first17 + refCheck(first17)
}
function problemOf(input: string, today: Date): IdentifierProblem | 'none' {
  const r = parseResidentId(input, today)
  return r.valid ? 'none' : r.problem
}
function replaceAt(s: string, i: number, ch: string): string {
  return s.slice(0, i) + ch + s.slice(i + 1)
}

const TODAY = new Date('2025-06-15T04:00:00Z')
const WORKED_EXAMPLE = '11010519491231002X'

void describe('resident identity number check character', () => {
  void it('uses the weights listed in DOMAIN.md (= 2^(18-i) mod 11)', () => {
    const listed = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert.deepEqual(
      Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11),
      listed,
    )
    for (let i = 0; i < 17; i++) assert.equal(residentIdWeightedSum(replaceAt('0'.repeat(17), i, '1')), listed[i])
  })

  void it('reproduces the worked example 11010519491231002X: sum 167, 167 mod 11 = 2 -> X', () => {
    assert.equal(residentIdWeightedSum('11010519491231002'), 167)
    assert.equal(refSum('11010519491231002'), 167)
    assert.equal(residentIdCheckCharacter('11010519491231002'), 'X')
    assert.deepEqual(parseResidentId(WORKED_EXAMPLE, TODAY), {
      valid: true,
      value: { number: WORKED_EXAMPLE, addressCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    })
  })

  void it('accepts further numbers completed by the reference implementation', () => {
    const cases = [
      ['44030419800101001', '1980-01-01', 'male'],
      ['31011519991231998', '1999-12-31', 'female'],
      ['51010720000229123', '2000-02-29', 'male'],
      ['65010219000101002', '1900-01-01', 'female'],
      ['37020220250615555', '2025-06-15', 'male'], // born on `today` (in China)
    ] as const
    for (const [first17, birthDate, sex] of cases) {
      const number = refComplete(first17)
      assert.equal(residentIdCheckCharacter(first17), number[17])
      assert.deepEqual(parseResidentId(number, TODAY), {
        valid: true,
        value: { number, addressCode: first17.slice(0, 6), birthDate, sex },
      })
    }
    // every check character occurs, X included
    const checks = new Set(
      Array.from({ length: 200 }, (_, i) => residentIdCheckCharacter('110105199001' + String(i).padStart(5, '0'))),
    )
    assert.equal(checks.size, 11)
  })

  void it('rejects bad input to the check-character helper', () => {
    assert.throws(() => residentIdCheckCharacter('1101051949123100'), RangeError)
    assert.throws(() => residentIdCheckCharacter('1101051949123100X'), RangeError)
  })

  void it('agrees with the reference implementation on 10,000 random inputs', () => {
    const digits = (n: number) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''))
    const pad2 = (n: number) => String(n).padStart(2, '0')
    const input = fc
      .record({
        address: digits(6),
        year: fc.integer({ min: 1880, max: 2030 }),
        month: fc.integer({ min: 0, max: 13 }),
        day: fc.integer({ min: 0, max: 32 }),
        sequence: digits(3),
        fixCheck: fc.boolean(),
        lowerX: fc.boolean(),
        edit: fc.option(
          fc.tuple(
            fc.nat(18),
            fc.constantFrom('0', '7', 'X', 'x', 'a', ' ', '１'),
            fc.constantFrom('replace', 'insert', 'delete', 'pad'),
          ),
          { freq: 3 },
        ),
      })
      .map(({ address, year, month, day, sequence, fixCheck, lowerX, edit }) => {
        const first17 = address + String(year) + pad2(month) + pad2(day) + sequence
        let s = first17 + (fixCheck ? refCheck(first17) : '10X98765432'[(refSum(first17) + 1) % 11]!)
        if (lowerX) s = s.replace(/X$/, 'x')
        if (edit === null) return s
        const [at, ch, kind] = edit
        switch (kind) {
          case 'replace':
            return replaceAt(s, at % 18, ch)
          case 'insert':
            return s.slice(0, at) + ch + s.slice(at)
          case 'delete':
            return s.slice(0, at % 18) + s.slice((at % 18) + 1)
          case 'pad':
            return `\n ${s}\t`
        }
      })
    const seen = new Map<string, number>()
    fc.assert(
      fc.property(
        input,
        fc.date({ min: new Date('1890-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        (s, today) => {
          const expected = refProblem(s, today)
          seen.set(expected, (seen.get(expected) ?? 0) + 1)
          assert.equal(problemOf(s, today), expected, `${s} ${today.toISOString()}`)
          if (/^[0-9]{17}/.test(s)) assert.equal(residentIdCheckCharacter(s.slice(0, 17)), refCheck(s.slice(0, 17)))
        },
      ),
      { numRuns: 10_000 },
    )
    for (const outcome of ['none', 'length', 'alphabet', 'birth_date', 'check_character']) {
      assert.ok((seen.get(outcome) ?? 0) > 100, `too few '${outcome}' cases: ${seen.get(outcome) ?? 0}`)
    }
  })
})

void describe('parseResidentId birth dates', () => {
  // each number gets its correct check character, so only the date can be wrong
  const withDate = (yyyymmdd: string) => refComplete(`110105${yyyymmdd}123`)

  void it('requires a real calendar date, leap years included', () => {
    assert.equal(problemOf(withDate('19490229'), TODAY), 'birth_date') // 1949 is not a leap year
    assert.equal(problemOf(withDate('20000229'), TODAY), 'none') // divisible by 400: leap
    assert.equal(problemOf(withDate('19000229'), TODAY), 'birth_date') // divisible by 100, not 400
    assert.equal(problemOf(withDate('19960229'), TODAY), 'none')
    assert.equal(problemOf(withDate('19491301'), TODAY), 'birth_date') // month 13
    assert.equal(problemOf(withDate('19490001'), TODAY), 'birth_date') // month 00
    assert.equal(problemOf(withDate('19491200'), TODAY), 'birth_date') // day 00
    assert.equal(problemOf(withDate('19490431'), TODAY), 'birth_date') // April has 30 days
    assert.equal(problemOf(withDate('19491232'), TODAY), 'birth_date')
    assert.equal(problemOf(withDate('19491231'), TODAY), 'none')
  })

  void it('rejects a birth date before 1900-01-01 or after today', () => {
    assert.equal(problemOf(withDate('18991231'), TODAY), 'birth_date')
    assert.equal(problemOf(withDate('19000101'), TODAY), 'none')
    assert.equal(problemOf(withDate('20250615'), TODAY), 'none') // today
    assert.equal(problemOf(withDate('20250616'), TODAY), 'birth_date') // tomorrow
    assert.equal(problemOf(withDate('20300101'), TODAY), 'birth_date')
    assert.equal(problemOf('440524188001010014', TODAY), 'birth_date') // correct check character, born 1880
  })

  void it('reads today as a calendar day in China Standard Time (UTC+8)', () => {
    const lateEveningUtc = new Date('2025-06-15T16:30:00Z') // already 2025-06-16 00:30 in Beijing
    assert.equal(problemOf(withDate('20250616'), lateEveningUtc), 'none')
    assert.equal(problemOf(withDate('20250617'), lateEveningUtc), 'birth_date')
    const earlyMorningUtc = new Date('2025-06-15T15:59:59Z') // 23:59:59 in Beijing
    assert.equal(problemOf(withDate('20250616'), earlyMorningUtc), 'birth_date')
  })

  void it('throws only for an invalid today, which is a programming error', () => {
    assert.throws(() => parseResidentId(WORKED_EXAMPLE, new Date('not a date')), RangeError)
  })
})

void describe('parseResidentId normalisation and problems', () => {
  void it('trims whitespace and accepts a lowercase x', () => {
    const r = parseResidentId(' \t11010519491231002x\u3000\n', TODAY)
    assert.ok(r.valid)
    assert.equal(r.value.number, WORKED_EXAMPLE)
  })

  void it('sets onlyCheckFailed exactly when the format is right and only the check character fails', () => {
    assert.deepEqual(parseResidentId('110105194912310021', TODAY), {
      valid: false,
      problem: 'check_character',
      onlyCheckFailed: true,
      normalised: '110105194912310021',
    })
    assert.deepEqual(parseResidentId('110105194912310031', TODAY), {
      valid: false,
      problem: 'check_character',
      onlyCheckFailed: true,
      normalised: '110105194912310031',
    })
    const notChecks: [string, IdentifierProblem][] = [
      ['11010519491231002', 'length'],
      ['11010519491231002XX', 'length'],
      ['', 'length'],
      ['1101051949123100X2', 'alphabet'], // X only at position 18
      ['11010519491231002Y', 'alphabet'],
      ['110105194912３1002X', 'alphabet'], // a full-width digit
      [refComplete('11010519490229002'), 'birth_date'],
      [refComplete('11010520990101002'), 'birth_date'],
    ]
    for (const [input, problem] of notChecks) {
      const r = parseResidentId(input, TODAY)
      assert.equal(r.valid, false, input)
      if (r.valid) continue
      assert.equal(r.problem, problem, input)
      assert.equal(r.onlyCheckFailed, false, input)
    }
  })

  void it('reads the sex from the parity of the sequence', () => {
    for (let seq = 0; seq < 1000; seq += 37) {
      const number = refComplete('11010519800101' + String(seq).padStart(3, '0'))
      const r = parseResidentId(number, TODAY)
      assert.ok(r.valid, number)
      assert.equal(r.value.sex, seq % 2 === 1 ? 'male' : 'female', number)
    }
  })
})

void describe('resident identity number properties', () => {
  const options = fc.record(
    {
      addressCode: fc.stringMatching(/^[0-9]{6}$/),
      birthDate: fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-06-15T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      sex: fc.constantFrom('male' as const, 'female' as const),
    },
    { requiredKeys: [] },
  )

  void it('every generated number is valid and carries the requested parts', () => {
    fc.assert(
      fc.property(fc.integer(), options, (seed, opts) => {
        const number = makeResidentId(seededRandom(seed), opts)
        assert.equal(refProblem(number, TODAY), 'none', number)
        const r = parseResidentId(number, TODAY)
        assert.ok(r.valid, number)
        if (opts.addressCode !== undefined) assert.equal(r.value.addressCode, opts.addressCode)
        if (opts.birthDate !== undefined) assert.equal(r.value.birthDate, opts.birthDate)
        if (opts.sex !== undefined) assert.equal(r.value.sex, opts.sex)
        const sequence = Number(number.slice(14, 17))
        assert.ok(sequence >= 1 && sequence <= 999, number)
      }),
      { numRuns: 2000 },
    )
  })

  void it('every single-character substitution of a valid number is rejected', () => {
    fc.assert(
      fc.property(fc.integer(), options, (seed, opts) => {
        const number = makeResidentId(seededRandom(seed), opts)
        for (let i = 0; i < 18; i++) {
          for (const ch of i < 17 ? '0123456789' : '0123456789X') {
            if (ch === number[i]) continue
            const changed = replaceAt(number, i, ch)
            assert.equal(parseResidentId(changed, TODAY).valid, false, changed)
            // and the check character alone catches it (no weight is 0 mod 11, digits differ by < 11)
            assert.notEqual(refCheck(changed.slice(0, 17)), changed[17], changed)
          }
        }
      }),
      { numRuns: 1000 },
    )
  })

  void it('never throws on arbitrary strings', () => {
    const anyString = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary', minLength: 18, maxLength: 18 }),
      fc.string({ unit: fc.constantFrom(...'0123456789Xx \u3000'.split('')), minLength: 16, maxLength: 20 }),
    )
    fc.assert(
      fc.property(anyString, (s) => {
        const r = parseResidentId(s, TODAY)
        assert.equal(typeof r.valid, 'boolean')
        if (!r.valid) assert.equal(r.onlyCheckFailed, r.problem === 'check_character')
      }),
      { numRuns: 5000 },
    )
  })
})
