import { after, before, test } from 'node:test'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import {
  addRelyingParty,
  createStaffAccount,
  grantConsent,
  registerSubjectAccount,
  verifySubjectAccount,
} from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { demoScorecard } from '../src/demo/scorecard.ts'
import { accessibilityProblems, allComplaints, SCREENSHOTS, useChromium, watched } from './support/browser.ts'
import { describeOnEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  recordsCsv,
  testApp,
} from './support/context.ts'

const browser = useChromium()

test('the accessibility check finds what it is for (an unlabelled field, low contrast)', async () => {
  const page = watched(await browser().newPage())
  try {
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>bad</title></head><body><main><input type="text"><p style="color:#bbb;background:#fff">faint</p></main></body></html>',
    )
    const problems = await accessibilityProblems(page)
    assert.ok(
      problems.some((p) => p.startsWith('label')),
      problems.join('; '),
    )
    assert.ok(
      problems.some((p) => p.startsWith('color-contrast')),
      problems.join('; '),
    )
  } finally {
    await page.close()
  }
})

test('the content security policy check finds what it is for (an inline style and script a policy refuses)', async () => {
  const page = watched(await browser().newPage())
  try {
    await page.route('http://fides.test/', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': "default-src 'self'; script-src 'none'; style-src 'none'" },
        body: '<!doctype html><html lang="en"><head><title>probe</title><style>p{color:#1b1b1b}</style></head><body><main><p style="color:#1b1b1b">text</p><script>document.title = "ran"</script></main></body></html>',
      }),
    )
    await page.goto('http://fides.test/')
    const problems = await accessibilityProblems(page)
    assert.ok(problems.filter((p) => p.startsWith('csp: ')).length >= 2, problems.join('; '))
    assert.equal(await page.title(), 'probe', 'the inline script did not run')
    allComplaints.splice(0)
  } finally {
    await page.close()
  }
})

