import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { addRelyingParty } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  testApp,
} from './support/context.ts'

const body = (text: string) => JSON.parse(text) as Record<string, unknown>

describeEachEngine('reports for relying parties: purpose, consent, inquiry', (db) => {
  let app: App
  let clock: ManualClock
  let bankKey: string
  let officerKey: string
  let personId: string
  let residentId: string
  let companyId: string

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    clock = ctx.clock
    app = await testApp(ctx)
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    const source = await makeSource(ctx, [loan.code, penalty.code, licence.code])
    const actor = { type: 'source', id: source.name } as const
    residentId = newResidentId()
    const person = { residentId, name: '林芳' }
    personId = (
      await submitRecord(ctx, source, actor, organisationRecord(loan, { subject: person, decidedOn: '2025-03-01' }))
    ).subjectId
    await submitRecord(ctx, source, actor, organisationRecord(penalty, { subject: person, decidedOn: '2026-04-01' }))
    const company = { uscc: newUscc(), name: '福州长乐纺织有限公司' }
    companyId = (
      await submitRecord(ctx, source, actor, organisationRecord(licence, { subject: company, decidedOn: '2025-01-01' }))
    ).subjectId
    await submitRecord(ctx, source, actor, organisationRecord(penalty, { subject: company, decidedOn: '2026-04-01' }))
    await submitRecord(ctx, source, actor, organisationRecord(loan, { subject: company, decidedOn: '2025-05-01' }))
    bankKey = (
      await addRelyingParty(
        db(),
        clock,
        { type: 'operator', id: 'test' },
        {
          name: `bank-${process.pid}`,
          displayName: '闽江商业银行',
          partyType: 'lender',
          purposes: ['credit_application', 'licensing_check'],
        },
      )
    ).apiKey
    officerKey = (await issueOfficerKey(db(), clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
  })

  const report = (subjectId: string, purpose: string, key = bankKey) =>
    app.inject({
      method: 'GET',
      url: `/v1/reports/${subjectId}?purpose=${purpose}`,
      headers: { authorization: `Bearer ${key}` },
    })
  const inquiries = async (subjectId: string) =>
    (
      await sql<{ payload: { purpose: string; consentId: string | null; categories: string[] } }>`
    SELECT payload FROM audit_events WHERE action = 'inquiry.made' AND subject_id = ${subjectId} ORDER BY seq`.execute(
        db().db,
      )
    ).rows.map((r) => r.payload)
  const grant = async (expiresAt: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/subjects/${personId}/consents`,
      headers: { authorization: `Bearer ${officerKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        relyingParty: `bank-${process.pid}`,
        purpose: 'credit_application',
        expiresAt,
        evidence: 'signed authorisation form 2026-0601-17',
      }),
    })
    assert.equal(res.statusCode, 201, res.body)
    return body(res.body).consentId as string
  }

  test('a report on a person without consent is refused, and the refusal reads and records nothing', async () => {
    const res = await report(personId, 'credit_application')
    assert.equal(res.statusCode, 403)
    assert.equal(body(res.body).code, 'access.consent_required')
    assert.deepEqual(await inquiries(personId), [])
  })

  test('with consent the lender sees repayment history only, and the look is an inquiry naming purpose, consent and categories', async () => {
    const consentId = await grant('2026-07-01T00:00:00Z')
    const res = await report(personId, 'credit_application')
    assert.equal(res.statusCode, 200, res.body)
    const r = body(res.body) as {
      consentId: string
      categories: { category: string }[]
      subject: { residentIdMasked: string }
    }
    assert.equal(r.consentId, consentId)
    assert.deepEqual(
      r.categories.map((c) => c.category),
      ['finance'],
      "a penalty is not a lender's business about a person",
    )
    assert.ok(!res.body.includes(residentId))
    const [inquiry] = await inquiries(personId)
    assert.deepEqual(inquiry, {
      relyingParty: `bank-${process.pid}`,
      relyingPartyName: '闽江商业银行',
      purpose: 'credit_application',
      consentId,
      categories: ['finance', 'judicial'],
    })
  })

  test('consent ends at its expiry and at revocation, moving the injected clock', async () => {
    clock.set('2026-07-01T00:00:00Z')
    assert.equal(body((await report(personId, 'credit_application')).body).code, 'access.consent_required')
    const again = await grant('2026-12-01T00:00:00Z')
    assert.equal((await report(personId, 'credit_application')).statusCode, 200)
    const revoked = await app.inject({
      method: 'POST',
      url: `/v1/subjects/${personId}/consents/${again}/revoke`,
      headers: { authorization: `Bearer ${officerKey}` },
    })
    assert.equal(revoked.statusCode, 200, revoked.body)
    assert.ok(body(revoked.body).revokedAt)
    assert.equal(body((await report(personId, 'credit_application')).body).code, 'access.consent_required')
    const events = await sql<{
      action: string
    }>`SELECT action FROM audit_events WHERE subject_id = ${personId} AND action LIKE 'consent.%' ORDER BY seq`.execute(
      db().db,
    )
    assert.deepEqual(
      events.rows.map((e) => e.action),
      ['consent.granted', 'consent.granted', 'consent.revoked'],
    )
    const list = await app.inject({
      method: 'GET',
      url: `/v1/subjects/${personId}/consents`,
      headers: { authorization: `Bearer ${officerKey}` },
    })
    assert.equal(list.statusCode, 200)
    const looked = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = ${personId} AND action = 'subject.consents_viewed'`.execute(
      db().db,
    )
    assert.equal(looked.rows[0]!.n, 1, "an officer's reading of a person's consents is a recorded look")
  })

  test('an organisation needs no consent; the purpose decides the categories', async () => {
    const res = await report(companyId, 'licensing_check')
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(
      (body(res.body).categories as { category: string }[]).map((c) => c.category),
      ['administrative_penalties', 'licensing'],
    )
    const lending = await report(companyId, 'credit_application')
    assert.deepEqual(
      (body(lending.body).categories as { category: string }[]).map((c) => c.category),
      ['administrative_penalties', 'finance'],
    )
  })

  test('purposes are a closed list, registered per relying party, and some never apply to persons', async () => {
    const cases: [string, string, number, string][] = [
      [personId, 'licensing_check', 403, 'access.purpose_not_for_subject'],
      [companyId, 'regulatory_supervision', 403, 'access.purpose_not_registered'],
      [companyId, 'subject_request', 403, 'access.purpose_not_registered'],
      [companyId, 'marketing', 400, 'access.purpose_unknown'],
    ]
    for (const [subjectId, purpose, status, code] of cases) {
      const res = await report(subjectId, purpose)
      assert.equal(res.statusCode, status, `${purpose}: ${res.body}`)
      assert.equal(body(res.body).code, code)
    }
    const asOfficer = await report(companyId, 'licensing_check', officerKey)
    assert.equal(asOfficer.statusCode, 403)
  })
})
