import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { addRelyingParty, createStaffAccount, grantConsent, throttleLimits } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
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

describeEachEngine('accounts, sessions and self-service', (db) => {
  let app: App
  let clock: ManualClock
  let officerPassword: string
  let bankKey: string
  let bankName: string
  let sourceName: string
  let personId: string
  const residentId = newResidentId()

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    clock = ctx.clock
    app = await testApp(ctx)
    officerPassword = (
      await createStaffAccount(
        db(),
        clock,
        { type: 'operator', id: 't' },
        { username: 'officer.li', displayName: '李 officer', role: 'officer' },
      )
    ).password
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code], 'lender')
    sourceName = source.name
    const actor = { type: 'source', id: source.name } as const
    const record = organisationRecord(loan, { subject: { residentId, name: '郑勇' }, decidedOn: '2025-02-01' })
    personId = (await submitRecord(ctx, source, actor, record)).subjectId
    await submitRecord(ctx, source, actor, { ...record, decidedOn: '2025-02-02' }) // a correction: version 2
    const bank = await addRelyingParty(
      db(),
      clock,
      { type: 'operator', id: 't' },
      {
        name: `acct-bank-${process.pid}`,
        displayName: '榕城银行',
        partyType: 'lender',
        purposes: ['credit_application'],
      },
    )
    bankKey = bank.apiKey
    bankName = bank.relyingParty.name
    await grantConsent(
      db(),
      clock,
      { type: 'operator', id: 't' },
      {
        subjectId: personId,
        relyingParty: bank.relyingParty.name,
        purpose: 'credit_application',
        expiresAt: new Date('2026-09-01T00:00:00Z'),
        evidence: 'form',
      },
    )
  })

  const signIn = async (username: string, password: string, from = '127.0.0.1') => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/session',
      remoteAddress: from,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username, password }),
    })
    const cookie = String(res.headers['set-cookie'] ?? '')
    return {
      res,
      cookie: cookie.split(';')[0]!,
      setCookie: cookie,
      csrf: res.statusCode === 200 ? String(json(res.body).csrfToken) : '',
    }
  }

  test('a session is an HTTP-only, secure, same-site cookie, and state changes need its CSRF token', async () => {
    const s = await signIn('officer.li', officerPassword)
    assert.equal(s.res.statusCode, 200, s.res.body)
    assert.match(s.setCookie, /HttpOnly/)
    assert.match(s.setCookie, /Secure/)
    assert.match(s.setCookie, /SameSite=Strict/)
    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } })
    assert.deepEqual(json(me.body), { role: 'officer', name: '李 officer' })
    const noToken = await app.inject({
      method: 'POST',
      url: '/v1/accounts/00000000-0000-8000-8000-000000000000/verify',
      headers: { cookie: s.cookie },
    })
    assert.equal(json(noToken.body).code, 'auth.csrf')
    const withToken = await app.inject({
      method: 'POST',
      url: '/v1/accounts/00000000-0000-8000-8000-000000000000/verify',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    })
    assert.equal(json(withToken.body).code, 'account.not_found')
    const out = await app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    })
    assert.equal(out.statusCode, 204)
    assert.equal(
      json((await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } })).body).code,
      'auth.missing_credentials',
    )
  })

  test('a subject registers, sees nothing until an officer verifies it, then sees its whole file and who looked', async () => {
    const weak = await app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        username: 'zheng.yong',
        password: 'short',
        displayName: '郑勇',
        subject: { residentId, name: '郑勇' },
      }),
    })
    assert.equal(json(weak.body).code, 'account.weak_password')
    const registered = await app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        username: 'zheng.yong',
        password: 'my credit, my business',
        displayName: '郑勇',
        subject: { residentId, name: '郑勇' },
      }),
    })
    assert.equal(registered.statusCode, 201, registered.body)
    const { accountId } = json(registered.body) as { accountId: string }
    const subject = await signIn('zheng.yong', 'my credit, my business')
    const early = await app.inject({ method: 'GET', url: '/v1/me/file', headers: { cookie: subject.cookie } })
    assert.equal(json(early.body).code, 'account.not_verified')

    const officer = await signIn('officer.li', officerPassword)
    const pending = json(
      `{"list":${(await app.inject({ method: 'GET', url: '/v1/accounts/pending', headers: { cookie: officer.cookie } })).body}}`,
    ).list as { accountId: string; subjectId: string }[]
    assert.deepEqual(
      pending.map((p) => [p.accountId, p.subjectId]),
      [[accountId, personId]],
    )
    const verified = await app.inject({
      method: 'POST',
      url: `/v1/accounts/${accountId}/verify`,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
    })
    assert.equal(verified.statusCode, 200, verified.body)

    const report = await app.inject({
      method: 'GET',
      url: `/v1/reports/${personId}?purpose=credit_application`,
      headers: { authorization: `Bearer ${bankKey}` },
    })
    assert.equal(report.statusCode, 200, report.body)
    const file = await app.inject({ method: 'GET', url: '/v1/me/file', headers: { cookie: subject.cookie } })
    assert.equal(file.statusCode, 200, file.body)
    const records = (json(file.body).categories as { records: { version: number; history: unknown[] }[] }[]).flatMap(
      (c) => c.records,
    )
    assert.deepEqual(
      records.map((r) => [r.version, r.history.length]),
      [[2, 1]],
      'the current version and its history',
    )
    const lookup = await app.inject({
      method: 'POST',
      url: '/v1/subjects/lookup',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ residentId }),
    })
    assert.equal(lookup.statusCode, 200, lookup.body)
    const looked = JSON.parse(
      (await app.inject({ method: 'GET', url: '/v1/me/inquiries', headers: { cookie: subject.cookie } })).body,
    ) as { by: string; purpose: { zh: string; en: string } }[]
    assert.deepEqual(
      looked.map((l) => [l.by, l.purpose]),
      [
        ['credit officer', { zh: '按身份证号码查找您', en: 'looked you up by identity number' }],
        ['榕城银行', { zh: '信贷申请', en: 'credit application' }],
      ],
      'what was looked at and why, in both languages',
    )
    assert.deepEqual(
      (looked as unknown as { look: string; startedBySubject: boolean; purposeCode: string | null }[]).map((l) => [
        l.look,
        l.startedBySubject,
        l.purposeCode,
      ]),
      [
        ['lookup', false, null],
        ['report', false, 'credit_application'],
      ],
      'each look named from a closed list, for the portal to word',
    )

    // the subject manages its own consents: revoking the bank's stops the bank's reports at once
    const mine = JSON.parse(
      (await app.inject({ method: 'GET', url: '/v1/me/consents', headers: { cookie: subject.cookie } })).body,
    ) as { consentId: string; relyingParty: string; relyingPartyDisplayName: string }[]
    assert.equal(mine.length, 1)
    assert.equal(mine[0]!.relyingPartyDisplayName, '榕城银行')
    // whom the subject may consent to: each relying party once, by its display name, with its purposes in words
    const parties = await app.inject({
      method: 'GET',
      url: '/v1/me/relying-parties',
      headers: { cookie: subject.cookie },
    })
    assert.equal(parties.statusCode, 200, parties.body)
    const bank = (
      json(parties.body).relyingParties as { name: string; displayName: string; purposes: unknown[] }[]
    ).filter((p) => p.displayName === '榕城银行')
    assert.deepEqual(
      bank.map((p) => [p.name, p.purposes]),
      [[mine[0]!.relyingParty, [{ code: 'credit_application', name: { zh: '信贷申请', en: 'credit application' } }]]],
    )
    const revoke = await app.inject({
      method: 'POST',
      url: `/v1/me/consents/${mine[0]!.consentId}/revoke`,
      headers: { cookie: subject.cookie, 'x-csrf-token': subject.csrf },
    })
    assert.equal(revoke.statusCode, 200, revoke.body)
    const refused = await app.inject({
      method: 'GET',
      url: `/v1/reports/${personId}?purpose=credit_application`,
      headers: { authorization: `Bearer ${bankKey}` },
    })
    assert.equal(json(refused.body).code, 'access.consent_required')
    const given = await app.inject({
      method: 'POST',
      url: '/v1/me/consents',
      headers: { cookie: subject.cookie, 'x-csrf-token': subject.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({
        relyingParty: mine[0]!.relyingParty,
        purpose: 'credit_application',
        expiresAt: '2026-07-01T00:00:00Z',
      }),
    })
    assert.equal(given.statusCode, 201, given.body)
    assert.equal(
      (
        await app.inject({
          method: 'GET',
          url: `/v1/reports/${personId}?purpose=credit_application`,
          headers: { authorization: `Bearer ${bankKey}` },
        })
      ).statusCode,
      200,
    )
  })

  test('the subject downloads everything held: JSON with its own number in clear, and a printable page with every value escaped', async () => {
    const subject = await signIn('zheng.yong', 'my credit, my business')
    const res = await app.inject({ method: 'GET', url: '/v1/me/export', headers: { cookie: subject.cookie } })
    assert.equal(res.statusCode, 200, res.body)
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="fides-file-\d{4}-\d{2}-\d{2}\.json"$/,
    )
    const data = json(res.body) as {
      subject: { residentId: string; personName: string }
      categories: unknown[]
      inquiries: unknown[]
      consents: unknown[]
    }
    assert.equal(data.subject.residentId, residentId)
    assert.equal(data.subject.personName, '郑勇')
    assert.equal(data.categories.length, 1)
    assert.ok(data.inquiries.length >= 1)
    assert.ok(data.consents.length >= 1)
    const page = await app.inject({
      method: 'GET',
      url: '/v1/me/export?format=html',
      headers: { cookie: subject.cookie },
    })
    assert.equal(page.statusCode, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assert.match(page.body, /<svg role="img" aria-label="Records per category"/)
    assert.ok(page.body.includes(residentId) && page.body.includes('榕城银行'))
    // fields in words from the dictionary: the element's name and the code's words, never the code
    assert.ok(page.body.includes('账户类型') && page.body.includes('Kind of account'), 'element names')
    assert.ok(!/accountType|accountStatus:|repaymentHistory:/.test(page.body), 'no element codes')
  })

  test('the printable page escapes whatever a record holds', async () => {
    const { renderExportHtml } = await import('../src/modules/records/records.export.ts')
    const hostile = '<script>alert(1)</script>"&'
    const html = renderExportHtml({
      generatedAt: '2026-06-01T00:00:00Z',
      consents: [],
      objections: [
        {
          objectionId: 'o',
          filedAt: '2026-06-01T00:00:00Z',
          recordId: 'r',
          kind: 'k',
          status: 'open',
          dueOn: '2026-06-21',
          reasons: hostile,
          statement: hostile,
        },
      ],
      listEntries: [
        {
          entryId: 'e',
          listName: hostile,
          status: 'noticed',
          proposedOn: '2026-06-01',
          startsOn: null,
          endsOn: null,
          objectionWindowEndsOn: '2026-07-01',
        },
      ],
      repairs: [
        {
          applicationId: 'a',
          target: hostile,
          status: 'submitted',
          appliedOn: '2026-06-01',
          feedbackDueOn: '2026-06-15',
          decisionDueOn: null,
          decidedOn: null,
        },
      ],
      ratings: [
        {
          model: hostile,
          ratedOn: '2026-06-01',
          score: 850,
          grade: hostile,
          inspectionTier: hostile,
          reasons: [{ text: hostile, points: -150 }],
        },
      ],
      notices: [
        {
          noticeId: 'n',
          createdAt: '2026-06-01T00:00:00Z',
          kind: 'objection.filed',
          objectType: 'objection',
          objectId: 'o',
          body: { note: hostile },
        },
      ],
      inquiries: [
        {
          at: '2026-06-01T00:00:00Z',
          by: hostile,
          byType: 'relying_party',
          look: 'report',
          startedBySubject: false,
          purpose: { zh: '信贷申请', en: 'credit application' },
          purposeCode: 'credit_application',
          consentId: null,
          categories: [],
        },
      ],
      subject: {
        subjectId: 'x',
        subjectType: 'enterprise',
        name: hostile,
        divisionCode: null,
        identifierCheckFailed: false,
        registeredAt: '2026-01-01T00:00:00Z',
      },
      categories: [
        {
          category: 'finance',
          records: [
            {
              recordId: 'r',
              version: 1,
              kind: 'k',
              kindName: { zh: hostile, en: hostile },
              polarity: 'negative',
              source: { name: 's', displayName: hostile },
              sourceRecordId: 'x',
              decidedOn: '2026-01-01',
              conductEndedOn: null,
              fields: { note: hostile },
              identifierCheckFailed: false,
              receivedAt: '',
              catalogueVersion: '',
              standing: 'under_objection',
              contentHash: '00',
              erasedAt: null,
              statement: hostile,
              publicUntil: '2027-01-01',
              keptUntil: null,
            },
          ],
        },
      ],
    })
    assert.ok(!html.includes('<script>'))
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;'))
  })

  const FREE = throttleLimits.usernameFromAddress.free
  const events = async (action: string, objectId?: string) =>
    (
      await sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action} AND (${objectId ?? null}::text IS NULL OR object_id = ${objectId ?? null})`.execute(
        db().db,
      )
    ).rows[0]!.n
  const problemOf = (res: { body: string }) => {
    const { instance: _, ...rest } = json(res.body)
    return rest
  }

  test(`after ${FREE} wrong passwords a username waits a growing delay from that address only; an unknown username is answered alike`, async () => {
    const password = (
      await createStaffAccount(
        db(),
        clock,
        { type: 'operator', id: 't' },
        { username: 'auditor.wu', displayName: 'Wu', role: 'auditor' },
      )
    ).password
    const known: string[] = []
    const unknown: string[] = []
    for (let i = 0; i < FREE; i++) {
      known.push(json((await signIn('auditor.wu', 'not the password', '10.0.0.1')).res.body).code as string)
      unknown.push(json((await signIn('nobody.here', 'not the password', '10.0.0.2')).res.body).code as string)
    }
    assert.deepEqual([...new Set(known)], ['auth.invalid_credentials'])
    assert.deepEqual(unknown, known)
    // the next attempt is held back before its password is looked at, the right one too, alike for both
    const held = await signIn('auditor.wu', password, '10.0.0.1')
    const heldUnknown = await signIn('nobody.here', 'whatever it is', '10.0.0.2')
    assert.equal(held.res.statusCode, 429)
    assert.equal(held.res.headers['retry-after'], '1')
    assert.match(String(held.res.headers['content-type']), /^application\/problem\+json/)
    assert.deepEqual(problemOf(held.res), problemOf(heldUnknown.res))
    assert.equal(heldUnknown.res.headers['retry-after'], held.res.headers['retry-after'])
    assert.equal(json(held.res.body).code, 'auth.throttled')
    // the owner, from another address, is not kept out
    assert.equal((await signIn('auditor.wu', password, '10.0.0.3')).res.statusCode, 200)
    // from the flooded address, each further failure doubles the wait
    const waits: string[] = []
    for (const wait of [1, 2, 4]) {
      clock.advance(wait * 1000)
      assert.equal((await signIn('auditor.wu', 'still not it', '10.0.0.1')).res.statusCode, 401)
      waits.push(String((await signIn('auditor.wu', password, '10.0.0.1')).res.headers['retry-after']))
    }
    assert.deepEqual(waits, ['2', '4', '8'])
    clock.advance(8_000)
    assert.equal((await signIn('auditor.wu', password, '10.0.0.1')).res.statusCode, 200)
    const [account] = (
      await sql<{ account_id: string }>`SELECT account_id FROM accounts WHERE username = 'auditor.wu'`.execute(db().db)
    ).rows
    assert.equal(
      await events('account.sign_in_throttled', account!.account_id),
      1,
      "one alert for an auditor's run of failures",
    )
  })

  test('parallel wrong passwords from one address: no more than the free attempts are checked, and the owner elsewhere gets in', async () => {
    const password = (
      await createStaffAccount(
        db(),
        clock,
        { type: 'operator', id: 't' },
        { username: 'officer.zhao', displayName: 'Zhao', role: 'officer' },
      )
    ).password
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn('officer.zhao', `guess number ${i}`, '10.0.1.1')),
    )
    const codes = guesses.map((g) => json(g.res.body).code as string)
    assert.ok(
      codes.every((c) => c === 'auth.invalid_credentials' || c === 'auth.throttled'),
      codes.join(),
    )
    assert.ok(
      codes.filter((c) => c === 'auth.invalid_credentials').length <= FREE,
      `at most ${FREE} guesses checked: ${codes.join()}`,
    )
    assert.equal(
      (await signIn('officer.zhao', password, '10.0.1.1')).res.statusCode,
      429,
      'held back: the right password does not get in from there yet',
    )
    assert.equal(
      (await signIn('officer.zhao', password, '10.0.1.2')).res.statusCode,
      200,
      'from another address at once',
    )
  })

  test('an address trying many usernames is held back for every username, and only that address', async () => {
    const { address } = throttleLimits
    for (let i = 0; i < address.free; i++)
      assert.equal((await signIn(`guess.${i}`, 'not the password', '10.0.2.1')).res.statusCode, 401)
    assert.equal((await signIn('officer.li', officerPassword, '10.0.2.1')).res.statusCode, 429)
    assert.equal((await signIn('officer.li', officerPassword, '10.0.2.2')).res.statusCode, 200)
    clock.advance(address.baseMs)
    assert.equal((await signIn('officer.li', officerPassword, '10.0.2.1')).res.statusCode, 200)
  })

  test('a clock set back does not hold the owner out for as long as it moved, and a flood is held back again', async () => {
    const started = clock.now()
    clock.advanceDays(30)
    assert.equal((await signIn('officer.li', officerPassword, '10.0.4.1')).res.statusCode, 200)
    for (let i = 0; i < FREE; i++) await signIn('officer.li', 'not the password', '10.0.4.2')
    clock.set(started) // thirty days back, as a corrected server clock would
    assert.equal(
      (await signIn('officer.li', officerPassword, '10.0.4.1')).res.statusCode,
      200,
      'no wait read off the old clock',
    )
    assert.equal(
      (await signIn('officer.li', 'not the password', '10.0.4.2')).res.statusCode,
      401,
      'counted again from now',
    )
    const held = await signIn('officer.li', officerPassword, '10.0.4.2')
    assert.equal(held.res.statusCode, 429)
    assert.ok(
      Number(held.res.headers['retry-after']) < 3600,
      `a wait by the count, not by the clock's step: ${String(held.res.headers['retry-after'])}`,
    )
  })

  test('an IPv6 client is one client across its /64', async () => {
    for (let i = 0; i < FREE; i++) await signIn('officer.li', 'not the password', `2001:db8:1:2::${i + 1}`)
    assert.equal((await signIn('officer.li', officerPassword, '2001:db8:1:2:ffff::9')).res.statusCode, 429)
    assert.equal((await signIn('officer.li', officerPassword, '2001:db8:1:3::1')).res.statusCode, 200)
  })

  test('every role signs out: the same cookie is refused afterwards, and the sign-out is in the audit trail', async () => {
    const operator = { type: 'operator', id: 't' } as const
    const staff = [
      { username: 'bye.officer', displayName: 'O', role: 'officer' as const },
      { username: 'bye.auditor', displayName: 'A', role: 'auditor' as const },
      { username: 'bye.source', displayName: 'S', role: 'source' as const, sourceName },
      { username: 'bye.bank', displayName: 'B', role: 'relying_party' as const, relyingPartyName: bankName },
    ]
    const accounts = [
      ...(await Promise.all(
        staff.map(async (s) => ({
          username: s.username,
          role: s.role,
          ...(await createStaffAccount(db(), clock, operator, s)),
        })),
      )),
    ]
    const registered = await app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        username: 'bye.subject',
        password: 'a long enough passphrase',
        displayName: 'P',
        subject: { residentId: newResidentId(), name: '王五' },
      }),
    })
    accounts.push({
      username: 'bye.subject',
      role: 'subject' as never,
      accountId: (json(registered.body) as { accountId: string }).accountId,
      password: 'a long enough passphrase',
    })
    for (const a of accounts) {
      const s = await signIn(a.username, a.password)
      assert.equal(s.res.statusCode, 200, `${a.username}: ${s.res.body}`)
      assert.equal(
        (await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } })).statusCode,
        200,
        a.username,
      )
      const out = await app.inject({
        method: 'DELETE',
        url: '/v1/session',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      })
      assert.equal(out.statusCode, 204, `${a.username}: ${out.body}`)
      const after = await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } })
      assert.equal(json(after.body).code, 'auth.missing_credentials', `${a.username}: the session is over`)
      assert.equal(await events('account.signed_out', a.accountId), 1, a.username)
    }
  })

  test('registering says a username is taken, but asking is counted per address like a sign-in', async () => {
    const register = (username: string, from: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/accounts',
        remoteAddress: from,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          username,
          password: 'a long enough passphrase',
          displayName: 'X',
          subject: { residentId: newResidentId(), name: '赵六' },
        }),
      })
    for (let i = 0; i < throttleLimits.registration.free; i++)
      assert.equal(json((await register('officer.li', '10.0.3.1')).body).code, 'account.username_taken')
    const held = await register('a.fresh.name', '10.0.3.1')
    assert.equal(held.statusCode, 429)
    assert.equal(json(held.body).code, 'auth.throttled')
    assert.ok(Number(held.headers['retry-after']) >= 1)
    assert.equal(
      json((await register('officer.li', '10.0.3.2')).body).code,
      'account.username_taken',
      'another address is not held back',
    )
  })
})

