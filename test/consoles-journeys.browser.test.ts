/**
 * The relying party's, the source's and the auditor's consoles as their people use them, in a real
 * Chromium, at a desk (1280 px) and on a phone (390 px), in Chinese and in English: a lender looks a
 * person up by identity number and name (POSTed: the number is in no URL the browser visits) and reads
 * the whole report labelled, with the repayment grid; a lender without consent is told why and what the
 * person can do; a lender looks an organisation up; a source reads its rejected line in words and
 * answers an objection with the record in view; an auditor reads an audit trail with names and
 * actions in words. Every page: no code and no word of the other language (`rawTextOnPage`), no
 * serious accessibility violation, nothing wider than the screen.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { BrowserContext, Page } from 'playwright-core'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { addRelyingParty, createStaffAccount, grantConsent } from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { describeOnEngine } from './support/databases.ts'
import {
  exampleFields,
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  recordsCsv,
  testApp,
} from './support/context.ts'
import { assertReadable, type Lang, useChromium, watched, WIDTHS } from './support/browser.ts'

const browser = useChromium()

/** Words of the journeys in both languages. */
const W = {
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  signIn: { zh: '登录', en: 'Sign in' },
} as const

const CONSOLES = 'the consoles of relying parties, sources and auditors, as their people use them'

