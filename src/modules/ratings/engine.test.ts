import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { fadedPoints, ratingEngine } from './engine.ts'
import { DEFAULT_RATING_MODEL, validateRatingModel, type RatingModel } from './model.ts'

const model = JSON.parse(readFileSync(DEFAULT_RATING_MODEL, 'utf8')) as RatingModel
const kindsOfCatalogue = new Set(
  (
    JSON.parse(readFileSync(new URL('../../../catalogue/record-kinds.json', import.meta.url), 'utf8')) as {
      kinds: { code: string }[]
    }
  ).kinds.map((k) => k.code),
)
const engine = ratingEngine(model)
const kinds = [...model.components, ...model.credits].flatMap((c) => c.kinds)

test('the shipped model is valid; a model that rates people, or names an unknown kind, is refused', () => {
  assert.deepEqual(validateRatingModel(model, kindsOfCatalogue), [])
  assert.match(
    validateRatingModel({ ...model, appliesTo: ['enterprise', 'person'] }, kindsOfCatalogue).join(),
    /person — the charter forbids a composite score of people/,
  )
  assert.match(
    validateRatingModel(
      { ...model, components: [{ ...model.components[0]!, kinds: ['religion_record'] }] },
      kindsOfCatalogue,
    ).join(),
    /no record kind religion_record/,
  )
  assert.match(
    validateRatingModel(
      {
        ...model,
        grades: [
          { grade: 'A', min: 900 },
          { grade: 'B', min: 950 },
          { grade: 'D', min: 0 },
        ],
      },
      kindsOfCatalogue,
    ).join(),
    /grades/,
  )
})

test('points fade linearly to nothing at fadeOver', () => {
  const c = { points: 150, fadeOver: 'P3Y' }
  assert.equal(fadedPoints(c, '2026-01-01', '2026-01-01'), 150)
  assert.ok(Math.abs(fadedPoints(c, '2026-01-01', '2027-07-02') - 75) < 0.2)
  assert.equal(fadedPoints(c, '2026-01-01', '2029-01-01'), 0)
  assert.equal(fadedPoints(c, '2026-01-01', '2031-01-01'), 0)
})

const record = fc.record({
  recordId: fc.uuid(),
  kind: fc.constantFrom(...kinds, 'admin_licence'),
  inForce: fc.boolean(),
  decidedOn: fc
    .integer({ min: 0, max: 3000 })
    .map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
})
const today = '2026-12-01'

test('properties: never above the base; a negative record never raises the score; caps hold; only counted records matter; M only with nothing negative', () => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 30 }), record, (records, extra) => {
      const subject = { firstKnownOn: '2015-01-01', records }
      const r = engine.rate(subject, today)
      if (r.score > model.baseScore) return false
      for (const reason of r.reasons) {
        const c = [...model.components, ...model.credits].find((x) => x.code === reason.component)!
        if (Math.abs(reason.points) > c.cap + 1e-9) return false
      }
      // adding a negative record in force never raises the score
      const negative = model.components.some((c) => c.kinds.includes(extra.kind))
      const more = engine.rate({ ...subject, records: [...records, { ...extra, inForce: true }] }, today)
      if (negative && more.score > r.score) return false
      // a record not in force changes nothing
      if (engine.rate({ ...subject, records: [...records, { ...extra, inForce: false }] }, today).score !== r.score)
        return false
      // a new organisation is M exactly when nothing negative counts
      const fresh = engine.rate({ firstKnownOn: '2026-06-01', records }, today)
      const anyLoss = fresh.reasons.some((x) => x.points < 0)
      return (fresh.grade === 'M') === !anyLoss
    }),
  )
})

test('grades follow the thresholds; reasons are ranked by points lost; the inspection tier follows the grade', () => {
  const at = (kind: string, decidedOn: string) => ({ recordId: `${kind}-${decidedOn}`, kind, decidedOn, inForce: true })
  const clean = engine.rate({ firstKnownOn: '2018-01-01', records: [at('admin_licence', '2026-01-01')] }, today)
  assert.equal(clean.score, 1000)
  assert.equal(clean.grade, 'A')
  assert.equal(clean.inspection.tier, 'reduced')
  const bad = engine.rate(
    {
      firstKnownOn: '2018-01-01',
      records: [
        at('judgment_defaulter', today),
        at('judgment_defaulter', today),
        at('admin_penalty_serious', today),
        at('admin_penalty_minor', today),
        at('commendation', today),
      ],
    },
    today,
  )
  assert.deepEqual(
    bad.reasons.map((r) => [r.component, r.points]),
    [
      ['judgment_default', -500],
      ['serious_penalty', -150],
      ['minor_penalty', -15],
      ['commendation', 20],
    ],
  )
  assert.equal(bad.score, 1000 - 500 - 150 - 15 + 20)
  assert.equal(bad.grade, 'D')
  assert.equal(bad.inspection.relativeFrequency, 4)
  // time: three years on the penalties have faded, five on the defaulter listings
  assert.equal(
    engine.rate(
      { firstKnownOn: '2018-01-01', records: bad.reasons.length ? [at('admin_penalty_serious', '2026-12-01')] : [] },
      '2029-12-01',
    ).score,
    1000,
  )
})

test('the lowest grade takes any score: penalties below its floor never leave an organisation without a grade', () => {
  // a model whose penalties can sum past the whole base score
  const harsh: RatingModel = {
    ...model,
    baseScore: 100,
    components: model.components.map((c) => ({ ...c, points: 400, cap: 800 })),
  }
  const lowest = harsh.grades[harsh.grades.length - 1]!.grade
  const severe = ratingEngine(harsh)
  fc.assert(
    fc.property(fc.array(record, { minLength: 1, maxLength: 30 }), (records) => {
      const r = severe.rate(
        { firstKnownOn: '2015-01-01', records: records.map((x) => ({ ...x, inForce: true, decidedOn: today })) },
        today,
      )
      return (
        harsh.grades.some((g) => g.grade === r.grade) && (r.score >= harsh.grades.at(-2)!.min || r.grade === lowest)
      )
    }),
    { numRuns: 300 },
  )
  const penalty = harsh.components[0]!.kinds[0]!
  const r = severe.rate(
    { firstKnownOn: '2015-01-01', records: [{ recordId: 'a', kind: penalty, inForce: true, decidedOn: today }] },
    today,
  )
  assert.ok(r.score < 0, `score ${r.score}`)
  assert.equal(r.grade, lowest)
})
