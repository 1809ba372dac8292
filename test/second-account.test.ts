import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { createStaffAccount } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newResidentId,
  organisationRecord,
  recordsContext,
  signInOver,
  testApp,
} from './support/context.ts'

const json = (text: string) => JSON.parse(text) as Record<string, unknown>

describeEachEngine('a second account for a subject verified already', (db) => {
  let app: App
  let personId: string
  let officer: { cookie: string; csrf: string }
  const residentId = newResidentId()

  const signIn = (username: string, password: string) => signInOver(app, username, password)
  const register = async (username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        username,
        password: 'a long enough passphrase',
        displayName: '吴敏',
        subject: { residentId, name: '吴敏' },
      }),
    })
    assert.equal(res.statusCode, 201, res.body)
    return String(json(res.body).accountId)
  }
  const verify = (accountId: string, body?: unknown) =>
    app.inject({
      method: 'POST',
      url: `/v1/accounts/${accountId}/verify`,
      headers: {
        cookie: officer.cookie,
        'x-csrf-token': officer.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  const verifiedEvents = async (accountId: string) =>
    (
      await sql<{
        payload: Record<string, unknown>
      }>`SELECT payload FROM audit_events WHERE action = 'account.verified' AND object_id = ${accountId}`.execute(
        db().db,
      )
    ).rows

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    app = await testApp(ctx)
    const password = (
      await createStaffAccount(
        db(),
        ctx.clock,
        { type: 'operator', id: 't' },
        { username: 'officer.qian', displayName: 'Qian', role: 'officer' },
      )
    ).password
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code], 'lender')
    personId = (
      await submitRecord(
        ctx,
        source,
        { type: 'source', id: source.name },
        organisationRecord(loan, { subject: { residentId, name: '吴敏' }, decidedOn: '2025-02-01' }),
      )
    ).subjectId
    officer = await signIn('officer.qian', password)
  })

  test('the officer is warned (409, nothing written) and verifies only with a reason; the event names both accounts and the holder is told', async () => {
    const first = await register('wu.min')
    const once = await verify(first)
    assert.equal(once.statusCode, 200, once.body)
    assert.deepEqual(json(once.body).alongside, [])
    const second = await register('wu.min.2')

    const pending = JSON.parse(
      (await app.inject({ method: 'GET', url: '/v1/accounts/pending', headers: { cookie: officer.cookie } })).body,
    ) as { accountId: string; verifiedAlready: number; subject?: Record<string, unknown> | null }[]
    assert.deepEqual(
      pending.map((p) => [p.accountId, p.verifiedAlready]),
      [[second, 1]],
      'the pending list warns already',
    )
    assert.deepEqual(
      pending[0]!.subject,
      {
        subjectType: 'person',
        name: '吴*',
        residentIdMasked: `${residentId.slice(0, 6)}********${residentId.slice(14)}`,
      },
      'the identifier claimed, masked',
    )
    assert.ok(!JSON.stringify(pending).includes(residentId), 'never the whole number')

    const warned = await verify(second)
    assert.equal(warned.statusCode, 409, warned.body)
    assert.equal(json(warned.body).code, 'account.subject_already_verified')
    assert.deepEqual(
      (json(warned.body).errors as { pointer: string }[]).map((e) => e.pointer),
      ['/confirm'],
    )
    assert.equal((await verifiedEvents(second)).length, 0, 'nothing written')
    const noReason = await verify(second, { confirm: true, reason: '  ' })
    assert.equal(noReason.statusCode, 400)
    assert.deepEqual(
      (json(noReason.body).errors as { pointer: string }[]).map((e) => e.pointer),
      ['/reason'],
    )
    assert.equal((await verifiedEvents(second)).length, 0, 'nothing written')

    const confirmed = await verify(second, { confirm: true, reason: '本人携身份证到窗口办理，原手机遗失' })
    assert.equal(confirmed.statusCode, 200, confirmed.body)
    assert.deepEqual(json(confirmed.body), { subjectId: personId, alongside: [first] })
    assert.deepEqual(
      (await verifiedEvents(second)).map((e) => e.payload),
      [{ alongside: [first] }],
      'the event names the account verified before',
    )

    const holder = await signIn('wu.min', 'a long enough passphrase')
    const notices = json(
      (await app.inject({ method: 'GET', url: '/v1/me/notices', headers: { cookie: holder.cookie } })).body,
    ).notices as { kind: string; objectId: string; body: Record<string, unknown> }[]
    const told = notices.filter((n) => n.kind === 'account.another_verified')
    assert.equal(told.length, 1)
    assert.equal(told[0]!.objectId, second)
    assert.equal(told[0]!.body.reasons, '本人携身份证到窗口办理，原手机遗失')

    const listed = json(
      (
        await app.inject({
          method: 'GET',
          url: `/v1/subjects/${personId}/accounts`,
          headers: { cookie: officer.cookie },
        })
      ).body,
    ).accounts as { accountId: string; verifiedAt: string | null }[]
    assert.deepEqual(
      listed.map((a) => [a.accountId, a.verifiedAt !== null]).sort(),
      [
        [first, true],
        [second, true],
      ].sort(),
    )

    // the holder sees the notice in words on the portal, in either language, never its code
    for (const [lang, words] of [
      ['zh', '又核验了一个账户'],
      ['en', 'verified another account for you'],
    ] as const) {
      const page = await app.inject({ method: 'GET', url: `/me?lang=${lang}`, headers: { cookie: holder.cookie } })
      assert.equal(page.statusCode, 200)
      assert.ok(page.body.includes(words), lang)
      assert.ok(
        !page.body.includes('another verified') && !page.body.includes('account.another_verified'),
        `${lang}: no code`,
      )
    }
  })

  test('the officer console warns in words, asks for a reason, keeps what was typed, and verifies once confirmed', async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
    const cookiesOf = (res: { headers: Record<string, unknown> }) =>
      ([] as string[])
        .concat((res.headers['set-cookie'] ?? []) as string[])
        .map((c) => c.split(';')[0])
        .filter((c) => !/=$/.test(c!))
        .join('; ')
    const signInPage = await app.inject({ method: 'GET', url: '/signin' })
    const token = /name="signin" value="([^"]+)"/.exec(signInPage.body)![1]!
    const password = (
      await createStaffAccount(
        db(),
        { now: () => new Date('2026-06-01T03:00:00Z') },
        { type: 'operator', id: 't' },
        { username: 'officer.sun', displayName: 'Sun', role: 'officer' },
      )
    ).password
    const signedIn = await app.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: cookiesOf(signInPage), 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ signin: token, username: 'officer.sun', password }),
    })
    assert.equal(signedIn.statusCode, 303, signedIn.body)
    const jar = `fides_lang=zh; ${cookiesOf(signedIn)}`
    const csrf = /fides_portal_csrf=([^;]+)/.exec(jar)![1]!
    const third = await register('wu.min.3')
    const noCode = (body: string) => !/account\.|subject_already|\/confirm|\/reason/.test(body)

    const list = await app.inject({ method: 'GET', url: '/officer/accounts', headers: { cookie: jar } })
    assert.equal(list.statusCode, 200)
    assert.ok(list.body.includes('此人已有 2 个已核验的账户'), 'the list warns')
    const post = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/officer/accounts/${third}/verify`,
        headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ csrf, subject: personId, ...fields }),
      })

    const warned = await post({})
    assert.equal(warned.statusCode, 409)
    assert.ok(
      warned.body.includes('核验前请确认') &&
        warned.body.includes('name="reason"') &&
        warned.body.includes('name="confirm" value="yes"'),
      'a confirmation form',
    )
    assert.ok(noCode(warned.body), 'no code on the page')
    assert.equal((await verifiedEvents(third)).length, 0)

    const refused = await post({ confirm: 'yes', reason: '她的宗教信仰要求另开账户' })
    assert.equal(refused.statusCode, 422)
    assert.ok(refused.body.includes('她的宗教信仰要求另开账户</textarea>'), 'what was typed survives')
    assert.ok(refused.body.includes('永不收集'), 'the refusal in words')
    assert.ok(noCode(refused.body))
    assert.equal((await verifiedEvents(third)).length, 0)

    const done = await post({ confirm: 'yes', reason: '本人到场办理' })
    assert.equal(done.statusCode, 303, done.body)
    assert.equal((await verifiedEvents(third)).length, 1)
    const accounts = await app.inject({
      method: 'GET',
      url: `/officer/accounts/subject/${personId}`,
      headers: { cookie: jar },
    })
    assert.ok(accounts.body.includes('wu.min.3') && accounts.body.includes('wu.min.2'))
  })
})
