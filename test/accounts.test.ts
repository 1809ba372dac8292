import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { buildApp, type App } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { addRelyingParty, createStaffAccount, grantConsent, MAX_FAILED_LOGINS } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, organisationRecord, recordsContext } from './support/context.ts'

const json = (text: string) => JSON.parse(text) as Record<string, unknown>

describeEachEngine('accounts, sessions and self-service', (db) => {
  let app: App
  let clock: ManualClock
  let officerPassword: string
  let bankKey: string
  let personId: string
  const residentId = newResidentId()

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    clock = ctx.clock
    const config = Object.freeze({ ...(await loadConfig({ FIDES_DATA_DIR: ':memory:', FIDES_LOG_LEVEL: 'silent' })), keys: ctx.keys })
    app = await buildApp({ config, database: db(), clock, catalogue: ctx.catalogue }, { logger: false })
    officerPassword = (await createStaffAccount(db(), clock, { type: 'operator', id: 't' }, { username: 'officer.li', displayName: '李 officer', role: 'officer' })).password
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code], 'lender')
    const actor = { type: 'source', id: source.name } as const
    const record = organisationRecord(loan, { subject: { residentId, name: '郑勇' }, decidedOn: '2025-02-01' })
    personId = (await submitRecord(ctx, source, actor, record)).subjectId
    await submitRecord(ctx, source, actor, { ...record, decidedOn: '2025-02-02' }) // a correction: version 2
    const bank = await addRelyingParty(db(), clock, { type: 'operator', id: 't' }, { name: `acct-bank-${process.pid}`, displayName: '榕城银行', partyType: 'lender', purposes: ['credit_application'] })
    bankKey = bank.apiKey
    await grantConsent(db(), clock, { type: 'operator', id: 't' }, { subjectId: personId, relyingParty: bank.relyingParty.name, purpose: 'credit_application', expiresAt: new Date('2026-09-01T00:00:00Z'), evidence: 'form' })
  })

  const signIn = async (username: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password }) })
    const cookie = String(res.headers['set-cookie'] ?? '')
    return { res, cookie: cookie.split(';')[0]!, setCookie: cookie, csrf: res.statusCode === 200 ? String(json(res.body).csrfToken) : '' }
  }

  test('a session is an HTTP-only, secure, same-site cookie, and state changes need its CSRF token', async () => {
    const s = await signIn('officer.li', officerPassword)
    assert.equal(s.res.statusCode, 200, s.res.body)
    assert.match(s.setCookie, /HttpOnly/)
    assert.match(s.setCookie, /Secure/)
    assert.match(s.setCookie, /SameSite=Strict/)
    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } })
    assert.deepEqual(json(me.body), { role: 'officer', name: '李 officer' })
    const noToken = await app.inject({ method: 'POST', url: '/v1/accounts/00000000-0000-8000-8000-000000000000/verify', headers: { cookie: s.cookie } })
    assert.equal(json(noToken.body).code, 'auth.csrf')
    const withToken = await app.inject({ method: 'POST', url: '/v1/accounts/00000000-0000-8000-8000-000000000000/verify', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })
    assert.equal(json(withToken.body).code, 'account.not_found')
    const out = await app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })
    assert.equal(out.statusCode, 204)
    assert.equal(json((await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } })).body).code, 'auth.missing_credentials')
  })

  test('a subject registers, sees nothing until an officer verifies it, then sees its whole file and who looked', async () => {
    const weak = await app.inject({ method: 'POST', url: '/v1/accounts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'zheng.yong', password: 'short', displayName: '郑勇', subject: { residentId, name: '郑勇' } }) })
    assert.equal(json(weak.body).code, 'account.weak_password')
    const registered = await app.inject({ method: 'POST', url: '/v1/accounts', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'zheng.yong', password: 'my credit, my business', displayName: '郑勇', subject: { residentId, name: '郑勇' } }) })
    assert.equal(registered.statusCode, 201, registered.body)
    const { accountId } = json(registered.body) as { accountId: string }
    const subject = await signIn('zheng.yong', 'my credit, my business')
    const early = await app.inject({ method: 'GET', url: '/v1/me/file', headers: { cookie: subject.cookie } })
    assert.equal(json(early.body).code, 'account.not_verified')

    const officer = await signIn('officer.li', officerPassword)
    const pending = json(`{"list":${(await app.inject({ method: 'GET', url: '/v1/accounts/pending', headers: { cookie: officer.cookie } })).body}}`).list as { accountId: string; subjectId: string }[]
    assert.deepEqual(pending.map((p) => [p.accountId, p.subjectId]), [[accountId, personId]])
    const verified = await app.inject({ method: 'POST', url: `/v1/accounts/${accountId}/verify`, headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf } })
    assert.equal(verified.statusCode, 200, verified.body)

    const report = await app.inject({ method: 'GET', url: `/v1/reports/${personId}?purpose=credit_application`, headers: { authorization: `Bearer ${bankKey}` } })
    assert.equal(report.statusCode, 200, report.body)
    const file = await app.inject({ method: 'GET', url: '/v1/me/file', headers: { cookie: subject.cookie } })
    assert.equal(file.statusCode, 200, file.body)
    const records = (json(file.body).categories as { records: { version: number; history: unknown[] }[] }[]).flatMap((c) => c.records)
    assert.deepEqual(records.map((r) => [r.version, r.history.length]), [[2, 1]], 'the current version and its history')
    const looked = JSON.parse((await app.inject({ method: 'GET', url: '/v1/me/inquiries', headers: { cookie: subject.cookie } })).body) as { by: string; purpose: string }[]
    assert.deepEqual(looked.map((l) => [l.by, l.purpose]), [['榕城银行', 'credit_application']])
  })

  test(`${MAX_FAILED_LOGINS} wrong passwords lock an account for 15 minutes; an unknown user is refused the same way`, async () => {
    const password = (await createStaffAccount(db(), clock, { type: 'operator', id: 't' }, { username: 'auditor.wu', displayName: 'Wu', role: 'auditor' })).password
    const unknown = await signIn('nobody.here', 'whatever it is')
    const wrong = await signIn('auditor.wu', 'not the password')
    assert.deepEqual([json(unknown.res.body).code, json(wrong.res.body).code], ['auth.invalid_credentials', 'auth.invalid_credentials'])
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await signIn('auditor.wu', 'not the password')
    const locked = await signIn('auditor.wu', password)
    assert.equal(locked.res.statusCode, 423)
    assert.equal(json(locked.res.body).code, 'auth.account_locked')
    clock.advance(15 * 60_000 + 1)
    assert.equal((await signIn('auditor.wu', password)).res.statusCode, 200)
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'account.locked'`.execute(db().db)
    assert.equal(events.rows[0]!.n, 1)
  })
})