describeEachEngine('claims: refused or verified once, the claimant told, identity documents', (db) => {
  let app: App
  let ctx: Awaited<ReturnType<typeof recordsContext>>
  let officer: { cookie: string; csrf: string }
  const residentId = newResidentId()
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF')
  let n = 0

  const signIn = (username: string, password: string) => signInOver(app, username, password)
  /** A new claimant of the one person, signed in. */
  const claimant = async (username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/accounts',
      remoteAddress: `10.0.9.${++n}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        username,
        password: 'a long enough passphrase',
        subject: { residentId, name: '钱芳' },
      }),
    })
    assert.equal(res.statusCode, 201, res.body)
    return { accountId: String(json(res.body).accountId), ...(await signIn(username, 'a long enough passphrase')) }
  }
  const asOfficer = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: {
        cookie: officer.cookie,
        'x-csrf-token': officer.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  const upload = (who: { cookie: string; csrf: string }, content: Buffer, type = 'application/pdf') =>
    app.inject({
      method: 'POST',
      url: '/v1/me/claim/document?fileName=%E8%BA%AB%E4%BB%BD%E8%AF%81.pdf',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': type },
      payload: content,
    })
  const ownClaim = async (who: { cookie: string }) =>
    json((await app.inject({ method: 'GET', url: '/v1/me/claim', headers: { cookie: who.cookie } })).body)
  const decisions = async (accountId: string) =>
    (
      await sql<{
        action: string
        payload: Record<string, unknown>
      }>`SELECT action, payload FROM audit_events WHERE object_id = ${accountId} AND action IN ('account.verified', 'account.refused')`.execute(
        db().db,
      )
    ).rows

  before(async () => {
    ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    app = await testApp(ctx)
    const { password } = await createStaffAccount(
      db(),
      ctx.clock,
      { type: 'operator', id: 't' },
      { username: 'officer.zhou', displayName: 'Zhou', role: 'officer' },
    )
    officer = await signIn('officer.zhou', password)
  })

  test('the claimant gives an identity document, the officer reads it (a look the subject sees apart) and refuses with a reason; the claimant is told why and the claim is settled', async () => {
    const first = await claimant('qian.fang')
    assert.equal((await asOfficer('POST', `/v1/accounts/${first.accountId}/verify`, {})).statusCode, 200)
    const holder = first
    const c = await claimant('qian.fang.2')
    assert.deepEqual(await ownClaim(c), {
      status: 'awaiting',
      claimedAt: '2026-06-01T02:00:00.000Z',
      verifiedAt: null,
      refusal: null,
      documents: [],
    })

    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40)])
    const wrong = await upload(c, zip)
    assert.equal(wrong.statusCode, 400, wrong.body)
    assert.equal(json(wrong.body).code, 'evidence.content_mismatch')
    assert.equal(
      (await upload(c, Buffer.from('GIF89a'), 'image/gif')).statusCode,
      415,
      'a type outside the list is refused',
    )
    const given = await upload(c, pdf)
    assert.equal(given.statusCode, 201, given.body)
    const documentId = String(json(given.body).documentId)
    const mine = await ownClaim(c)
    assert.deepEqual(
      (mine.documents as { documentId: string; documentName: string }[]).map((d) => [d.documentId, d.documentName]),
      [[documentId, '身份证.pdf']],
      'the refused upload stored nothing',
    )

    const claim = json((await asOfficer('GET', `/v1/accounts/${c.accountId}`)).body)
    assert.equal(claim.status, 'awaiting')
    assert.equal(claim.verifiedAlready, 1, 'the warning: the subject has a verified account')
    assert.deepEqual(
      (claim.documents as { documentId: string }[]).map((d) => d.documentId),
      [documentId],
    )
    const opened = await asOfficer('GET', `/v1/subjects/${String(claim.subjectId)}/evidence/${documentId}`)
    assert.equal(opened.statusCode, 200)
    assert.equal(opened.headers['content-disposition'], `attachment; filename="evidence-${documentId}.pdf"`)
    assert.deepEqual(opened.rawPayload, pdf)
    const looks = JSON.parse(
      (await app.inject({ method: 'GET', url: '/v1/me/inquiries', headers: { cookie: holder.cookie } })).body,
    ) as { look: string; startedBySubject: boolean; byType: string }[]
    assert.deepEqual(
      looks.map((l) => [l.look, l.startedBySubject, l.byType]),
      [['claim_document', true, 'officer']],
      "the subject sees the officer's look, set going by a claim, apart from inquiries",
    )
    const notOwn = await app.inject({
      method: 'GET',
      url: `/v1/me/evidence/${documentId}`,
      headers: { cookie: holder.cookie },
    })
    assert.equal(notOwn.statusCode, 404, "a claim's document is not the verified holder's to read")

    const badReason = await asOfficer('POST', `/v1/accounts/${c.accountId}/refuse`, { reason: 'looks_shifty' })
    assert.equal(badReason.statusCode, 400, badReason.body)
    assert.deepEqual(
      [...new Set((json(badReason.body).errors as { pointer: string }[]).map((e) => e.pointer))],
      ['/body/reason'],
    )
    assert.deepEqual(await decisions(c.accountId), [], 'nothing written')

    const refused = await asOfficer('POST', `/v1/accounts/${c.accountId}/refuse`, {
      reason: 'documents_do_not_match',
      note: `证件号码 ${residentId} 与照片不符`,
    })
    assert.equal(refused.statusCode, 200, refused.body)
    assert.deepEqual(await decisions(c.accountId), [
      { action: 'account.refused', payload: { reason: 'documents_do_not_match' } },
    ])
    const told = await ownClaim(c)
    assert.equal(told.status, 'refused')
    const refusal = told.refusal as { reason: string; reasonText: { zh: string; en: string }; note: string }
    assert.equal(refusal.reason, 'documents_do_not_match')
    assert.equal(refusal.reasonText.en, 'The identity on the documents is not the subject claimed.')
    assert.ok(refusal.note.includes('与照片不符') && !refusal.note.includes(residentId), 'the note, masked')
    const holderNotices = json(
      (await app.inject({ method: 'GET', url: '/v1/me/notices', headers: { cookie: holder.cookie } })).body,
    ).notices as { kind: string; objectId: string; body: Record<string, unknown> }[]
    assert.deepEqual(
      holderNotices.filter((n) => n.kind === 'account.claim_refused').map((n) => [n.objectId, n.body]),
      [[c.accountId, { refusedOn: '2026-06-01' }]],
      "the file's verified holder is told that someone's claim to it was refused",
    )

    const pending = JSON.parse((await asOfficer('GET', '/v1/accounts/pending')).body) as { accountId: string }[]
    assert.ok(!pending.some((p) => p.accountId === c.accountId), 'no longer awaiting')
    for (const again of [
      await asOfficer('POST', `/v1/accounts/${c.accountId}/verify`, {}),
      await asOfficer('POST', `/v1/accounts/${c.accountId}/refuse`, { reason: 'documents_missing' }),
      await upload(c, pdf),
    ]) {
      assert.equal(again.statusCode, 409, again.body)
      assert.equal(json(again.body).code, 'account.claim_settled')
    }
    const file = await app.inject({ method: 'GET', url: '/v1/me/file', headers: { cookie: c.cookie } })
    assert.equal(json(file.body).code, 'account.not_verified', 'a refused claim sees nothing')
    assert.equal((await asOfficer('POST', `/v1/accounts/${first.accountId}/verify`, {})).statusCode, 409)
  })

  test('two decisions on one claim at the same moment: exactly one wins, the other is answered claim_settled', async () => {
    for (const [i, pair] of [
      ['verify', 'refuse'],
      ['refuse', 'refuse'],
      ['refuse', 'verify'],
    ].entries()) {
      const c = await claimant(`qian.race.${i}`)
      const decide = (what: string) =>
        what === 'verify'
          ? asOfficer('POST', `/v1/accounts/${c.accountId}/verify`, { confirm: true, reason: '本人到场' })
          : asOfficer('POST', `/v1/accounts/${c.accountId}/refuse`, { reason: 'did_not_appear' })
      const answers = await Promise.all(pair!.map(decide))
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409], pair!.join(' and '))
      const loser = answers.find((a) => a.statusCode === 409)!
      assert.equal(json(loser.body).code, 'account.claim_settled')
      const events = await decisions(c.accountId)
      assert.equal(events.length, 1, 'one decision written')
      const winner = pair![answers.findIndex((a) => a.statusCode === 200)]
      assert.equal(events[0]!.action, winner === 'verify' ? 'account.verified' : 'account.refused')
      assert.equal((await ownClaim(c)).status, winner === 'verify' ? 'verified' : 'refused')
    }
  })

  test("a decided claim's identity documents are deleted a week after their upload; an awaiting claim keeps its own", async () => {
    const waiting = await claimant('qian.wait')
    const decided = await claimant('qian.decided')
    for (const c of [waiting, decided]) assert.equal((await upload(c, pdf)).statusCode, 201)
    assert.equal(
      (await asOfficer('POST', `/v1/accounts/${decided.accountId}/refuse`, { reason: 'documents_unreadable' }))
        .statusCode,
      200,
    )
    ctx.clock.set('2026-06-09T02:00:00Z')
    await runMaintenance(ctx)
    // a week on, the sessions have ended: signed in again
    const again = (username: string) => signIn(username, 'a long enough passphrase')
    assert.equal(
      ((await ownClaim(await again('qian.wait'))).documents as unknown[]).length,
      1,
      'kept while the claim awaits',
    )
    assert.equal(((await ownClaim(await again('qian.decided'))).documents as unknown[]).length, 0, 'gone once decided')
  })
})
