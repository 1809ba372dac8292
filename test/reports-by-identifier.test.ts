import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { addRelyingParty, grantConsent } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
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

describeEachEngine(
  'reports asked for by identifier (POST /v1/reports): a person by number and name, never in a URL',
  (db) => {
    let app: App
    let bankKey: string
    let otherBankKey: string
    let personId: string
    let residentId: string
    let uscc: string
    let companyId: string

    before(async () => {
      const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
      app = await testApp(ctx)
      const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
      const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
      const source = await makeSource(ctx, [loan.code, licence.code])
      const actor = { type: 'source', id: source.name } as const
      residentId = newResidentId()
      personId = (
        await submitRecord(
          ctx,
          source,
          actor,
          organisationRecord(loan, { subject: { residentId, name: '林 芳' }, decidedOn: '2025-03-01' }),
        )
      ).subjectId
      uscc = newUscc()
      companyId = (
        await submitRecord(
          ctx,
          source,
          actor,
          organisationRecord(licence, { subject: { uscc, name: '福州长乐纺织有限公司' }, decidedOn: '2025-01-01' }),
        )
      ).subjectId
      const party = (name: string) =>
        addRelyingParty(
          db(),
          ctx.clock,
          { type: 'operator', id: 'test' },
          {
            name,
            displayName: '闽江商业银行',
            partyType: 'lender',
            purposes: ['credit_application', 'licensing_check'],
          },
        )
      const bank = await party(`bank-id-${process.pid}`)
      bankKey = bank.apiKey
      otherBankKey = (await party(`other-bank-id-${process.pid}`)).apiKey
      await grantConsent(
        db(),
        ctx.clock,
        { type: 'officer', id: 'test' },
        {
          subjectId: personId,
          relyingParty: bank.relyingParty.name,
          purpose: 'credit_application',
          expiresAt: new Date('2026-12-31T00:00:00Z'),
          evidence: 'signed form',
        },
      )
    })

    const ask = (json: unknown, key = bankKey) =>
      app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload: JSON.stringify(json),
      })
    const inquiries = async () =>
      (
        await sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'inquiry.made' AND subject_id = ${personId}`.execute(
          db().db,
        )
      ).rows[0]!.n

    test('with consent, the number and the name (written with or without a space) give the report, an inquiry the person sees', async () => {
      const before = await inquiries()
      const res = await ask({ purpose: 'credit_application', subject: { residentId, name: '林芳' } })
      assert.equal(res.statusCode, 200, res.body)
      const r = body(res.body) as { subject: { subjectId: string; residentIdMasked: string }; consentId: string | null }
      assert.equal(r.subject.subjectId, personId)
      assert.ok(r.consentId, 'the consent it rests on')
      assert.ok(!res.body.includes(residentId), 'the number is not echoed')
      assert.equal(await inquiries(), before + 1)
    })

    test('another name, an unknown number and a bank without consent are refused alike, and nothing is recorded', async () => {
      const before = await inquiries()
      const refusals = [
        await ask({ purpose: 'credit_application', subject: { residentId, name: '林芬' } }),
        await ask({ purpose: 'credit_application', subject: { residentId: newResidentId(), name: '林芳' } }),
        await ask({ purpose: 'credit_application', subject: { residentId, name: '林芳' } }, otherBankKey),
      ]
      for (const res of refusals) {
        assert.equal(res.statusCode, 403, res.body)
        assert.equal(body(res.body).code, 'access.consent_required')
      }
      assert.equal(
        new Set(refusals.map((r) => r.body)).size,
        1,
        'the same answer: nothing tells whether Fides holds the person',
      )
      assert.equal(await inquiries(), before)
    })

    test('the purpose is checked before the person is looked for; a malformed number is named as such, not echoed', async () => {
      const unknown = await ask({ purpose: 'licensing_check', subject: { residentId: newResidentId(), name: '林芳' } })
      assert.equal(body(unknown.body).code, 'access.purpose_not_for_subject')
      const malformed = await ask({
        purpose: 'credit_application',
        subject: { residentId: '11010519491231002', name: '林芳' },
      })
      assert.equal(malformed.statusCode, 422)
      const problem = body(malformed.body) as { code: string; errors: { pointer: string }[] }
      assert.equal(problem.code, 'subject.invalid_resident_id')
      assert.equal(problem.errors[0]?.pointer, '/subject/residentId')
      assert.ok(!malformed.body.includes('11010519491231002'))
      const none = await ask({ purpose: 'credit_application', subject: {} })
      assert.equal(body(none.body).code, 'subject.missing_identifier')
    })

    test('an organisation by its USCC (lower case too) needs no name; an unknown code is not found', async () => {
      const res = await ask({ purpose: 'licensing_check', subject: { uscc: uscc.toLowerCase() } })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal((body(res.body).subject as { subjectId: string }).subjectId, companyId)
      const unknown = await ask({ purpose: 'licensing_check', subject: { uscc: newUscc() } })
      assert.equal(unknown.statusCode, 404)
      assert.equal(body(unknown.body).code, 'subject.not_found')
    })
  },
)
