import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Model } from './scorecard.ts'
import { MIN_MONTH_SCORES, stabilityOf, stabilityStatus } from './stability.ts'
import { shiftMonth } from './given-scores.ts'

/** A card of one feature, its development sample in three score bands (25, 50, 25 rows) and three bins (none missing, 60, 40). */
const model = {
  format: 'fides-scorecard/1',
  name: 'small',
  development: { rows: 100, bads: 10, sha256: null, scores: { edges: [500, 600], counts: [25, 50, 25] } },
  features: [
    {
      name: 'delays',
      bins: [
        { label: 'missing', count: 0, points: 0 },
        { label: '< 2', count: 60, points: 20 },
        { label: '>= 2', count: 40, points: -10 },
      ],
    },
  ],
} as unknown as Model

test('PSI of the score bands and of a characteristic, and the points shift, against values computed by hand', () => {
  // 50 scores below 500, 30 in [500, 600), 20 from 600: shares 0.5, 0.3, 0.2 against 0.25, 0.5, 0.25
  // PSI = 0.25 ln 2 + (-0.2) ln 0.6 + (-0.05) ln 0.8 = 0.173287 + 0.102165 + 0.011157 = 0.286609
  const report = stabilityOf(model, '2026-06', {
    scores: [
      { score: 450, count: 50 },
      { score: 550, count: 30 },
      { score: 650, count: 20 },
    ],
    bins: [
      { card: 0, feature: 0, bin: 1, count: 30 },
      { card: 0, feature: 0, bin: 2, count: 70 },
    ],
  })
  assert.equal(report.scores, 100)
  assert.ok(Math.abs(report.psi! - 0.286609) < 1e-6, String(report.psi))
  assert.equal(report.status, 'shifted', 'past 0.25: flagged')
  assert.deepEqual(
    report.bands!.map((b) => [b.label, b.expected, b.actual, b.count]),
    [
      ['< 500', 0.25, 0.5, 50],
      ['500 – 599', 0.5, 0.3, 30],
      ['≥ 600', 0.25, 0.2, 20],
    ],
  )
  // bins 0.3 and 0.7 against 0.6 and 0.4: 0.3 ln 2 + 0.3 ln 1.75 = 0.207944 + 0.167885; the empty missing bin adds nothing
  const delays = report.characteristics[0]!
  assert.ok(Math.abs(delays.psi! - 0.375829) < 1e-6, String(delays.psi))
  assert.equal(delays.status, 'shifted')
  // the characteristic analysis: (0.3 - 0.6) × 20 + (0.7 - 0.4) × (-10) = -9 points on average
  assert.ok(Math.abs(delays.pointsShift! + 9) < 1e-12)
})

test('the flag: stable below 0.10, watch from 0.10 to 0.25, shifted past 0.25; not judged on too few scores', () => {
  assert.equal(stabilityStatus(0.0999, MIN_MONTH_SCORES), 'stable')
  assert.equal(stabilityStatus(0.1, MIN_MONTH_SCORES), 'watch')
  assert.equal(stabilityStatus(0.25, MIN_MONTH_SCORES), 'watch')
  assert.equal(stabilityStatus(0.2501, MIN_MONTH_SCORES), 'shifted')
  assert.equal(stabilityStatus(3, MIN_MONTH_SCORES - 1), 'too_few')
  assert.equal(stabilityStatus(null, 0), 'no_scores')
  assert.equal(stabilityStatus(null, 5), 'no_baseline')
})

test('a month with no scores: no PSI, nothing flagged; a model file without its development scores has no score bands', () => {
  const empty = stabilityOf(model, '2026-07', { scores: [], bins: [] })
  assert.equal(empty.scores, 0)
  assert.equal(empty.psi, null)
  assert.equal(empty.status, 'no_scores')
  assert.deepEqual(
    empty.bands!.map((b) => b.count),
    [0, 0, 0],
  )
  assert.deepEqual(
    empty.characteristics.map((c) => [c.psi, c.pointsShift, c.status]),
    [[null, null, 'no_scores']],
  )
  const older = { ...model, development: { rows: 100, bads: 10, sha256: null } } as Model
  const report = stabilityOf(older, '2026-06', { scores: [{ score: 550, count: 200 }], bins: [] })
  assert.equal(report.bands, null)
  assert.equal(report.status, 'no_baseline')
})

test('months count across years', () => {
  assert.equal(shiftMonth('2026-01', -1), '2025-12')
  assert.equal(shiftMonth('2026-12', 1), '2027-01')
  assert.equal(shiftMonth('2028-07', -24), '2026-07')
})
