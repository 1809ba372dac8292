import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { registerSubjectAccount, verifySubjectAccount } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, organisationRecord, recordsContext, testApp } from './support/context.ts'

describeEachEngine('the portal\'s forms', (db) => {
  let app: App
  let cookies: string
  let recordId: string
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
  const objections = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM objections`.execute(db().db)).rows[0]!.n)

  before(async () => {
    const ctx = await recordsContext(db())
    app = await testApp(ctx)
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code], 'lender')
    const person = { residentId: newResidentId(), name: '陈静' }
    recordId = (await submitRecord(ctx, source, { type: 'source', id: source.name }, organisationRecord(loan, { subject: person }))).recordId
    const account = await registerSubjectAccount(db(), ctx.clock, ctx.keys, { username: 'chen.jing', password: 'a long enough passphrase', displayName: '陈静', subject: person })
    await verifySubjectAccount(db(), ctx.clock, { type: 'officer', id: 'test' }, account.accountId)
    const res = await app.inject({ method: 'POST', url: '/signin', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ username: 'chen.jing', password: 'a long enough passphrase' }) })
    assert.equal(res.statusCode, 303)
    cookies = ([] as string[]).concat(res.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ')
  })

  test('a form without this browser\'s token is refused and writes nothing; with it, the objection is filed through the API', async () => {
    const post = (csrf: string) => app.inject({ method: 'POST', url: '/me/objections', headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ csrf, recordId, reasons: 'repaid in full' }) })
    assert.equal((await post('forged')).statusCode, 403)
    assert.equal(await objections(), 0)
    const token = /fides_portal_csrf=([^;]+)/.exec(cookies)![1]!
    const ok = await post(token)
    assert.equal(ok.statusCode, 303, ok.body)
    assert.equal(await objections(), 1)
    // the API itself still refuses a state change by session without the CSRF header
    const direct = await app.inject({ method: 'POST', url: '/v1/me/objections', headers: { cookie: cookies, 'content-type': 'application/json' }, payload: JSON.stringify({ recordId, reasons: 'again' }) })
    assert.equal(direct.json<{ code: string }>().code, 'auth.csrf')
  })
})

test('status codes and purposes read as words in both languages (Chinese from the table, English as the code reads)', async () => {
  const { categoryText, purposeText, statusText } = await import('../src/portal/i18n.ts')
  assert.deepEqual([statusText('zh', 'noticed'), statusText('en', 'removed_early'), statusText('zh', 'feedback_given'), statusText('zh', 'no_such_status')], ['已告知（异议期）', 'removed early', '已反馈', 'no_such_status'])
  assert.deepEqual([purposeText('zh', 'credit_application'), purposeText('en', 'public_procurement_check')], ['信贷申请', 'public procurement check'])
  assert.deepEqual([categoryText('zh', 'administrative_penalties'), categoryText('en', 'administrative_penalties')], ['行政处罚', 'administrative penalties'])
})
