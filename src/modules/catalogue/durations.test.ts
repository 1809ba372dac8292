import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addDuration,
  compareDurations,
  daysBetween,
  durationExceeds,
  earliestStartRunningOn,
  formatDuration,
  isIsoDate,
  parseDuration,
  tryParseDuration,
} from './durations.ts'

void describe('parseDuration', () => {
  void it('reads ISO 8601 date durations', () => {
    assert.deepEqual(parseDuration('P3M'), { years: 0, months: 3, weeks: 0, days: 0 })
    assert.deepEqual(parseDuration('P1Y2M3W4D'), { years: 1, months: 2, weeks: 3, days: 4 })
    assert.deepEqual(parseDuration('P0D'), { years: 0, months: 0, weeks: 0, days: 0 })
    assert.deepEqual(parseDuration('P90D'), { years: 0, months: 0, weeks: 0, days: 90 })
  })

  void it('refuses what is not a finite date duration', () => {
    for (const bad of [
      '',
      'P',
      'forever',
      'infinite',
      'P1',
      '1Y',
      'p1y',
      'P-1Y',
      'P1.5Y',
      'P1,5Y',
      'PT1H',
      'P1DT12H',
      'P1M1Y',
      'P1Y1Y',
      ' P1Y',
      'P1Y ',
      'P9999999Y',
      'P∞Y',
    ]) {
      assert.equal(tryParseDuration(bad), undefined, bad)
      assert.throws(() => parseDuration(bad), RangeError, bad)
    }
  })

  void it('formats back', () => {
    for (const d of ['P3M', 'P1Y2M3W4D', 'P0D', 'P2W']) assert.equal(formatDuration(parseDuration(d)), d)
  })
})

void describe('addDuration', () => {
  void it('clamps to the end of the month', () => {
    assert.equal(addDuration('2024-01-31', 'P1M'), '2024-02-29')
    assert.equal(addDuration('2023-01-31', 'P1M'), '2023-02-28')
    assert.equal(addDuration('2024-03-31', 'P1M'), '2024-04-30')
    assert.equal(addDuration('2024-01-31', 'P2M'), '2024-03-31', 'months are added at once, not one by one')
    assert.equal(addDuration('2024-02-29', 'P1Y'), '2025-02-28')
    assert.equal(addDuration('2024-02-29', 'P4Y'), '2028-02-29')
    assert.equal(addDuration('2024-02-29', 'P12M'), '2025-02-28')
    assert.equal(addDuration('2100-02-28', 'P1D'), '2100-03-01', '2100 is not a leap year')
    assert.equal(addDuration('2000-02-28', 'P1D'), '2000-02-29', '2000 is')
  })

  void it('adds years and months before weeks and days', () => {
    assert.equal(addDuration('2024-01-31', 'P1M1D'), '2024-03-01')
    assert.equal(addDuration('2024-12-31', 'P1D'), '2025-01-01')
    assert.equal(addDuration('2024-12-25', 'P1W'), '2025-01-01')
    assert.equal(addDuration('2023-11-30', 'P3M'), '2024-02-29')
    assert.equal(addDuration('1999-12-31', 'P1Y'), '2000-12-31')
    assert.equal(addDuration('2025-06-15', 'P0D'), '2025-06-15')
  })

  void it('refuses dates that do not exist and results past 9999', () => {
    assert.throws(() => addDuration('2023-02-29', 'P1D'), RangeError)
    assert.throws(() => addDuration('2024-13-01', 'P1D'), RangeError)
    assert.throws(() => addDuration('2024-1-01', 'P1D'), RangeError)
    assert.throws(() => addDuration('9999-12-31', 'P1D'), RangeError)
    assert.equal(isIsoDate('2024-02-29'), true)
    assert.equal(isIsoDate('2023-02-29'), false)
  })

  void it('agrees with Date for days, and never lands past the start day of the month when adding months', () => {
    const dates = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 20000 }), (date, n) => {
        const viaDate = new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
        assert.equal(addDuration(date, `P${n}D`), viaDate)
        assert.equal(daysBetween(date, viaDate), n)
      }),
    )
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 600 }), (date, months) => {
        const end = addDuration(date, `P${months}M`)
        assert.ok(Number(end.slice(8)) <= Number(date.slice(8)))
        assert.equal(addDuration(date, `P${months * 12}M`), addDuration(date, `P${months}Y`))
      }),
    )
  })
})

