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

test('periods read as words, never as written in the catalogue; whom a kind describes reads as a phrase', async () => {
  const { durationText, subjectTypesText } = await import('../src/portal/i18n.ts')
  assert.deepEqual(['P1Y', 'P3Y', 'P1Y6M', 'P30D', 'P2W', 'P1Y2M3D'].map((d) => durationText('en', d)), ['1 year', '3 years', '1 year and 6 months', '30 days', '2 weeks', '1 year, 2 months and 3 days'])
  assert.deepEqual(['P1Y', 'P3M', 'P1Y6M', 'P30D'].map((d) => durationText('zh', d)), ['1年', '3个月', '1年6个月', '30天'])
  assert.equal(subjectTypesText('en', ['enterprise', 'individual_business', 'cooperative', 'social_organisation', 'public_body', 'other_organisation', 'person']), 'every organisation and natural person')
  assert.equal(subjectTypesText('zh', ['enterprise', 'public_body']), '企业、机关和事业单位')
})

test('what an element holds, in words', async () => {
  const { valueText } = await import('../src/portal/catalogue.ts')
  const e = (type: string, bounds: Record<string, number>, extra: Record<string, unknown> = {}) => ({ type, bounds, unit: null, values: [], legend: null, ...extra })
  assert.equal(valueText('en', e('text', { maxLength: 500 })), 'text of up to 500 characters (identity numbers and persons\' names are masked when it arrives)')
  assert.equal(valueText('zh', e('identifier', { minLength: 18, maxLength: 18 })), '编号，18个字符')
  assert.equal(valueText('en', e('code', {}, { values: [{ code: 'CNY', zh: '人民币', en: 'renminbi (CNY)' }, { code: 'USD', zh: '美元', en: 'US dollar' }] })), 'one of: renminbi (CNY); US dollar')
  assert.equal(valueText('en', e('amount', { minimum: 0 }, { unit: 'record_currency' })), 'an amount in the record\'s currency')
  assert.equal(valueText('zh', e('count', { minimum: 1 }, { unit: 'persons' })), '人数（整数，不少于1）')
  assert.equal(valueText('en', e('codes', { maxItems: 1 }, { values: [{ code: 'a', zh: '甲', en: 'first' }, { code: 'b', zh: '乙', en: 'second' }] })), 'one or more (at most 1) of: first; second')
})
