import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import {
  addRelyingParty,
  createStaffAccount,
  registerSubjectAccount,
  throttleLimits,
  verifySubjectAccount,
} from '../src/modules/access/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { recordFieldsHtml } from '../src/portal/report-fields.ts'
import type { PublishedCatalogue } from '../src/modules/catalogue/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, organisationRecord, recordsContext, testApp } from './support/context.ts'

describeEachEngine("the portal's forms", (db) => {
  let app: App
  let cookies: string
  let recordId: string
  let clock: ManualClock
  let ctx: Awaited<ReturnType<typeof recordsContext>>
  let sourceName: string
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
  const cookiesOf = (res: { headers: Record<string, unknown> }) =>
    ([] as string[])
      .concat((res.headers['set-cookie'] ?? []) as string[])
      .map((c) => c.split(';')[0])
      .filter((c) => !/=$/.test(c!))
      .join('; ')
  /** the sign-in form as a browser uses it: fetched (with its token), then posted */
  const portalSignIn = async (
    username: string,
    password: string,
    options: { from?: string; on?: App; lang?: string } = {},
  ) => {
    const on = options.on ?? app
    const from = options.from ?? '127.0.0.1'
    const lang = options.lang ? `fides_lang=${options.lang}; ` : ''
    const page = await on.inject({ method: 'GET', url: '/signin', remoteAddress: from, headers: { cookie: lang } })
    const token = /name="signin" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    return on.inject({
      method: 'POST',
      url: '/signin',
      remoteAddress: from,
      headers: { cookie: `${lang}${cookiesOf(page)}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ signin: token, username, password }),
    })
  }
  const objections = async () =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM objections`.execute(db().db)).rows[0]!.n)

  before(async () => {
    ctx = await recordsContext(db())
    clock = ctx.clock
    app = await testApp(ctx)
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code], 'lender')
    sourceName = source.name
    const person = { residentId: newResidentId(), name: '陈静' }
    recordId = (
      await submitRecord(
        ctx,
        source,
        { type: 'source', id: source.name },
        organisationRecord(loan, { subject: person }),
      )
    ).recordId
    const account = await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
      username: 'chen.jing',
      password: 'a long enough passphrase',
      displayName: '陈静',
      subject: person,
    })
    await verifySubjectAccount(db(), ctx.clock, { type: 'officer', id: 'test' }, account.accountId)
    const res = await portalSignIn('chen.jing', 'a long enough passphrase')
    assert.equal(res.statusCode, 303)
    cookies = cookiesOf(res)
  })

  test("a form without this browser's token is refused and writes nothing; with it, the objection is filed through the API", async () => {
    const post = (csrf: string) =>
      app.inject({
        method: 'POST',
        url: '/me/objections',
        headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ csrf, recordId, reasons: 'repaid in full' }),
      })
    assert.equal((await post('forged')).statusCode, 403)
    assert.equal(await objections(), 0)
    const token = /fides_portal_csrf=([^;]+)/.exec(cookies)![1]!
    const ok = await post(token)
    assert.equal(ok.statusCode, 303, ok.body)
    assert.equal(await objections(), 1)
    // the API itself still refuses a state change by session without the CSRF header
    const direct = await app.inject({
      method: 'POST',
      url: '/v1/me/objections',
      headers: { cookie: cookies, 'content-type': 'application/json' },
      payload: JSON.stringify({ recordId, reasons: 'again' }),
    })
    assert.equal(direct.json<{ code: string }>().code, 'auth.csrf')
  })

  test("/me and the printable file word a record as the relying party's report does: one formatter, account masked", async () => {
    const api = async (url: string) =>
      (await app.inject({ method: 'GET', url, headers: { cookie: cookies } })).json<Record<string, unknown>>()
    const file = (await api('/v1/me/file')) as {
      categories: { records: { recordId: string; kind: string; fields: Record<string, unknown> }[] }[]
    }
    const record = file.categories.flatMap((c) => c.records).find((r) => r.recordId === recordId)!
    const kinds = ((await api('/v1/catalogue')) as unknown as PublishedCatalogue).kinds
    const elements = new Map(kinds.find((k) => k.code === record.kind)!.elements.map((e) => [e.code, e]))
    const account = String(record.fields.accountNumber)
    assert.ok(account.length > 4, 'the loan has an account number')
    for (const lang of ['zh', 'en'] as const) {
      const expected = recordFieldsHtml(lang, elements, record.fields)
      for (const url of ['/me', '/me/print']) {
        const page = await app.inject({ method: 'GET', url: `${url}?lang=${lang}`, headers: { cookie: cookies } })
        assert.equal(page.statusCode, 200, `${url} ${lang}`)
        assert.ok(page.body.includes(expected), `${url} ${lang}: the record as report-fields.ts words it`)
        assert.ok(!page.body.includes(account), `${url} ${lang}: the account number masked`)
      }
    }
    assert.match(
      (await app.inject({ method: 'GET', url: '/me', headers: { cookie: cookies } })).body,
      /href="\/me\/print"/,
      '/me links to the printable file',
    )
  })

  test('the sign-in form needs its own token (no login CSRF): a form posted from elsewhere signs no one in, and says so in words', async () => {
    const forged = await app.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: 'fides_lang=zh', 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ signin: 'guessed', username: 'chen.jing', password: 'a long enough passphrase' }),
    })
    assert.equal(forged.statusCode, 403)
    assert.match(String(forged.headers['content-type']), /^text\/html/)
    assert.ok(!/fides_session=[^;]/.test(String(forged.headers['set-cookie'])), 'no session')
    assert.match(forged.body, /登录表单已过期/)
    assert.match(forged.body, /value="chen\.jing"/, 'what they typed stays')
  })

  test("a signed-in visitor posting the sign-in form gets a page with their sign-out, not the API's refusal", async () => {
    const page = await app.inject({ method: 'GET', url: '/signin?lang=en', headers: { cookie: cookies } })
    const token = /name="signin" value="([^"]+)"/.exec(page.body)?.[1] ?? 'none'
    const res = await app.inject({
      method: 'POST',
      url: '/signin?lang=en',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ signin: token, username: 'someone.else', password: 'whatever it is' }),
    })
    assert.equal(res.statusCode, 409)
    assert.match(String(res.headers['content-type']), /^text\/html/)
    assert.match(res.body, /You are signed in as <span translate="no">陈静<\/span>/)
    assert.match(res.body, /action="\/signout"/)
  })

  test("sources' and relying parties' staff, officers and auditors sign out in the portal: the same cookies are refused afterwards", async () => {
    const operator = { type: 'operator', id: 't' } as const
    const bank = await addRelyingParty(db(), clock, operator, {
      name: `portal-bank-${process.pid}`,
      displayName: '银行',
      partyType: 'lender',
      purposes: ['credit_application'],
    })
    const staff = [
      { username: 'portal.source', displayName: 'S', role: 'source' as const, sourceName },
      {
        username: 'portal.bank',
        displayName: 'B',
        role: 'relying_party' as const,
        relyingPartyName: bank.relyingParty.name,
      },
      { username: 'portal.officer', displayName: 'O', role: 'officer' as const },
      { username: 'portal.auditor', displayName: 'A', role: 'auditor' as const },
    ]
    for (const s of staff) {
      const { password, accountId } = await createStaffAccount(db(), clock, operator, s)
      const signedIn = await portalSignIn(s.username, password)
      assert.equal(signedIn.statusCode, 303, `${s.username}: ${signedIn.body}`)
      const jar = cookiesOf(signedIn)
      const csrf = /fides_portal_csrf=([^;]+)/.exec(jar)![1]!
      assert.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: jar } })).statusCode, 200)
      const out = await app.inject({
        method: 'POST',
        url: '/signout',
        headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ csrf }),
      })
      assert.equal(out.statusCode, 303, `${s.username}: ${out.body}`)
      assert.equal(
        (await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: jar } })).statusCode,
        401,
        `${s.username}: the session is over`,
      )
      const events = await sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'account.signed_out' AND object_id = ${accountId}`.execute(
        db().db,
      )
      assert.equal(events.rows[0]!.n, 1, s.username)
    }
  })

  test('an auditor who signs in lands on the read-only auditor console, in either language, with sign-out and no other form', async () => {
    const operator = { type: 'operator', id: 't' } as const
    const { password } = await createStaffAccount(db(), clock, operator, {
      username: 'portal.auditor.2',
      displayName: 'A2',
      role: 'auditor',
    })
    const signedIn = await portalSignIn('portal.auditor.2', password)
    assert.equal(signedIn.statusCode, 303)
    assert.equal(signedIn.headers.location, '/auditor')
    const jar = cookiesOf(signedIn)
    for (const [lang, title, other] of [
      ['zh', '审计控制台', /Auditor console|Transparency log/],
      ['en', 'Auditor console', /审计控制台|透明日志/],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: `/auditor?lang=${lang}`, headers: { cookie: jar } })
      assert.equal(res.statusCode, 200, res.body)
      assert.ok(res.body.includes(`<h1>${title}</h1>`), lang)
      assert.doesNotMatch(res.body.replace(/<a [^>]*lang=[^>]*>[^<]*<\/a>/, ''), other, `${lang}: one language`)
      const forms = [...res.body.matchAll(/<form [^>]*action="([^"]+)"/g)].map((m) => m[1])
      assert.deepEqual(forms, ['/signout'], 'read-only: sign-out is the only form')
    }
    const officer = await createStaffAccount(db(), clock, operator, {
      username: 'portal.officer.2',
      displayName: 'O2',
      role: 'officer',
    })
    const officerJar = cookiesOf(await portalSignIn('portal.officer.2', officer.password))
    assert.equal(
      (await app.inject({ method: 'GET', url: '/auditor', headers: { cookie: officerJar } })).statusCode,
      403,
      'auditors only',
    )
    assert.equal(
      (await app.inject({ method: 'GET', url: '/auditor' })).statusCode,
      303,
      'signed out: to the sign-in page',
    )

    // the state check, run from the console: clean, then a row written behind the application's back is named in words
    const clean = await app.inject({ method: 'GET', url: '/auditor/state?lang=zh', headers: { cookie: jar } })
    assert.equal(clean.statusCode, 200)
    assert.ok(clean.body.includes('全部与审计记录一致'), clean.body)
    await sql`INSERT INTO subject_accounts (subject_id, account_id, claimed_at) VALUES (${randomUUID()}, ${officer.accountId}, now())`.execute(
      db().db,
    )
    const found = await app.inject({ method: 'GET', url: '/auditor/state?lang=en', headers: { cookie: jar } })
    assert.ok(
      found.body.includes('1 row(s) disagree with the audit trail') &&
        found.body.includes('no audit event tells of this row') &&
        found.body.includes(officer.accountId),
      found.body,
    )
    assert.doesNotMatch(found.body, /no_events|subject_accounts/, 'words, not codes')
    assert.equal(
      (await app.inject({ method: 'GET', url: '/v1/integrity/state', headers: { cookie: officerJar } })).statusCode,
      403,
      "the auditors' check",
    )
    await sql`DELETE FROM subject_accounts WHERE account_id = ${officer.accountId}`.execute(db().db)
  })

  test("sign-in attempts are counted per visitor's address, and a held-back one reads as words with the wait", async () => {
    for (let i = 0; i < throttleLimits.usernameFromAddress.free; i++)
      assert.equal((await portalSignIn('chen.jing', 'not the password', { from: '10.7.0.1' })).statusCode, 401)
    const held = await portalSignIn('chen.jing', 'a long enough passphrase', { from: '10.7.0.1', lang: 'zh' })
    assert.equal(held.statusCode, 429)
    assert.equal(held.headers['retry-after'], '1')
    assert.match(held.body, /尝试次数过多，请 1 秒后再试。/)
    assert.match(held.body, /value="chen\.jing"/)
    assert.ok(!/auth\.|throttl/.test(held.body), 'no code on the page')
    assert.equal(
      (await portalSignIn('chen.jing', 'a long enough passphrase', { from: '10.7.0.2' })).statusCode,
      303,
      'another visitor is not held back',
    )
    clock.advance(1_000)
  })

  test("the portal's own API calls do not spend the visitor's rate limit; the visitor's pages do", async () => {
    const limited = await testApp(ctx, { FIDES_RATE_LIMIT: '10' })
    const signedIn = await portalSignIn('chen.jing', 'a long enough passphrase', { on: limited, from: '10.8.0.1' })
    assert.equal(signedIn.statusCode, 303)
    const jar = cookiesOf(signedIn)
    // each page of /me makes seven calls to the API
    const pages = []
    for (let i = 0; i < 8; i++)
      pages.push(
        (await limited.inject({ method: 'GET', url: '/me', remoteAddress: '10.8.0.1', headers: { cookie: jar } }))
          .statusCode,
      )
    assert.deepEqual(pages, Array(8).fill(200))
    assert.equal(
      (await limited.inject({ method: 'GET', url: '/me', remoteAddress: '10.8.0.1', headers: { cookie: jar } }))
        .statusCode,
      429,
      'the eleventh request of the minute',
    )
    assert.equal(
      (
        await limited.inject({
          method: 'GET',
          url: '/v1/public/search?q=x',
          headers: { 'x-fides-internal-call': 'guessed' },
          remoteAddress: '10.8.0.1',
        })
      ).statusCode,
      429,
      'a header from outside is no way round',
    )
    await limited.close()
  })
})

test('status codes and purposes read as words in both languages (Chinese from the table, English as the code reads)', async () => {
  const { categoryText, purposeText, statusText } = await import('../src/portal/i18n.ts')
  assert.deepEqual(
    [
      statusText('zh', 'noticed'),
      statusText('en', 'removed_early'),
      statusText('zh', 'feedback_given'),
      statusText('zh', 'no_such_status'),
    ],
    ['已告知（异议期）', 'removed early', '已反馈', 'no_such_status'],
  )
  assert.deepEqual(
    [purposeText('zh', 'credit_application'), purposeText('en', 'public_procurement_check')],
    ['信贷申请', 'public procurement check'],
  )
  assert.deepEqual(
    [categoryText('zh', 'administrative_penalties'), categoryText('en', 'administrative_penalties')],
    ['行政处罚', 'administrative penalties'],
  )
})

test('periods read as words, never as written in the catalogue; whom a kind describes reads as a phrase', async () => {
  const { durationText, subjectTypesText } = await import('../src/portal/i18n.ts')
  assert.deepEqual(
    ['P1Y', 'P3Y', 'P1Y6M', 'P30D', 'P2W', 'P1Y2M3D'].map((d) => durationText('en', d)),
    ['1 year', '3 years', '1 year and 6 months', '30 days', '2 weeks', '1 year, 2 months and 3 days'],
  )
  assert.deepEqual(
    ['P1Y', 'P3M', 'P1Y6M', 'P30D'].map((d) => durationText('zh', d)),
    ['1年', '3个月', '1年6个月', '30天'],
  )
  assert.equal(
    subjectTypesText('en', [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
      'person',
    ]),
    'every organisation and natural person',
  )
  assert.equal(subjectTypesText('zh', ['enterprise', 'public_body']), '企业、机关和事业单位')
})

test('what an element holds, in words', async () => {
  const { valueText } = await import('../src/portal/catalogue.ts')
  const e = (type: string, bounds: Record<string, number>, extra: Record<string, unknown> = {}) => ({
    type,
    bounds,
    unit: null,
    values: [],
    legend: null,
    ...extra,
  })
  assert.equal(
    valueText('en', e('text', { maxLength: 500 })),
    "text of up to 500 characters (identity numbers and persons' names are masked when it arrives)",
  )
  assert.equal(valueText('zh', e('identifier', { minLength: 18, maxLength: 18 })), '编号，18个字符')
  assert.equal(
    valueText(
      'en',
      e(
        'code',
        {},
        {
          values: [
            { code: 'CNY', zh: '人民币', en: 'renminbi (CNY)' },
            { code: 'USD', zh: '美元', en: 'US dollar' },
          ],
        },
      ),
    ),
    'one of: renminbi (CNY); US dollar',
  )
  assert.equal(
    valueText('en', e('amount', { minimum: 0 }, { unit: 'record_currency' })),
    "an amount in the record's currency",
  )
  assert.equal(valueText('zh', e('count', { minimum: 1 }, { unit: 'persons' })), '人数（整数，不少于1）')
  assert.equal(
    valueText(
      'en',
      e(
        'codes',
        { maxItems: 1 },
        {
          values: [
            { code: 'a', zh: '甲', en: 'first' },
            { code: 'b', zh: '乙', en: 'second' },
          ],
        },
      ),
    ),
    'one or more (at most 1) of: first; second',
  )
})