describeOnEngine('pglite', CONSOLES, (db, engine) => {
  let app: App
  let base: string
  let residentId: string
  let companyUscc: string
  let bankClerk: { username: string; password: string }
  let otherClerk: { username: string; password: string }
  let sourceClerk: { username: string; password: string }
  let auditor: { username: string; password: string }
  let officerKey: string
  let penaltyCsv: string
  let penaltyRecordId: string
  let companyId: string
  let entryId: string

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    app = await testApp(ctx)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
    const operator = { type: 'operator', id: 'test' } as const
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const lender = await makeSource(ctx, [loan.code], 'lender')
    const regulator = await makeSource(ctx, [penalty.code, loan.code])
    residentId = newResidentId()
    const person = { residentId, name: '林芳' }
    const personId = (
      await submitRecord(
        ctx,
        lender,
        { type: 'source', id: lender.name },
        organisationRecord(loan, {
          subject: person,
          decidedOn: '2024-05-01',
          fields: {
            ...exampleFields(loan),
            accountNumber: 'JK2023110500017',
            creditLimitOrPrincipal: 300000,
            outstandingBalance: 158333.33,
            amountPastDue: 2100,
            repaymentHistory: 'NNNNNNNNNNNNNNNN*N1NNN12',
            historyThrough: '2026-04',
          },
        }),
      )
    ).subjectId
    companyUscc = newUscc()
    const penaltyRecord = await submitRecord(
      ctx,
      regulator,
      { type: 'source', id: regulator.name },
      organisationRecord(penalty, {
        subject: { uscc: companyUscc, name: '福州长乐纺织有限公司' },
        decidedOn: '2026-04-01',
      }),
    )
    penaltyRecordId = penaltyRecord.recordId
    companyId = penaltyRecord.subjectId
    const party = async (name: string, displayName: string) =>
      (
        await addRelyingParty(db(), ctx.clock, operator, {
          name,
          displayName,
          partyType: 'lender',
          purposes: ['credit_application'],
        })
      ).relyingParty
    const bank = await party(`journey-bank-${engine}`, '闽江商业银行')
    const other = await party(`journey-other-${engine}`, '榕城小额贷款公司')
    await grantConsent(
      db(),
      ctx.clock,
      { type: 'officer', id: 'test' },
      {
        subjectId: personId,
        relyingParty: bank.name,
        purpose: 'credit_application',
        expiresAt: new Date('2026-12-31T00:00:00Z'),
        evidence: 'signed form',
      },
    )
    const staff = async (username: string, extra: Record<string, string>) => ({
      username,
      password: (
        await createStaffAccount(db(), ctx.clock, operator, {
          username,
          displayName: username,
          ...extra,
        } as Parameters<typeof createStaffAccount>[3])
      ).password,
    })
    bankClerk = await staff(`journey.bank.${engine}`, { role: 'relying_party', relyingPartyName: bank.name })
    otherClerk = await staff(`journey.other.${engine}`, { role: 'relying_party', relyingPartyName: other.name })
    sourceClerk = await staff(`journey.source.${engine}`, { role: 'source', sourceName: regulator.name })
    auditor = await staff(`journey.auditor.${engine}`, { role: 'auditor' })
    officerKey = (await issueOfficerKey(db(), ctx.clock, operator, '王明')).apiKey
    // a list entry in due process: proposed and noticed by the officer, for the auditor to read
    const defaulterKind = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const court = await makeSource(ctx, [defaulterKind.code], 'court')
    const debtor = await submitRecord(
      ctx,
      court,
      { type: 'source', id: court.name },
      organisationRecord(defaulterKind, {
        subject: { uscc: newUscc(), name: '福州马尾船舶修造有限公司' },
        decidedOn: '2026-05-10',
      }),
    )
    const call = async (url: string, json: unknown) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${officerKey}`, 'content-type': 'application/json' },
        payload: JSON.stringify(json),
      })
      assert.ok(res.statusCode < 300, res.body)
      return JSON.parse(res.body) as { entryId: string }
    }
    const entry = await call('/v1/lists/entries', {
      subjectId: debtor.subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: debtor.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    entryId = entry.entryId
    await call(`/v1/lists/entries/${entryId}/notice`, { reasons: '书面告知列入理由和依据' })
    // an objection against the regulator's penalty, for its clerk to answer
    const filed = await app.inject({
      method: 'POST',
      url: `/v1/subjects/${companyId}/objections`,
      headers: { authorization: `Bearer ${officerKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ recordId: penaltyRecordId, reasons: '该罚款已经复议撤销。' }),
    })
    assert.equal(filed.statusCode, 201, filed.body)
    penaltyCsv = recordsCsv(penalty, [
      { source_record_id: 'UP-1' },
      { source_record_id: 'UP-2', decided_on: '2026-13-01' },
      { source_record_id: 'UP-3' },
    ])
  })
  after(async () => {
    await app.close()
  })

  /** A browser at a width, in a language, signed in as one of the consoles' people; every URL it visits is kept. */
  async function signedIn(
    who: { username: string; password: string },
    lang: Lang,
    width: number,
    lands: RegExp,
  ): Promise<{ context: BrowserContext; page: Page; visited: string[] }> {
    const context = await browser().newContext({
      locale: lang === 'zh' ? 'zh-CN' : 'en-GB',
      viewport: { width, height: 900 },
    })
    const page = watched(await context.newPage())
    const visited: string[] = []
    page.on('request', (r) => visited.push(r.url()))
    await page.goto(`${base}/signin?lang=${lang}`)
    await page.getByLabel(W.username[lang]).fill(who.username)
    await page.getByLabel(W.password[lang]).fill(who.password)
    await Promise.all([page.waitForURL(lands), page.getByRole('button', { name: W.signIn[lang] }).click()]).catch(
      async (e: unknown) => {
        throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 600)}`)
      },
    )
    return { context, page, visited }
  }

  const explain = (page: Page) => async (e: unknown) => {
    throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 800)}`)
  }

  for (const lang of ['zh', 'en'] as const) {
    for (const { width } of Object.values(WIDTHS)) {
      test(`${lang} ${width} px: a lender with the person's consent looks the person up by identity number and name, and reads the whole report labelled, with the repayment grid`, async () => {
        const { context, page, visited } = await signedIn(bankClerk, lang, width, /\/relying-party$/)
        try {
          await assertReadable(page, lang, 'the console')
          const words = {
            zh: { id: '身份证号码', name: '姓名', ask: '查询报告', purpose: '目的' },
            en: { id: 'Identity number', name: 'Name', ask: 'Get the report', purpose: 'Purpose' },
          }[lang]
          const form = page.locator('form', { has: page.getByLabel(words.id) })
          await form.getByLabel(words.id).fill(residentId)
          await form.getByLabel(words.name).fill('林芳')
          await form.getByLabel(words.purpose).selectOption('credit_application')
          const [request] = await Promise.all([
            page.waitForRequest((r) => r.url().endsWith('/relying-party/report')),
            page.waitForURL(/\/relying-party\/report$/),
            form.getByRole('button', { name: words.ask }).click(),
          ]).catch(explain(page))
          assert.equal(request.method(), 'POST')
          await page.waitForSelector('table.grid').catch(explain(page))
          assert.deepEqual(
            visited.filter((u) => u.includes(residentId)),
            [],
            'the identity number is in no URL the browser visited',
          )
          const main = (await page.textContent('main')) ?? ''
          const expected =
            lang === 'zh'
              ? [
                  '信贷申请',
                  '有本人对本机构',
                  '北京时间',
                  '信贷账户及还款记录',
                  '账户编号',
                  '授信额度或借款金额',
                  '¥300,000.00',
                  '¥158,333.33',
                  '2024年5月1日',
                  '正常还款',
                ]
              : [
                  'credit application',
                  "The person's valid consent",
                  'China time',
                  'Loan account',
                  'Account number',
                  'Credit limit or principal',
                  '¥300,000.00',
                  '¥158,333.33',
                  '1 May 2024',
                  'paid as agreed',
                ]
          for (const text of expected) assert.ok(main.includes(text), `${lang}: the report says "${text}"`)
          assert.ok(!main.includes('JK2023110500017'), 'the account number is masked')
          assert.ok(main.includes('0017'), 'to its last four characters')
          assert.ok(!main.includes(residentId), 'the identity number is masked')
          // the grid: a row a year, a column a month, the late months marked
          const grid = page.locator('table.grid')
          assert.equal(await grid.locator('tbody tr').count(), 3, '24 months through April 2026: 2024, 2025, 2026')
          assert.deepEqual(await grid.locator('td.late').allTextContents(), ['1', '1', '2'])
          await assertReadable(page, lang, 'the report')
        } finally {
          await context.close()
        }
      })
    }

    test(`${lang}: a lender without the person's consent is told why in words and what the person can do; what was typed is kept`, async () => {
      const { context, page } = await signedIn(otherClerk, lang, 390, /\/relying-party$/)
      try {
        const label = lang === 'zh' ? '身份证号码' : 'Identity number'
        const form = page.locator('form', { has: page.getByLabel(label) })
        await form.getByLabel(label).fill(residentId)
        await form.getByLabel(lang === 'zh' ? '姓名' : 'Name').fill('林芳')
        await Promise.all([
          page.waitForURL(/\/relying-party\/report$/),
          form.getByRole('button', { name: lang === 'zh' ? '查询报告' : 'Get the report' }).click(),
        ])
        const alert = (await page.getByRole('alert').first().textContent()) ?? ''
        assert.match(alert, lang === 'zh' ? /没有本人授权.*我的信用档案/s : /No consent.*My file/s)
        assert.equal(await page.getByLabel(label).inputValue(), residentId, 'the number typed is kept')
        assert.equal(await page.locator('table.grid').count(), 0, 'no report')
        await assertReadable(page, lang, 'the refusal')
        // a malformed number is told beside its field
        await page.getByLabel(label).fill('11010519491231002')
        await Promise.all([
          page.waitForURL(/\/relying-party\/report$/),
          page
            .locator('form', { has: page.getByLabel(label) })
            .getByRole('button', { name: lang === 'zh' ? '查询报告' : 'Get the report' })
            .click(),
        ])
        assert.equal(await page.getByLabel(label).getAttribute('aria-invalid'), 'true')
        assert.match(
          (await page.locator('.field-error').first().textContent()) ?? '',
          lang === 'zh' ? /身份证号码不正确/ : /identity number is not valid/,
        )
        assert.equal(await page.getByLabel(label).inputValue(), '11010519491231002')
        await assertReadable(page, lang, 'a malformed number')
      } finally {
        await context.close()
      }
    })

    test(`${lang}: a lender looks an organisation up by its USCC and reads its report`, async () => {
      const { context, page } = await signedIn(bankClerk, lang, 1280, /\/relying-party$/)
      try {
        const label = lang === 'zh' ? '统一社会信用代码' : 'Unified Social Credit Code'
        const form = page.locator('form', { has: page.getByLabel(label) })
        await form.getByLabel(label).fill(companyUscc.toLowerCase())
        await Promise.all([
          page.waitForURL(/\/relying-party\/report$/),
          form.getByRole('button', { name: lang === 'zh' ? '查询报告' : 'Get the report' }).click(),
        ])
        await page.waitForSelector('article.record').catch(explain(page))
        assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /福州长乐纺织有限公司/)
        const main = (await page.textContent('main')) ?? ''
        assert.ok(main.includes(lang === 'zh' ? '无需授权' : 'Not needed'), 'consent in words')
        assert.ok(
          main.includes(lang === 'zh' ? '决定书文号' : 'Decision number') ||
            main.includes(lang === 'zh' ? '罚款金额' : 'Fine'),
          'labelled fields',
        )
        await assertReadable(page, lang, 'an organisation report')
        await page.setViewportSize({ width: 390, height: 900 })
        await assertReadable(page, lang, 'an organisation report on a phone')
      } finally {
        await context.close()
      }
    })

    test(`${lang}: a source uploads a CSV with a bad line and reads the reject in words, at 1280 and 390 px`, async () => {
      const { context, page } = await signedIn(sourceClerk, lang, 1280, /\/source$/)
      try {
        await assertReadable(page, lang, 'the source console')
        await page
          .getByLabel(lang === 'zh' ? /CSV 文件/ : /A CSV or NDJSON file/)
          .setInputFiles({ name: 'penalties.csv', mimeType: 'text/csv', buffer: Buffer.from(penaltyCsv) })
        await Promise.all([
          page.waitForURL(/\/source\/imports\/[0-9a-f-]+$/),
          page.getByRole('button', { name: lang === 'zh' ? '上传并导入' : 'Upload and import' }).click(),
        ]).catch(explain(page))
        await page.waitForSelector('#reject-lines li', { timeout: 30_000 }).catch(explain(page))
        const reject = (await page.locator('#reject-lines li').allTextContents()).join('\n')
        assert.match(
          reject,
          lang === 'zh'
            ? /^第 3 行（来源编号 UP-2）：.*有误的是“决定日期”：请填写日期/
            : /^Line 3 \(source record id UP-2\): .*The field at fault is "Decided on": Give a date/,
        )
        assert.ok(!reject.includes('/decidedOn') && !reject.includes('record.'), 'no pointer, no code')
        await assertReadable(page, lang, 'the import with its reject')
        await page.setViewportSize({ width: 390, height: 900 })
        await assertReadable(page, lang, 'the import on a phone')
        // a file of another type is refused beside the file field
        await page.goto(`${base}/source`)
        await page
          .getByLabel(lang === 'zh' ? /CSV 文件/ : /A CSV or NDJSON file/)
          .setInputFiles({ name: 'penalties.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('x') })
        await page.getByRole('button', { name: lang === 'zh' ? '上传并导入' : 'Upload and import' }).click()
        await page.waitForSelector('#file-error').catch(explain(page))
        assert.match((await page.locator('#file-error').textContent()) ?? '', lang === 'zh' ? /CSV 文件/ : /\.csv/)
        await assertReadable(page, lang, 'the console refusing a file')
      } finally {
        await context.close()
      }
    })

    test(`${lang}: an auditor reads a list entry's audit trail, with names and actions in words`, async () => {
      const { context, page } = await signedIn(auditor, lang, 390, /\/auditor$/)
      try {
        await assertReadable(page, lang, 'the auditor console')
        await page
          .getByRole('link', { name: lang === 'zh' ? /程序中的名单条目/ : /List entries in due process/ })
          .click()
        await page.waitForURL(/\/auditor\/entries$/)
        await assertReadable(page, lang, 'the trails')
        await Promise.all([
          page.waitForURL(`**/auditor/entries/${entryId}`),
          page.locator(`a[href="/auditor/entries/${entryId}"]`).click(),
        ])
        const trail = page.locator('main table')
        const header = (await trail.locator('thead').textContent()) ?? ''
        assert.ok(!header.includes('查询方'), 'the actor is not called the looker')
        const rows = await trail.locator('tbody tr').allTextContents()
        assert.ok(
          rows.some(
            (r) =>
              r.includes(lang === 'zh' ? '提议列入名单' : 'proposed for the list') &&
              r.includes('王明') &&
              r.includes(lang === 'zh' ? '信用官员' : 'credit officer'),
          ),
          rows.join(' | '),
        )
        assert.ok(
          rows.some((r) => r.includes(lang === 'zh' ? '告知当事人' : 'the subject given notice')),
          rows.join(' | '),
        )
        assert.ok(rows.every((r) => r.includes(lang === 'zh' ? '北京时间' : 'China time')))
        assert.ok(!rows.join('').includes('account:'), 'no account id')
        await assertReadable(page, lang, 'an audit trail')
        await page.goto(`${base}/auditor/state`)
        await assertReadable(page, lang, 'the state check')
      } finally {
        await context.close()
      }
    })

    test(`${lang}: a source reads an objection with its record in view, makes a mistake (what was typed is kept), and answers`, async () => {
      const { context, page } = await signedIn(sourceClerk, lang, 390, /\/source$/)
      try {
        const item = page.locator('li[id^="objection-"]').first()
        const text = (await item.textContent()) ?? ''
        for (const words of lang === 'zh'
          ? ['罚款金额', '决定书文号', '该罚款已经复议撤销', '福州长乐纺织有限公司']
          : ['Fine', 'Decision number', '该罚款已经复议撤销'])
          assert.ok(text.includes(words), `the objection shows "${words}"`)
        await assertReadable(page, lang, 'an objection to answer')
        const w =
          lang === 'zh'
            ? {
                corrected: /已更正/,
                explanation: /说明/,
                record: /更正后的记录/,
                fine: /罚款金额/,
                send: '提交答复',
              }
            : {
                corrected: /Corrected/,
                explanation: /Explanation/,
                record: /corrected record/,
                fine: /Fine/,
                send: 'Send the answer',
              }
        await item.getByRole('radio', { name: w.corrected }).check()
        await item.getByRole('textbox', { name: w.explanation }).fill('罚款决定已于复议中维持。')
        // the correction is typed field by field, each labelled from the dictionary, starting from what the record says
        await item.locator('summary', { hasText: w.record }).click()
        assert.equal(await item.locator('textarea[name="record"]').count(), 0, 'no JSON to write')
        const fine = item.getByRole('textbox', { name: w.fine })
        assert.match(await fine.inputValue(), /^\d+(\.\d+)?$/, 'the fine as it stands')
        assert.match(
          (await item
            .getByLabel(lang === 'zh' ? /决定日期/ : /Decided on/)
            .first()
            .inputValue()) ?? '',
          /^\d{4}-\d{2}-\d{2}$/,
        )
        await fine.fill(lang === 'zh' ? '一万二' : 'twelve thousand')
        await Promise.all([
          page.waitForURL(/\/source\/objections\/.*\/answer$/),
          item.getByRole('button', { name: w.send }).click(),
        ])
        const again = page.locator('li[id^="objection-"]').first()
        assert.equal(
          await again.getByRole('textbox', { name: w.explanation }).inputValue(),
          '罚款决定已于复议中维持。',
          'the explanation is kept',
        )
        const fineAgain = again.getByRole('textbox', { name: w.fine })
        assert.equal(
          await fineAgain.inputValue(),
          lang === 'zh' ? '一万二' : 'twelve thousand',
          'the fine typed is kept',
        )
        assert.equal(await again.getByRole('radio', { name: w.corrected }).isChecked(), true)
        assert.equal(await fineAgain.getAttribute('aria-invalid'), 'true', 'the sentence stands by the field')
        await assertReadable(page, lang, 'the answer refused')
        if (lang === 'en') {
          // the fine corrected, typed as people write amounts: the record's next version carries it
          await fineAgain.fill('12,000')
          await Promise.all([
            page.waitForURL(/\/source\?answered=1$/),
            again.getByRole('button', { name: w.send }).click(),
          ]).catch(explain(page))
          const file = await app.inject({
            method: 'GET',
            url: `/v1/subjects/${companyId}/file`,
            headers: { authorization: `Bearer ${officerKey}` },
          })
          const corrected = (
            JSON.parse(file.body) as {
              categories: { records: { recordId: string; version: number; fields: Record<string, unknown> }[] }[]
            }
          ).categories
            .flatMap((c) => c.records)
            .find((r) => r.recordId === penaltyRecordId)
          assert.deepEqual([corrected?.version, corrected?.fields.fineAmount], [2, 12000], 'corrected field by field')
          assert.ok(await page.getByRole('status').isVisible())
          assert.equal(await page.locator('li[id^="objection-"]').count(), 0, 'answered')
          await assertReadable(page, lang, 'the console after the answer')
        }
      } finally {
        await context.close()
      }
    })
  }
})
