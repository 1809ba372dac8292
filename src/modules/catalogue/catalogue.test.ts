import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { appliesToPersons, erasureDueOn, findKind, publicDisplayEndsOn } from './catalogue.ts'
import { validateCatalogue } from './validate-catalogue.ts'
import { shipped } from './catalogue.fixtures.ts'

const r = validateCatalogue(shipped())
assert.ok(r.ok)
const catalogue = r.catalogue
const kind = (code: string) => {
  const k = findKind(catalogue, code)
  assert.ok(k, code)
  return k
}

void describe('catalogue rules', () => {
  void it('finds kinds by code', () => {
    assert.equal(findKind(catalogue, 'loan_account')?.category, 'finance')
    assert.equal(findKind(catalogue, 'social_score'), undefined)
    assert.equal(appliesToPersons(kind('loan_account')), true)
    assert.equal(appliesToPersons(kind('public_body_contract_default')), false)
  })

  void it('computes the end of public display from the decision date', () => {
    assert.equal(publicDisplayEndsOn(kind('admin_penalty_minor'), '2025-11-30'), '2026-02-28')
    assert.equal(publicDisplayEndsOn(kind('admin_penalty_general'), '2024-02-29'), '2025-02-28')
    assert.equal(publicDisplayEndsOn(kind('judgment_defaulter'), '2025-03-01'), '2027-03-01')
    assert.equal(publicDisplayEndsOn(kind('admin_penalty_warning'), '2025-03-01'), null)
    assert.equal(publicDisplayEndsOn(kind('loan_account'), '2025-03-01'), null)
  })

  void it('computes when a record is due for erasure', () => {
    assert.equal(erasureDueOn(kind('admin_penalty_general'), { decidedOn: '2025-01-31' }), '2030-01-31')
    assert.equal(
      erasureDueOn(kind('loan_account'), { decidedOn: '2020-01-01', conductEndedOn: '2024-02-29' }),
      '2029-02-28',
    )
    assert.equal(
      erasureDueOn(kind('loan_account'), { decidedOn: '2020-01-01' }),
      null,
      'an open account (neutral) goes on: not counted yet',
    )
    assert.equal(
      erasureDueOn(kind('judgment_defaulter'), { decidedOn: '2020-01-01' }),
      '2025-01-01',
      'negative, not ended: counted from the decision (the backstop)',
    )
    assert.equal(
      erasureDueOn(kind('judgment_defaulter'), { decidedOn: '2020-01-01', conductEndedOn: null }),
      '2025-01-01',
    )
    assert.equal(
      erasureDueOn(kind('judgment_defaulter'), { decidedOn: '2020-01-01', conductEndedOn: '2021-06-30' }),
      '2026-06-30',
    )
  })
})
