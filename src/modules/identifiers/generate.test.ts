import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { makeResidentId, makeUscc, parseResidentId, parseUscc, seededRandom } from './index.ts'

void describe('seededRandom', () => {
  void it('is deterministic mulberry32, returning floats in [0, 1)', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const first = Array.from({ length: 5 }, () => a())
    assert.deepEqual(
      Array.from({ length: 5 }, () => b()),
      first,
    )
    // mulberry32(1)'s first output: 2,693,262,067 / 2^32 (checked against an independent Python implementation of the algorithm)
    assert.equal(seededRandom(1)(), 0.6270739405881613)
    assert.notDeepEqual(Array.from({ length: 5 }, seededRandom(43)), first)
  })

  void it('stays in [0, 1) for any seed', () => {
    fc.assert(
      fc.property(fc.double(), (seed) => {
        const random = seededRandom(seed)
        for (let i = 0; i < 50; i++) {
          const r = random()
          assert.ok(r >= 0 && r < 1, String(r))
        }
      }),
    )
  })
})

void describe('makeUscc and makeResidentId', () => {
  void it('are deterministic for a seed', () => {
    assert.equal(makeUscc(seededRandom(1)), makeUscc(seededRandom(1)))
    assert.equal(makeResidentId(seededRandom(1)), makeResidentId(seededRandom(1)))
    const random = seededRandom(2024)
    const codes = Array.from({ length: 1000 }, () => makeUscc(random))
    assert.ok(new Set(codes).size === 1000, 'no repeats among 1000 codes')
  })

  void it('cover every organisation type by default', () => {
    const random = seededRandom(5)
    const types = new Set<string>()
    for (let i = 0; i < 500; i++) {
      const r = parseUscc(makeUscc(random))
      assert.ok(r.valid)
      types.add(r.value.organisationType)
    }
    assert.deepEqual([...types].sort(), [
      'cooperative',
      'enterprise',
      'individual_business',
      'other_organisation',
      'public_body',
      'social_organisation',
    ])
  })

  void it('honour the options', () => {
    const random = seededRandom(9)
    const uscc = parseUscc(makeUscc(random, { registrationAuthority: '5', divisionCode: '350100' }))
    assert.ok(uscc.valid)
    assert.equal(uscc.value.registrationAuthority, '5')
    assert.equal(uscc.value.divisionCode, '350100')
    assert.equal(uscc.value.organisationType, 'social_organisation')
    const id = parseResidentId(
      makeResidentId(random, { addressCode: '110105', birthDate: '2000-02-29', sex: 'female' }),
      new Date('2025-01-01'),
    )
    assert.ok(id.valid)
    assert.deepEqual(
      { ...id.value, number: '' },
      { number: '', addressCode: '110105', birthDate: '2000-02-29', sex: 'female' },
    )
  })

  void it('draw default birth dates from 1940-01-01 to 2005-12-31 and both sexes', () => {
    const random = seededRandom(11)
    const sexes = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const r = parseResidentId(makeResidentId(random), new Date('2006-01-01'))
      assert.ok(r.valid)
      assert.ok(r.value.birthDate >= '1940-01-01' && r.value.birthDate <= '2005-12-31', r.value.birthDate)
      sexes.add(r.value.sex)
    }
    assert.equal(sexes.size, 2)
    // the ends of the range, from a random source stuck at its lowest and highest values
    const lowest = parseResidentId(
      makeResidentId(() => 0),
      new Date('2006-01-01'),
    )
    const highest = parseResidentId(
      makeResidentId(() => 1 - 2 ** -53),
      new Date('2006-01-01'),
    )
    assert.ok(lowest.valid && highest.valid)
    assert.equal(lowest.value.birthDate, '1940-01-01')
    assert.equal(highest.value.birthDate, '2005-12-31')
    assert.equal(lowest.value.number.slice(14, 17), '001') // male, lowest sequence
    assert.equal(highest.value.number.slice(14, 17), '998') // female, highest sequence
  })

  void it('reject invalid options and a broken random source', () => {
    const random = seededRandom(3)
    assert.throws(() => makeUscc(random, { registrationAuthority: 'I' }), RangeError)
    assert.throws(() => makeUscc(random, { category: '12' }), RangeError)
    assert.throws(() => makeUscc(random, { divisionCode: '35010' }), RangeError)
    assert.throws(() => makeUscc(random, { divisionCode: '35010A' }), RangeError)
    assert.throws(() => makeResidentId(random, { addressCode: '11010' }), RangeError)
    assert.throws(() => makeResidentId(random, { birthDate: '1949-02-29' }), RangeError)
    assert.throws(() => makeResidentId(random, { birthDate: '1899-12-31' }), RangeError)
    assert.throws(() => makeResidentId(random, { birthDate: '19490101' }), RangeError)
    assert.throws(() => makeUscc(() => 1), RangeError)
    assert.throws(() => makeResidentId(() => Number.NaN), RangeError)
  })
})