describeOnEngine('pglite', 'the portal in a real Chromium', (db, engine) => {
  let app: App
  let base: string
  let companyId: string
  let personId: string
  let officerPassword: string
  let clerkPassword: string
  let penaltyCsv: string
  let penaltyRecordId: string
  let officerKey: string
  let debtor: { subjectId: string; recordId: string }
  let bankClerkPassword: string

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    app = await testApp(ctx)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    // localhost: a secure context, where Chromium keeps the session's Secure cookie over http
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    const source = await makeSource(ctx, [penalty.code, licence.code])
    const actor = { type: 'source', id: source.name } as const
    const company = { uscc: newUscc(), name: '福州长乐纺织有限公司' }
    const penaltyRecord = await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(penalty, { subject: company, decidedOn: '2026-04-01' }),
    )
    companyId = penaltyRecord.subjectId
    penaltyRecordId = penaltyRecord.recordId
    clerkPassword = (
      await createStaffAccount(
        db(),
        ctx.clock,
        { type: 'operator', id: 'test' },
        { username: `clerk.${engine}`, displayName: '录入员', role: 'source', sourceName: source.name },
      )
    ).password
    const defaulterKind = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const court = await makeSource(ctx, [defaulterKind.code], 'court')
    debtor = await submitRecord(
      ctx,
      court,
      { type: 'source', id: court.name },
      organisationRecord(defaulterKind, {
        subject: { uscc: newUscc(), name: '福州马尾船舶修造有限公司' },
        decidedOn: '2026-05-10',
      }),
    )
    penaltyCsv = recordsCsv(penalty, [
      { source_record_id: 'UP-1' },
      { source_record_id: 'UP-2', decided_on: '2026-13-01' },
      { source_record_id: 'UP-3' },
    ])
    await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(licence, {
        subject: { uscc: newUscc(), name: '厦门海港贸易有限公司' },
        decidedOn: '2026-02-01',
      }),
    )
    // a person with an account, one record, and an officer's look at the file
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const lender = await makeSource(ctx, [loan.code], 'lender')
    const person = { residentId: newResidentId(), name: '林芳' }
    personId = (
      await submitRecord(
        ctx,
        lender,
        { type: 'source', id: lender.name },
        organisationRecord(loan, { subject: person, decidedOn: '2026-03-01' }),
      )
    ).subjectId
    await submitRecord(ctx, source, actor, organisationRecord(penalty, { subject: person, decidedOn: '2026-02-01' }))
    const account = await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
      username: `lin.fang.${engine}`,
      password: 'a long enough passphrase',
      displayName: '林芳',
      subject: person,
    })
    await verifySubjectAccount(db(), ctx.clock, { type: 'officer', id: 'test' }, account.accountId)
    // an organisation's representative applies for repair of a penalty past its minimum publication (a
    // person's records are never public: there is nothing of theirs to repair)
    const restaurant = { uscc: newUscc(), name: '福州鼓楼餐饮有限公司' }
    const repairable = await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(penalty, { subject: restaurant, decidedOn: '2026-01-10' }),
    )
    const representative = await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
      username: `rep.${engine}`,
      password: 'a long enough passphrase',
      displayName: '代表',
      subject: restaurant,
    })
    await verifySubjectAccount(db(), ctx.clock, { type: 'officer', id: 'test' }, representative.accountId)
    const signedIn = await app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: `rep.${engine}`, password: 'a long enough passphrase' }),
    })
    const applied = await app.inject({
      method: 'POST',
      url: '/v1/me/repairs',
      headers: {
        cookie: ([] as string[])
          .concat(signedIn.headers['set-cookie'] ?? [])
          .map((c) => c.split(';')[0])
          .join('; '),
        'x-csrf-token': (JSON.parse(signedIn.body) as { csrfToken: string }).csrfToken,
        'content-type': 'application/json',
      },
      payload: JSON.stringify({
        recordId: repairable.recordId,
        statement: 'The fine was paid in full on 2026-03-15.',
        evidence: [{ description: 'Payment receipt of the fine' }],
      }),
    })
    assert.equal(applied.statusCode, 201, applied.body)
    const officer = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
    officerKey = officer
    assert.equal(
      (
        await app.inject({
          method: 'GET',
          url: `/v1/subjects/${personId}/file`,
          headers: { authorization: `Bearer ${officer}` },
        })
      ).statusCode,
      200,
    )
    const bank = await addRelyingParty(
      db(),
      ctx.clock,
      { type: 'operator', id: 'test' },
      {
        name: `portal-bank-${engine}`,
        displayName: '闽江商业银行',
        partyType: 'lender',
        purposes: ['credit_application'],
      },
    )
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
    bankClerkPassword = (
      await createStaffAccount(
        db(),
        ctx.clock,
        { type: 'operator', id: 'test' },
        {
          username: `bank.clerk.${engine}`,
          displayName: '信贷员',
          role: 'relying_party',
          relyingPartyName: bank.relyingParty.name,
        },
      )
    ).password
    officerPassword = (
      await createStaffAccount(
        db(),
        ctx.clock,
        { type: 'operator', id: 'test' },
        { username: `officer.${engine}`, displayName: 'Officer', role: 'officer' },
      )
    ).password
  })
  after(async () => {
    await app.close()
  })

  /** Signs in through the portal's form and waits for the page the role lands on (or says where it went instead). */
  const signIn = async (page: Page, username: string, password: string, lands: RegExp) => {
    await page.goto(base + '/signin')
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password').fill(password)
    await Promise.all([page.waitForURL(lands), page.getByRole('button', { name: 'Sign in' }).click()]).catch(
      async (e: unknown) => {
        throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 600)}`)
      },
    )
  }

  test('a member of the public finds a company by part of its Chinese name and sees its penalty', async () => {
    const page = watched(await browser().newPage({ locale: 'zh-CN' }))
    try {
      await page.goto(base + '/')
      await page.getByLabel('名称的一部分或统一社会信用代码').fill('长乐纺织')
      await page.keyboard.press('Enter')
      await page.getByRole('link', { name: '福州长乐纺织有限公司' }).click()
      await page.waitForURL(`**/org/${companyId}`)
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '福州长乐纺织有限公司')
      assert.ok(await page.getByRole('heading', { name: /行政处罚（一般失信）/ }).isVisible(), 'the penalty is shown')
      if (engine === 'pglite') {
        await mkdir(SCREENSHOTS, { recursive: true })
        await page.screenshot({ path: `${SCREENSHOTS}organisation-zh.png`, fullPage: true })
      }
    } finally {
      await page.close()
    }
  })

  test('a subject signs in, sees who looked, objects to a record, and sees it marked under objection', async () => {
    const context = await browser().newContext({ locale: 'en-GB' })
    const page = watched(await context.newPage())
    try {
      await page.goto(base + '/me')
      await page.waitForURL('**/signin')
      await page.getByLabel('Username').fill(`lin.fang.${engine}`)
      await page.getByLabel('Password').fill('not the password')
      await page.getByRole('button', { name: 'Sign in' }).click()
      assert.ok(await page.getByRole('alert').isVisible(), 'a wrong password is told')
      await page.getByLabel('Password').fill('a long enough passphrase')
      await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: 'Sign in' }).click()]).catch(
        async (e: unknown) => {
          throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 300)}`)
        },
      )
      assert.match(
        (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
        /My credit file: 林\*/,
        'the name masked, even here',
      )
      assert.match((await page.textContent('main')) ?? '', /a credit officer/)
      const explain = async (e: unknown) => {
        throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 600)}`)
      }
      const loanRow = page.locator('li', { has: page.getByRole('heading', { name: 'Loan account' }) })
      await loanRow.locator('summary', { hasText: 'Object' }).click()
      await loanRow.getByLabel('Why it is wrong').fill('This loan was repaid in full last month.')
      await loanRow.getByLabel(/A statement/).fill('Repaid on 2026-05-20; the bank has the receipt.')
      await loanRow.getByLabel(/Evidence/).fill("The bank's receipt")
      await loanRow.getByLabel(/A document/).setInputFiles({
        name: 'receipt.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4 receipt\n%%EOF\n'),
      })
      await Promise.all([
        page.waitForURL(/\/me\?filed=1/),
        loanRow.getByRole('button', { name: 'Object' }).click(),
      ]).catch(explain)
      assert.ok(await page.getByRole('status').isVisible())
      assert.match((await loanRow.textContent()) ?? '', /under objection \(answer due \d{1,2} \w+ \d{4}\)/)
      assert.match(
        (await page
          .locator('li', { has: page.getByRole('heading', { name: /Administrative penalty/ }) })
          .textContent()) ?? '',
        /not shown to the public; kept until 1 February 2031/,
        'its window and its erasure day',
      )
      assert.match((await page.locator('h2:has-text("My objections") + div').textContent()) ?? '', /Loan account.*open/)
      const filed = (
        await sql<{
          statement: string
          evidence: { documentName: string; sha256: string }[]
        }>`SELECT statement, evidence FROM objections WHERE subject_id = ${personId}`.execute(db().db)
      ).rows
      assert.deepEqual(
        filed.map((o) => [o.statement, o.evidence[0]?.documentName, o.evidence[0]?.sha256]),
        [
          [
            'Repaid on 2026-05-20; the bank has the receipt.',
            'receipt.pdf',
            createHash('sha256').update('%PDF-1.4 receipt\n%%EOF\n').digest('hex'),
          ],
        ],
        'the statement, and the document (stored) by name and fingerprint',
      )
      // a person's records are never public: no repair is offered
      assert.equal(await page.locator('summary', { hasText: 'Apply for repair' }).count(), 0)
      assert.match(
        (await page.locator('h2:has-text("Notices to me") + ul').textContent()) ?? '',
        /Your objection to the record "Loan account[^"]*" was received/,
      )
      assert.deepEqual(await accessibilityProblems(page), [])
      if (engine === 'pglite') await page.screenshot({ path: `${SCREENSHOTS}my-file-en.png`, fullPage: true })
      // a consent, revoked at once
      await Promise.all([
        page.waitForURL(/\/me$/),
        page.getByRole('button', { name: 'Revoke 闽江商业银行' }).click(),
      ]).catch(async (e: unknown) => {
        throw new Error(
          `${String(e)}; at ${page.url()}: ${(await page.innerHTML('main')).split('My consents')[1]?.slice(0, 900)}`,
        )
      })
      assert.match((await page.locator('h2:has-text("My consents") + div').textContent()) ?? '', /revoked/)
      // and given again, until the end of the year
      await page.locator('summary', { hasText: 'Let an institution look' }).click()
      await page.getByLabel('The institution, and what for').selectOption(`portal-bank-${engine}|credit_application`)
      await page.getByLabel('Until (two years at most)').fill('2026-12-31')
      await Promise.all([
        page.waitForURL(/\/me\?granted=1/),
        page.getByRole('button', { name: 'Give consent' }).click(),
      ]).catch(explain)
      assert.equal(
        await page.getByRole('button', { name: 'Revoke 闽江商业银行' }).count(),
        1,
        'a consent in force again',
      )
      assert.deepEqual(await accessibilityProblems(page), [])
      // the subject's own file, worded as on /me, printed to PDF
      await Promise.all([
        page.waitForURL(/\/me\/print$/),
        page.getByRole('link', { name: 'Printable report' }).click(),
      ]).catch(explain)
      assert.match((await page.locator('body').textContent()) ?? '', /Loan account/)
      const pdf = await page.pdf({ format: 'A4' })
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      // the file and its objection as the API sees them
      void personId
    } finally {
      await context.close()
    }
  })

  test('an officer decides the objection, giving reasons, and sees the decision in its audit trail', async () => {
    const context = await browser().newContext({ locale: 'en-GB', acceptDownloads: true })
    const page = watched(await context.newPage())
    try {
      await signIn(page, `officer.${engine}`, officerPassword, /\/officer$/)
      assert.match((await page.getByRole('link', { name: /Undecided \(1\)/ }).textContent()) ?? '', /1/)
      await page.getByRole('link', { name: 'Loan account' }).click()
      // the subject's document, opened by the officer (the look is recorded)
      const [document] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'receipt.pdf' }).click(),
      ])
      assert.equal(await readFile(await document.path(), 'utf8'), '%PDF-1.4 receipt\n%%EOF\n')
      assert.equal(
        (
          await sql<{
            n: number
          }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'evidence.viewed' AND subject_id = ${personId}`.execute(
            db().db,
          )
        ).rows[0]!.n,
        1,
      )
      await page.getByLabel(/Reason/).fill('The source did not answer; the authority decides.')
      await Promise.all([
        page.waitForURL(/\/officer\/objections\//),
        page.getByRole('button', { name: 'Escalate' }).click(),
      ])
      await page.getByLabel(/Upheld/).check()
      await page.getByLabel(/Reason/).fill('The bank confirmed the loan was repaid in full.')
      await page.getByRole('button', { name: 'Decide' }).click()
      await page.waitForSelector('text=Status: upheld').catch(async (e: unknown) => {
        throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 1500)}`)
      })
      assert.match((await page.locator('main').textContent()) ?? '', /Status: upheld/)
      const trail = (await page.locator('h2:has-text("Audit trail") + div table').textContent()) ?? ''
      for (const event of ['Objection filed', 'Escalated for a decision', 'Decided'])
        assert.ok(trail.includes(event), `${event} in ${trail}`)
      assert.deepEqual(await accessibilityProblems(page), [])
      if (engine === 'pglite') await page.screenshot({ path: `${SCREENSHOTS}officer-objection-en.png`, fullPage: true })
    } finally {
      await context.close()
    }
  })

  test('a source uploads a file with one bad line, watches it import, downloads the reject, and answers an objection', async () => {
    // an objection against the source's penalty, filed by an officer for the company
    const filed = await app.inject({
      method: 'POST',
      url: `/v1/subjects/${companyId}/objections`,
      headers: { authorization: `Bearer ${officerKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ recordId: penaltyRecordId, reasons: 'The fine was annulled on review.' }),
    })
    assert.equal(filed.statusCode, 201, filed.body)
    const context = await browser().newContext({ locale: 'en-GB', acceptDownloads: true })
    const page = watched(await context.newPage())
    const explain = async (e: unknown) => {
      throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 600)}`)
    }
    try {
      await signIn(page, `clerk.${engine}`, clerkPassword, /\/source$/)
      assert.deepEqual(await accessibilityProblems(page), [], 'the console')
      await page
        .getByLabel(/A CSV or NDJSON file/)
        .setInputFiles({ name: 'penalties.csv', mimeType: 'text/csv', buffer: Buffer.from(penaltyCsv) })
      await Promise.all([
        page.waitForURL(/\/source\/imports\/[0-9a-f-]+$/),
        page.getByRole('button', { name: 'Upload and import' }).click(),
      ]).catch(explain)
      // the page refreshes itself while the import runs
      await page.waitForSelector('#job-status:text-is("done")', { timeout: 30_000 }).catch(explain)
      const figures = (await page.locator('dl.figures').textContent()) ?? ''
      assert.match(figures, /Stored \(new\)2/)
      assert.match(figures, /Rejected1/)
      assert.equal(await page.locator('progress').getAttribute('value'), '100')
      assert.deepEqual(await accessibilityProblems(page), [], 'the import page')
      if (engine === 'pglite') await page.screenshot({ path: `${SCREENSHOTS}source-import-en.png`, fullPage: true })
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Download the 1 rejected line/ }).click(),
      ])
      assert.equal(download.suggestedFilename(), 'penalties.rejects.csv')
      const rejects = (await readFile(await download.path(), 'utf8')).trim().split('\n')
      assert.equal(rejects[0], 'line,code,pointer,detail,source_record_id')
      assert.equal(rejects.length, 2, 'exactly the one bad line')
      assert.match(rejects[1]!, /^3,record\.invalid_envelope,\/decidedOn,.*,UP-2$/)
      // the console lists the import, and the objection waiting for an answer
      await page.getByRole('link', { name: 'Back to the console' }).click()
      assert.match(
        (await page.locator('h2:has-text("Imports") + div.scroll table').textContent()) ?? '',
        /penalties\.csv/,
      )
      assert.match((await page.getByRole('heading', { name: /Objections to answer/ }).textContent()) ?? '', /\(1\)/)
      await page.getByLabel(/Verified/).check()
      await page.getByLabel(/Explanation/).fill('The review upheld the fine; decision 2026-05-02 attached to the file.')
      await Promise.all([
        page.waitForURL(/\/source\?answered=1$/),
        page.getByRole('button', { name: 'Send the answer' }).click(),
      ]).catch(explain)
      assert.ok(await page.getByRole('status').isVisible())
      assert.match((await page.getByRole('heading', { name: /Objections to answer/ }).textContent()) ?? '', /\(0\)/)
      if (engine === 'pglite') await page.screenshot({ path: `${SCREENSHOTS}source-console-en.png`, fullPage: true })
      await page.getByRole('link', { name: 'penalties.csv' }).click()
      for (const path of ['/source?lang=zh', `${new URL(page.url()).pathname}?lang=zh`]) {
        await page.goto(base + path)
        assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
        assert.deepEqual(await accessibilityProblems(page), [], path)
      }
    } finally {
      await context.close()
    }
  })

  test('an officer proposes a list entry citing a record, gives notice, and publishes and withdraws a model: each with reasons and its audit event', async () => {
    const context = await browser().newContext({ locale: 'en-GB' })
    const page = watched(await context.newPage())
    const explain = async (e: unknown) => {
      throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 800)}`)
    }
    try {
      await signIn(page, `officer.${engine}`, officerPassword, /\/officer$/)
      await page
        .getByRole('navigation', { name: 'Officer console' })
        .getByRole('link', { name: 'List entries' })
        .click()
      await page.waitForURL(/\/officer\/lists$/)
      await page.getByRole('link', { name: 'Propose an entry' }).click()
      await page.getByLabel('List', { exact: true }).selectOption('judgment_defaulters')
      await page.getByLabel(/Part of the name/).fill('马尾船舶')
      await page.getByRole('button', { name: 'Find' }).click()
      await page.getByLabel('Criterion met').selectOption('able_to_pay_but_refuses')
      assert.equal(await page.getByLabel('Record it rests on').inputValue(), debtor.recordId)
      await page
        .getByLabel(/Reasons/)
        .fill('The judgment debt has been overdue for six months and the company is able to pay.')
      await Promise.all([
        page.waitForURL(/\/officer\/lists\/[0-9a-f-]+$/),
        page.getByRole('button', { name: 'Propose an entry' }).click(),
      ]).catch(explain)
      assert.match(
        (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
        /dishonest judgment debtors: proposed/,
      )
      await page
        .getByLabel(/Reasons/)
        .fill('Notice served at the registered address with the reasons and the right to object.')
      await Promise.all([
        page.waitForURL(/\/officer\/lists\/[0-9a-f-]+$/),
        page.getByRole('button', { name: /Give written notice/ }).click(),
      ]).catch(explain)
      assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /: noticed$/)
      const steps = (await page.locator('h2:has-text("Steps and their reasons") + div table').textContent()) ?? ''
      assert.match(steps, /Proposal.*overdue for six months/)
      assert.match(steps, /Written notice.*right to object/)
      const trail = (await page.locator('h2:has-text("Audit trail") + div table').textContent()) ?? ''
      for (const event of ['Proposed', 'Written notice', 'Read'])
        assert.ok(trail.includes(event), `${event} in ${trail}`)
      assert.equal(
        await page.getByRole('button', { name: 'Decide' }).count(),
        0,
        'no decision inside the objection window; the day it becomes possible is shown',
      )
      assert.match((await page.getByRole('status').textContent()) ?? '', /the decision can be made from that day/)
      assert.deepEqual(await accessibilityProblems(page), [], 'the entry page')
      if (engine === 'pglite')
        await page.screenshot({ path: `${SCREENSHOTS}officer-list-entry-en.png`, fullPage: true })
      // the queue shows it in its objection window
      await page.getByRole('link', { name: 'Back to the queue' }).click()
      assert.match((await page.locator('main table').textContent()) ?? '', /objection window open/)
      assert.deepEqual(await accessibilityProblems(page), [], 'the list queue')
      await page
        .getByRole('navigation', { name: 'Officer console' })
        .getByRole('link', { name: 'Credit repair' })
        .click()
      assert.deepEqual(await accessibilityProblems(page), [], 'the repair queue')
      // a model file, published with its reasons, then withdrawn with others
      await page
        .getByRole('navigation', { name: 'Officer console' })
        .getByRole('link', { name: 'Scoring models' })
        .click()
      await page.getByLabel(/Reasons/).fill('Validated on the 2026 book: CV AUC 0.78, no protected input.')
      await page.getByLabel(/The model file/).setInputFiles({
        name: 'demo.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(demoScorecard())),
      })
      await Promise.all([
        page.waitForURL(/\/officer\/models$/),
        page.getByRole('button', { name: 'Publish' }).click(),
      ]).catch(explain)
      assert.match(
        (await page.locator('main table').textContent()) ?? '',
        /fides-demo-retail v\d.*Validated on the 2026 book/,
      )
      assert.deepEqual(await accessibilityProblems(page), [], 'the models page')
      await page.locator('summary', { hasText: 'Withdraw' }).first().click()
      await page
        .locator('details[open]')
        .getByLabel(/Reasons/)
        .fill('Superseded by the next version.')
      await Promise.all([
        page.waitForURL(/\/officer\/models$/),
        page.locator('details[open]').getByRole('button', { name: 'Withdraw' }).click(),
      ]).catch(explain)
      assert.match((await page.locator('main table').textContent()) ?? '', /withdrawn.*Superseded by the next version/)
    } finally {
      await context.close()
    }
  })

  test("a relying party's clerk gets a report on a company for a declared purpose, printable to PDF, and the company sees the look", async () => {
    const context = await browser().newContext({ locale: 'en-GB' })
    const page = watched(await context.newPage())
    const explain = async (e: unknown) => {
      throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 600)}`)
    }
    try {
      await signIn(page, `bank.clerk.${engine}`, bankClerkPassword, /\/relying-party$/)
      assert.deepEqual(await accessibilityProblems(page), [], 'the form')
      const uscc = (
        JSON.parse((await app.inject({ method: 'GET', url: `/v1/public/subjects/${companyId}` })).body) as {
          subject: { uscc: string }
        }
      ).subject.uscc
      const organisationForm = page.locator('form', { has: page.getByLabel('Unified Social Credit Code') })
      await organisationForm.getByLabel('Unified Social Credit Code').fill(uscc)
      await organisationForm.getByLabel('Purpose').selectOption('credit_application')
      const before = (
        await sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'inquiry.made' AND subject_id = ${companyId}`.execute(
          db().db,
        )
      ).rows[0]!.n
      await organisationForm.getByRole('button', { name: 'Get the report' }).click()
      await page.waitForSelector('h1:has-text("Credit report: 福州长乐纺织有限公司")').catch(explain)
      assert.match((await page.locator('main table').first().textContent()) ?? '', /Administrative penalty \(general\)/)
      assert.ok(await page.locator('figure svg[role="img"]').isVisible(), 'a chart of the records by category')
      const after = (
        await sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'inquiry.made' AND subject_id = ${companyId}`.execute(
          db().db,
        )
      ).rows[0]!.n
      assert.equal(after, before + 1, 'the report is an inquiry the company sees')
      assert.deepEqual(await accessibilityProblems(page), [], 'the report')
      await page.emulateMedia({ media: 'print' })
      assert.equal(await page.locator('form').first().isVisible(), false, 'the forms are not printed')
      assert.equal(await page.locator('header nav').isVisible(), false, 'nor the navigation')
      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      assert.ok(pdf.length > 10_000, `${pdf.length} bytes`)
      if (engine === 'pglite')
        await page.screenshot({ path: `${SCREENSHOTS}relying-party-report-print-en.png`, fullPage: true })
    } finally {
      await context.close()
    }
  })

  test('the language switch changes the page and is remembered', async () => {
    const context = await browser().newContext({ locale: 'zh-CN' })
    const page = watched(await context.newPage())
    try {
      await page.goto(base + '/')
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
      await page.getByRole('link', { name: 'English' }).click()
      assert.equal(await page.getAttribute('html', 'lang'), 'en')
      await page.goto(base + '/statistics')
      assert.equal(await page.getAttribute('html', 'lang'), 'en', 'remembered')
      assert.ok(await page.getByRole('heading', { name: /Accountability/ }).isVisible())
      // over time, for one list kind: the chart and its figures month by month
      assert.ok(await page.getByRole('img', { name: /by month/ }).isVisible())
      await page.getByLabel('List', { exact: true }).selectOption('judgment_defaulters')
      await Promise.all([
        page.waitForURL(/kind=judgment_defaulters/),
        page.getByRole('button', { name: 'Show' }).click(),
      ])
      await page.locator('summary', { hasText: 'The figures by month' }).click()
      const figures = (await page.locator('details table').textContent()) ?? ''
      assert.equal((figures.match(/\d{4}-\d{2}/g) ?? []).length, 24, 'one row a month')
      assert.deepEqual(await accessibilityProblems(page), [])
      if (engine === 'pglite') await page.screenshot({ path: `${SCREENSHOTS}statistics-en.png`, fullPage: true })
    } finally {
      await context.close()
    }
  })

  test('the catalogue page on a 390 px phone: nothing wider than the screen, its tables scroll in their own box', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' })
    const page = watched(await context.newPage())
    try {
      for (const lang of ['zh', 'en']) {
        await page.goto(`${base}/catalogue?lang=${lang}`)
        assert.ok(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          `${lang}: the page is wider than the screen`,
        )
        const boxes = page.locator('div.scroll')
        assert.ok((await boxes.count()) > 18, "every kind's elements and every list's measures in a box of their own")
        assert.ok(
          await boxes.first().evaluate((box) => box.scrollWidth > box.clientWidth),
          `${lang}: the first table scrolls inside its box`,
        )
      }
      await page.getByRole('link', { name: 'Catalogue' }).first().click()
      assert.ok(await page.getByRole('heading', { name: 'The catalogue of credit information' }).isVisible())
      if (engine === 'pglite') await page.screenshot({ path: `${SCREENSHOTS}catalogue-phone-en.png` })
    } finally {
      await context.close()
    }
  })

  test('every public page in both languages: no serious accessibility violation, reachable by keyboard, small', async () => {
    const page = watched(await browser().newPage())
    try {
      for (const lang of ['zh', 'en']) {
        for (const path of [
          '/',
          `/search?q=${encodeURIComponent('长乐')}`,
          `/org/${companyId}`,
          '/statistics',
          '/catalogue',
          '/models/stability',
          '/org/00000000-0000-4000-8000-000000000000',
        ]) {
          const url = `${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`
          const response = await page.goto(url)
          const bytes = Number((await response!.allHeaders())['content-length'] ?? (await response!.body()).length)
          assert.ok(bytes < 200_000, `${path}: ${bytes} bytes`)
          assert.deepEqual(await accessibilityProblems(page), [], `${lang} ${path}`)
          if (path === '/models/stability') {
            await page.setViewportSize({ width: 390, height: 844 })
            assert.ok(
              await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
              `${lang} ${path}: wider than a 390 px screen`,
            )
            await page.setViewportSize({ width: 1280, height: 720 })
          }
        }
      }
      // keyboard: the skip link comes first and lands on the main content
      await page.goto(base + '/?lang=en')
      await page.keyboard.press('Tab')
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content')
      if (engine === 'pglite') await page.screenshot({ path: `${SCREENSHOTS}search-en.png` })
    } finally {
      await page.close()
    }
  })

  test('every signed-in page, in both languages, for every role: no serious accessibility violation', async () => {
    const one = async (query: ReturnType<typeof sql<{ id: string }>>) => (await query.execute(db().db)).rows[0]?.id
    const entry = await one(sql<{ id: string }>`SELECT entry_id AS id FROM list_entries LIMIT 1`)
    const repair = await one(sql<{ id: string }>`SELECT application_id AS id FROM repair_applications LIMIT 1`)
    const objection = await one(sql<{ id: string }>`SELECT objection_id AS id FROM objections LIMIT 1`)
    const job = await one(sql<{ id: string }>`SELECT job_id AS id FROM import_jobs LIMIT 1`)
    const model = await one(sql<{ id: string }>`SELECT model_id AS id FROM score_models LIMIT 1`)
    const roles: { username: string; password: string; paths: string[] }[] = [
      { username: `lin.fang.${engine}`, password: 'a long enough passphrase', paths: ['/me'] },
      {
        username: `officer.${engine}`,
        password: officerPassword,
        paths: [
          '/officer',
          '/officer/lists',
          `/officer/lists/${entry}`,
          '/officer/repairs',
          `/officer/repairs/${repair}`,
          '/officer/models',
          `/officer/models/${model}/stability`,
          `/officer/objections/${objection}`,
          '/officer/accounts',
          `/officer/accounts/subject/${personId}`,
        ],
      },
      { username: `clerk.${engine}`, password: clerkPassword, paths: ['/source', `/source/imports/${job}`] },
      { username: `bank.clerk.${engine}`, password: bankClerkPassword, paths: ['/relying-party'] },
      {
        username: `auditor.${engine}`,
        password: (
          await createStaffAccount(
            db(),
            { now: () => new Date('2026-06-01T03:00:00Z') },
            { type: 'operator', id: 'test' },
            { username: `auditor.${engine}`, displayName: 'Auditor', role: 'auditor' },
          )
        ).password,
        paths: ['/auditor', '/auditor/state'],
      },
    ]
    // the consoles this change added, on a 390 px phone too
    const onPhone = new Set(['/officer/accounts', '/auditor', `/officer/models/${model}/stability`])
    for (const role of roles) {
      const context = await browser().newContext()
      const page = watched(await context.newPage())
      try {
        await page.goto(base + '/signin?lang=en')
        assert.deepEqual(await accessibilityProblems(page), [], '/signin')
        await page.getByLabel('Username').fill(role.username)
        await page.getByLabel('Password').fill(role.password)
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()])
        for (const lang of ['zh', 'en']) {
          for (const path of role.paths) {
            const response = await page.goto(`${base}${path}?lang=${lang}`)
            assert.equal(response!.status(), 200, `${role.username} ${path}`)
            assert.deepEqual(await accessibilityProblems(page), [], `${lang} ${path}`)
            if (onPhone.has(path)) {
              await page.setViewportSize({ width: 390, height: 844 })
              assert.ok(
                await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
                `${lang} ${path}: wider than a 390 px screen`,
              )
              await page.setViewportSize({ width: 1280, height: 720 })
            }
          }
        }
      } finally {
        await context.close()
      }
    }
  })
})

test('no page visited broke the content security policy', () => {
  assert.deepEqual(allComplaints, [])
})
