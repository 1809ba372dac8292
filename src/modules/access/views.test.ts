import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { addDuration, loadCatalogue, SUBJECT_TYPES, type RecordKind } from '../catalogue/index.ts'
import { decideVisibility, standingOf, type RecordFacts } from './views.ts'
import { purposeRules, purposes } from './purposes.ts'

const catalogue = await loadCatalogue()
const kinds = catalogue.kinds
const kind = (code: string): RecordKind => kinds.find((k) => k.code === code)!

const isoDay = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const record = fc.record({
  kind: fc.constantFrom(...kinds),
  subjectType: fc.constantFrom(...SUBJECT_TYPES),
  decidedOn: isoDay,
  sourceId: fc.constantFrom('s1', 's2'),
}) as fc.Arbitrary<RecordFacts & { kind: RecordKind }>

test('the public view never shows a record on a natural person, a kind without public display, or a record outside its window', () => {
  fc.assert(
    fc.property(record, isoDay, (r, today) => {
      const decision = decideVisibility({ role: 'public' }, r, today)
      if (!decision.visible) return
      assert.notEqual(r.subjectType, 'person')
      assert.equal(r.kind.disclosure, 'public')
      assert.ok(r.kind.display)
      assert.ok(
        today < addDuration(r.decidedOn, r.kind.display.window),
        `${r.kind.code} decided ${r.decidedOn} shown on ${today}`,
      )
      assert.equal(decision.publicUntil, addDuration(r.decidedOn, r.kind.display.window))
    }),
    { numRuns: 5000 },
  )
})

test('a warning-only penalty is never public, whoever it is about and however recent', () => {
  const warning = kinds.find((k) => k.category === 'administrative_penalties' && k.severity === undefined)!
  for (const subjectType of SUBJECT_TYPES) {
    const decision = decideVisibility(
      { role: 'public' },
      { kind: warning, subjectType, decidedOn: '2026-06-01', sourceId: 's1' },
      '2026-06-01',
    )
    assert.equal(decision.visible, false, subjectType)
    if (subjectType !== 'person') assert.deepEqual(decision, { visible: false, reason: 'kind_not_public' })
  }
})

test('a public record leaves public view exactly at the end of its display window', () => {
  const minor = kind('admin_penalty_minor') // shown for P3M
  const facts = { kind: minor, subjectType: 'enterprise' as const, decidedOn: '2026-01-31', sourceId: 's1' }
  assert.equal(decideVisibility({ role: 'public' }, facts, '2026-04-29').visible, true)
  assert.deepEqual(decideVisibility({ role: 'public' }, facts, '2026-04-30'), {
    visible: false,
    reason: 'outside_display_window',
  })
  assert.deepEqual(decideVisibility({ role: 'public' }, { ...facts, subjectType: 'person' }, '2026-02-01'), {
    visible: false,
    reason: 'public_sees_organisations_only',
  })
})

test('a relying party sees only what its purpose opens, a person only with consent, and never by the subject-only purpose', () => {
  fc.assert(
    fc.property(record, fc.constantFrom(...purposes), fc.boolean(), isoDay, (r, purpose, hasConsent, today) => {
      const decision = decideVisibility({ role: 'relying_party', purpose, hasConsent }, r, today)
      if (!decision.visible) return
      const rule = purposeRules[purpose]
      assert.equal(rule.subjectOnly, false)
      const open = r.subjectType === 'person' ? rule.persons : rule.organisations
      assert.ok(open.has(r.kind.category))
      if (r.subjectType === 'person' || r.kind.disclosure === 'consent_required') assert.ok(hasConsent)
    }),
    { numRuns: 5000 },
  )
  const loan = kind('loan_account')
  const person = { kind: loan, subjectType: 'person' as const, decidedOn: '2025-01-01', sourceId: 's1' }
  assert.deepEqual(
    decideVisibility({ role: 'relying_party', purpose: 'credit_application', hasConsent: false }, person, '2026-01-01'),
    { visible: false, reason: 'consent_required' },
  )
  assert.equal(
    decideVisibility({ role: 'relying_party', purpose: 'credit_application', hasConsent: true }, person, '2026-01-01')
      .visible,
    true,
  )
  assert.deepEqual(
    decideVisibility({ role: 'relying_party', purpose: 'licensing_check', hasConsent: true }, person, '2026-01-01'),
    { visible: false, reason: 'purpose_does_not_cover' },
  )
})

test('a purpose never opens unrelated domains about a person: lending sees repayment and court history only', () => {
  for (const purpose of purposes) {
    const rule = purposeRules[purpose]
    if (rule.subjectOnly) continue
    for (const category of rule.persons)
      assert.ok(['finance', 'judicial'].includes(category), `${purpose} opens ${category} about persons`)
  }
})

test('the subject, officers and auditors see everything; a source sees only its own records, until their retention ends', () => {
  fc.assert(
    fc.property(record, isoDay, (r, today) => {
      for (const role of ['subject', 'officer', 'auditor'] as const)
        assert.equal(decideVisibility({ role }, r, today).visible, true)
      const expired = standingOf(r, today) === 'erased'
      assert.equal(
        decideVisibility({ role: 'source', sourceId: 's1' }, r, today).visible,
        r.sourceId === 's1' && !expired,
      )
    }),
  )
})