void describe('compareDurations', () => {
  void it('compares by adding both to the same date', () => {
    assert.equal(compareDurations('P12M', 'P1Y'), 0)
    assert.equal(compareDurations('P3M', 'P1Y'), -1)
    assert.equal(compareDurations('P3Y', 'P2Y12M1D'), -1)
    assert.equal(compareDurations('P1M', 'P30D'), 1, 'January has 31 days (default reference 2000-01-01)')
    assert.equal(compareDurations('P1M', 'P30D', '2000-02-01'), -1, 'February 2000 has 29')
    assert.equal(compareDurations('P1Y', 'P365D'), 1, '2000 is a leap year')
    assert.equal(compareDurations('P1Y', 'P365D', '2001-01-01'), 0)
    assert.equal(compareDurations('P2W', 'P14D'), 0)
  })

  void it('is a total order for a fixed date', () => {
    const dur = fc
      .record({ y: fc.nat(12), m: fc.nat(30), w: fc.nat(10), d: fc.nat(400) })
      .map(({ y, m, w, d }) => `P${y}Y${m}M${w}W${d}D`)
    fc.assert(
      fc.property(dur, dur, (a, b) => {
        assert.equal(compareDurations(a, b), -compareDurations(b, a) || 0)
        assert.equal(compareDurations(a, a), 0)
      }),
    )
  })
})

void describe('durationExceeds (the charter test for "no longer than")', () => {
  void it('looks at every calendar situation, not one date', () => {
    assert.equal(durationExceeds('P5Y', 'P5Y'), false)
    assert.equal(durationExceeds('P60M', 'P5Y'), false)
    assert.equal(durationExceeds('P5Y1D', 'P5Y'), true)
    assert.equal(durationExceeds('P6Y', 'P5Y'), true)
    assert.equal(durationExceeds('P1825D', 'P5Y'), false, 'five years never hold fewer than 1825 days')
    assert.equal(durationExceeds('P1826D', 'P5Y'), true, 'five years spanning 2100 hold only 1825 days')
    assert.equal(durationExceeds('P89D', 'P3M'), false)
    assert.equal(durationExceeds('P90D', 'P3M'), true, 'February to April holds 89 days')
    assert.equal(durationExceeds('P3M', 'P3M'), false)
    assert.equal(durationExceeds('P1Y', 'P3M'), true)
  })
})

void describe('earliestStartRunningOn', () => {
  void it('is the least start whose span still runs on the day', () => {
    assert.equal(earliestStartRunningOn('2026-12-01', 'P1Y'), '2025-12-02')
    assert.equal(earliestStartRunningOn('2026-12-01', 'P0D'), '2026-12-02', 'an empty span never runs')
    // 2024-02-29 + P1Y = 2025-02-28, as does 2024-02-28 + P1Y: both have ended on 2025-02-28
    assert.equal(earliestStartRunningOn('2025-02-28', 'P1Y'), '2024-03-01')
    assert.equal(
      earliestStartRunningOn('2024-03-28', 'P1M'),
      '2024-02-29',
      'Feb 29 + P1M = Mar 29, Feb 28 + P1M = Mar 28',
    )
  })

  void it('property: a span starting on s runs on the day exactly when s is on or after it', () => {
    const day = fc
      .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2150-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    const dur = fc
      .record({ y: fc.nat(6), m: fc.nat(14), w: fc.nat(3), d: fc.nat(40) })
      .map(({ y, m, w, d }) => `P${y}Y${m}M${w}W${d}D`)
    fc.assert(
      fc.property(day, dur, fc.integer({ min: -2500, max: 30 }), (date, duration, offset) => {
        const start = new Date(Date.parse(`${date}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
        assert.equal(
          start >= earliestStartRunningOn(date, duration),
          addDuration(start, duration) > date,
          `${start} + ${duration} on ${date}`,
        )
      }),
      { numRuns: 2000 },
    )
  })
})
