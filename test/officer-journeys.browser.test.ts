/**
 * The credit officer's journeys in a real Chromium, at a desk (1280 px) and on a phone (390 px), in
 * Chinese and English: the verification queue with its second-account warning, an objection decided
 * with the facts on the page, a list entry proposed by finding the subject and picking its record and
 * a criterion of that list only, no decision offered inside the objection window, and a mistake that
 * keeps what was typed; the queues naming whom each item is about, a decision whose deciding agency is
 * chosen from those the list allows (one it does not allow refused beside its field), a repair
 * application's feedback and decision and a model's publication refused and shown again with what was
 * typed. Every page: no code or wrong-language word (rawTextOnPage), no serious axe
 * violation, nothing wider than the screen. Pages of the console are closed to the signed-out.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { createStaffAccount, registerSubjectAccount, verifySubjectAccount } from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { describeOnEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  subjectAccount,
  testApp,
} from './support/context.ts'
import type { Page } from 'playwright-core'
import { type Lang, problemsOn, useChromium, watched, WIDTHS } from './support/browser.ts'

const browser = useChromium()

describeOnEngine('postgres', 'the credit officer in a real Chromium', (db, engine) => {
  let app: App
  let base: string
  let officerPassword: string
  let answeredObjection: string
  let openObjection: string
  const debtors = { zh: '福州马尾船舶修造有限公司', en: '厦门海沧港口物流有限公司' } as const
  const subjectPassword = 'a long enough passphrase'
  let subjectUsername: string
  // entries whose objection windows have closed, and repair applications awaiting feedback, by the page's language
  const awaiting = { zh: '福州仓山建材贸易有限公司', en: '泉州丰泽食品有限公司' } as const
  const repairing = { zh: '福州晋安印刷有限公司', en: '漳州龙文茶业有限公司' } as const

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    app = await testApp(ctx)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const regulator = await makeSource(ctx, [penalty.code])

    // in January: a court's judgments proposed for its list and noticed, a regulator's fines; by June the
    // objection windows have closed and the fines' minimum publication is served
    ctx.clock.set('2026-01-05T02:00:00Z')
    const listing = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, '王科长')).apiKey
    const asOfficer = async (url: string, body: unknown) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${listing}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      })
      assert.ok(res.statusCode < 300, res.body)
      return JSON.parse(res.body) as { entryId: string }
    }
    const judgment = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const listingCourt = await makeSource(ctx, [judgment.code], 'court', '福州市中级人民法院')
    const fining = await makeSource(ctx, [penalty.code], 'market_regulator', '福州市市场监督管理局')
    const fines: { company: { uscc: string; name: string }; recordId: string }[] = []
    for (const name of [...Object.values(awaiting)]) {
      const basis = await submitRecord(
        ctx,
        listingCourt,
        { type: 'source', id: listingCourt.name },
        organisationRecord(judgment, { subject: { uscc: newUscc(), name }, decidedOn: '2026-01-02' }),
      )
      const { entryId } = await asOfficer('/v1/lists/entries', {
        subjectId: basis.subjectId,
        listKind: 'judgment_defaulters',
        criterion: 'able_to_pay_but_refuses',
        basisRecordId: basis.recordId,
        reasons: '判决确定的义务逾期未履行',
      })
      await asOfficer(`/v1/lists/entries/${entryId}/notice`, { reasons: '书面告知列入理由和依据' })
    }
    for (const name of Object.values(repairing)) {
      const company = { uscc: newUscc(), name }
      const fine = await submitRecord(
        ctx,
        fining,
        { type: 'source', id: fining.name },
        organisationRecord(penalty, { subject: company, decidedOn: '2026-01-02' }),
      )
      fines.push({ company, recordId: fine.recordId })
    }
    ctx.clock.set('2026-06-01T02:00:00Z')
    for (const { company, recordId } of fines) {
      const applicant = await subjectAccount(ctx, company)
      const applied = await app.inject({
        method: 'POST',
        url: '/v1/me/repairs',
        headers: { ...(await applicant.headers()), 'content-type': 'application/json' },
        payload: JSON.stringify({
          recordId,
          statement: '已缴纳罚款并完成整改',
          evidence: [{ description: '罚款缴纳凭证', sha256: 'b'.repeat(64) }],
        }),
      })
      assert.equal(applied.statusCode, 201, applied.body)
    }

    const company = { uscc: newUscc(), name: '福州长乐纺织有限公司' }
    const fined = async (decidedOn: string, id: string) =>
      submitRecord(
        ctx,
        regulator,
        { type: 'source', id: regulator.name },
        organisationRecord(penalty, { subject: company, decidedOn, sourceRecordId: id }),
      )
    const first = await fined('2026-04-01', 'PEN-1')
    const second = await fined('2026-04-15', 'PEN-2')
    const representative = await subjectAccount(ctx, company)
    const headers = await representative.headers()
    const upload = await app.inject({
      method: 'POST',
      url: '/v1/me/evidence?fileName=receipt.pdf',
      headers: { ...headers, 'content-type': 'application/pdf' },
      payload: Buffer.from('%PDF-1.4 receipt\n%%EOF\n'),
    })
    assert.equal(upload.statusCode, 201, upload.body)
    const documentId = (JSON.parse(upload.body) as { documentId: string }).documentId
    const object = async (recordId: string, reasons: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/me/objections',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({
          recordId,
          reasons,
          statement: '罚款已于2026年4月20日缴清。',
          evidence: [{ description: '缴款凭证', documentId }],
        }),
      })
      assert.equal(res.statusCode, 201, res.body)
      return (JSON.parse(res.body) as { objectionId: string }).objectionId
    }
    answeredObjection = await object(first.recordId, '处罚决定已被复议撤销。')
    openObjection = await object(second.recordId, '该处罚认定的事实有误。')
    const answered = await app.inject({
      method: 'POST',
      url: `/v1/sources/me/objections/${answeredObjection}/answer`,
      headers: { authorization: `Bearer ${regulator.apiKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ outcome: 'verified', explanation: '经核实，处罚决定合法有效，复议维持原决定。' }),
    })
    assert.equal(answered.statusCode, 200, answered.body)

    // a judgment defaulter, for a list entry: found by part of its name
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const court = await makeSource(ctx, [defaulter.code], 'court')
    for (const name of Object.values(debtors))
      await submitRecord(
        ctx,
        court,
        { type: 'source', id: court.name },
        organisationRecord(defaulter, { subject: { uscc: newUscc(), name }, decidedOn: '2026-05-10' }),
      )

    // a person with a verified account already, and a second claim waiting
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const lender = await makeSource(ctx, [loan.code], 'lender')
    const person = { residentId: newResidentId(), name: '林芳' }
    await submitRecord(
      ctx,
      lender,
      { type: 'source', id: lender.name },
      organisationRecord(loan, { subject: person, decidedOn: '2026-03-01' }),
    )
    subjectUsername = `lin.fang.${engine}`
    const firstAccount = await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
      username: subjectUsername,
      password: subjectPassword,
      displayName: '林芳',
      subject: person,
    })
    await verifySubjectAccount(db(), ctx.clock, { type: 'officer', id: 'test' }, firstAccount.accountId)
    for (const username of [`lin.fang.phone.${engine}`, `lin.fang.desk.${engine}`])
      await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
        username,
        password: subjectPassword,
        displayName: '林芳',
        subject: person,
      })
    await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'officer')
    officerPassword = (
      await createStaffAccount(
        db(),
        ctx.clock,
        { type: 'operator', id: 'test' },
        { username: `officer.journeys.${engine}`, displayName: '王科长', role: 'officer' },
      )
    ).password
  })
  after(async () => {
    await app.close()
  })

  /** A browser at a width, signed in as the officer, its pages in `lang`. */
  const officer = async (lang: Lang, width: keyof typeof WIDTHS) => {
    const context = await browser().newContext({ viewport: WIDTHS[width], acceptDownloads: true })
    const page = watched(await context.newPage())
    await page.goto(`${base}/signin?lang=en`)
    await page.getByLabel('Username').fill(`officer.journeys.${engine}`)
    await page.getByLabel('Password').fill(officerPassword)
    await Promise.all([page.waitForURL(/\/officer$/), page.getByRole('button', { name: 'Sign in' }).click()])
    await page.goto(`${base}/officer?lang=${lang}`)
    return { context, page }
  }
  const explain = (page: Page) => async (e: unknown) => {
    throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 1200)}`)
  }
  const clean = async (page: Page, lang: Lang, where: string) =>
    assert.deepEqual(await problemsOn(page, lang), [], `${lang} ${where}`)

  test('signed out, every officer page goes to sign-in; a signed-in subject is told the console is for officers only', async () => {
    const paths = [
      '/officer',
      '/officer/lists',
      '/officer/lists/new',
      `/officer/objections/${openObjection}`,
      '/officer/repairs',
      '/officer/models',
      '/officer/accounts',
    ]
    const context = await browser().newContext()
    const page = watched(await context.newPage())
    try {
      for (const path of paths) {
        await page.goto(base + path)
        assert.match(new URL(page.url()).pathname, /^\/signin$/, `${path} while signed out`)
      }
      await page.goto(`${base}/signin?lang=zh`)
      await page.getByLabel('用户名').fill(subjectUsername)
      await page.getByLabel('密码').fill(subjectPassword)
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '登录' }).click()])
      for (const path of paths) {
        const response = await page.goto(base + path)
        assert.equal(response!.status(), 403, path)
        assert.match((await page.textContent('main')) ?? '', /仅供信用官员使用/, path)
      }
      await clean(page, 'zh', 'officers only')
    } finally {
      await context.close()
    }
  })

  for (const [lang, width, claim] of [
    ['zh', 'desk', 'desk'],
    ['en', 'phone', 'phone'],
  ] as const) {
    test(`${lang} at ${WIDTHS[width].width} px: the verification queue shows the identifier claimed masked and warns of the verified account; a mistake keeps the reason typed`, async () => {
      const { context, page } = await officer(lang, width)
      try {
        await page.goto(`${base}/officer/accounts`)
        const row = page.locator('tr', { hasText: `lin.fang.${claim}.${engine}` })
        const text = (await row.textContent()) ?? ''
        assert.match(text, /\d{6}\*{8}[\dX]{4}/, 'the identity number masked')
        assert.match(text, lang === 'zh' ? /此人已有 \d+ 个已核验的账户/ : /has (?:a|\d+) verified accounts? already/)
        await clean(page, lang, 'the verification queue')
        await Promise.all([page.waitForURL(/\/verify$/), row.getByRole('button').click()]).catch(explain(page))
        assert.match((await page.getByRole('alert').first().textContent()) ?? '', lang === 'zh' ? /已有/ : /already/)
        await clean(page, lang, 'the second-account warning')
        const reason = lang === 'zh' ? '她的宗教信仰要求另开账户' : 'Her religion asks for a second account'
        await page.getByLabel(lang === 'zh' ? /理由/ : /Reason/).fill(reason)
        await page.getByRole('button', { name: lang === 'zh' ? /确认核验/ : /Confirm/ }).click()
        assert.equal(
          await page.getByLabel(lang === 'zh' ? /理由/ : /Reason/).inputValue(),
          reason,
          'what was typed survives the refusal',
        )
        await clean(page, lang, 'the refused confirmation')
        await page
          .getByLabel(lang === 'zh' ? /理由/ : /Reason/)
          .fill(lang === 'zh' ? '本人到场办理，原账户无法使用' : 'In person; the first account is lost')
        await Promise.all([
          page.waitForURL(/\/officer\/accounts$/),
          page.getByRole('button', { name: lang === 'zh' ? /确认核验/ : /Confirm/ }).click(),
        ]).catch(explain(page))
        assert.equal(await page.locator('tr', { hasText: `lin.fang.${claim}.${engine}` }).count(), 0, 'verified')
      } finally {
        await context.close()
      }
    })
  }

  for (const [lang, width] of [
    ['en', 'desk'],
    ['zh', 'phone'],
  ] as const) {
    test(`${lang} at ${WIDTHS[width].width} px: an objection shows the subject, the record in words, the statement, the evidence and the source's answer`, async () => {
      const { context, page } = await officer(lang, width)
      try {
        await clean(page, lang, 'the objections queue')
        await page.goto(`${base}/officer/objections/${answeredObjection}`)
        const main = (await page.textContent('main')) ?? ''
        for (const fact of [
          '福州长乐纺织有限公司',
          '罚款已于2026年4月20日缴清。',
          '缴款凭证',
          '经核实，处罚决定合法有效，复议维持原决定。',
          lang === 'zh' ? '经核实无误，记录保留' : 'Verified: the record stands',
          lang === 'zh' ? '企业' : 'Enterprise',
        ])
          assert.ok(main.includes(fact), `${fact} on the page`)
        assert.ok(
          (await page.locator('main dl.facts dt').allTextContents()).length >= 8,
          "the record's fields, labelled",
        )
        assert.equal(await page.locator('form[action$="/decide"], form[action$="/escalate"]').count(), 0)
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'receipt.pdf' }).first().click(),
        ])
        assert.match(download.suggestedFilename(), /\.pdf$/, 'saved with its extension')
        await clean(page, lang, 'an answered objection')
      } finally {
        await context.close()
      }
    })
  }

  test('an officer escalates and decides an objection: an empty decision keeps the reason typed; the trail names the officer', async () => {
    const { context, page } = await officer('zh', 'phone')
    try {
      await page.goto(`${base}/officer/objections/${openObjection}`)
      await page.getByLabel(/理由/).fill('来源单位尚未答复，提交决定。')
      await Promise.all([
        page.waitForURL(/\/officer\/objections\//),
        page.getByRole('button', { name: '提交决定' }).click(),
      ]).catch(explain(page))
      // a decision without an outcome: the browser would stop it, so send it as a form that skips the check
      await page.getByLabel(/理由/).fill('罚款已缴清，处罚已撤销。')
      await page.evaluate(() => document.querySelector('form[action$="/decide"]')?.setAttribute('novalidate', ''))
      await page.getByRole('button', { name: '决定' }).click()
      assert.equal(await page.getByLabel(/理由/).inputValue(), '罚款已缴清，处罚已撤销。', 'kept')
      assert.ok(await page.locator('.field-error, .form-error').first().isVisible(), 'the mistake is told')
      await clean(page, 'zh', 'a refused decision')
      await page.getByLabel(/异议成立/).check()
      await Promise.all([
        page.waitForURL(/\/officer\/objections\/[0-9a-f-]+$/),
        page.getByRole('button', { name: '决定' }).click(),
      ]).catch(explain(page))
      const trail = (await page.locator('h2:has-text("审计记录") + div table').textContent()) ?? ''
      assert.match(trail, /提交决定/)
      assert.match(trail, /作出决定/)
      assert.match(trail, /信用官员\s*王科长/, 'who acted, by name')
      await clean(page, 'zh', 'a decided objection')
    } finally {
      await context.close()
    }
  })

  for (const [lang, width] of [
    ['zh', 'desk'],
    ['en', 'phone'],
  ] as const) {
    test(`${lang} at ${WIDTHS[width].width} px: a list entry proposed by finding the subject and picking its record and a criterion of that list only; no decision inside the objection window`, async () => {
      const { context, page } = await officer(lang, width)
      try {
        await page.goto(`${base}/officer/lists/new`)
        await clean(page, lang, 'step 1 of a proposal')
        await page.getByLabel(lang === 'zh' ? '名单' : 'List', { exact: true }).selectOption('judgment_defaulters')
        await page.getByLabel(lang === 'zh' ? /主体名称/ : /Part of the name/).fill(debtors[lang].slice(2, 6))
        await page.getByRole('button', { name: lang === 'zh' ? '查找' : 'Find' }).click()
        assert.ok((await page.textContent('main'))?.includes(debtors[lang]), 'the subject found and shown')
        await clean(page, lang, 'step 2 of a proposal')
        const criteria = await page
          .getByLabel(lang === 'zh' ? '符合的列入标准' : 'Criterion met')
          .locator('option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
        const lists = JSON.parse((await app.inject({ method: 'GET', url: '/v1/lists' })).body) as {
          listKinds: { code: string; criteria: { code: string }[] }[]
        }
        assert.deepEqual(
          criteria,
          lists.listKinds.find((k) => k.code === 'judgment_defaulters')!.criteria.map((c) => c.code),
          "the chosen list's criteria, and no other list's",
        )
        const record = page.getByLabel(lang === 'zh' ? '依据的记录' : 'Record it rests on')
        assert.match((await record.locator('option').first().textContent()) ?? '', /2026-05-10/, 'a record in words')
        await page
          .getByLabel(lang === 'zh' ? '符合的列入标准' : 'Criterion met')
          .selectOption('able_to_pay_but_refuses')
        // a reason of a category the charter refuses: refused, and the form comes back as it was
        const reasons = page.getByLabel(lang === 'zh' ? /理由（必填/ : /Reasons \(required/)
        await reasons.fill('该公司负责人的宗教信仰')
        await page.getByRole('button', { name: lang === 'zh' ? '提议列入' : 'Propose an entry' }).click()
        assert.equal(await reasons.inputValue(), '该公司负责人的宗教信仰', 'what was typed survives')
        assert.equal(
          await page.getByLabel(lang === 'zh' ? '符合的列入标准' : 'Criterion met').inputValue(),
          'able_to_pay_but_refuses',
        )
        await clean(page, lang, 'a refused proposal')
        await reasons.fill(
          lang === 'zh' ? '有履行能力而拒不履行生效判决' : 'Able to pay the judgment debt and refuses to',
        )
        await Promise.all([
          page.waitForURL(/\/officer\/lists\/[0-9a-f-]+$/),
          page.getByRole('button', { name: lang === 'zh' ? '提议列入' : 'Propose an entry' }).click(),
        ]).catch(explain(page))
        await clean(page, lang, 'a proposed entry')
        await page
          .getByLabel(lang === 'zh' ? /理由（必填/ : /Reasons \(required/)
          .fill(lang === 'zh' ? '已书面告知' : 'Notice served')
        await Promise.all([
          page.waitForURL(/\/officer\/lists\/[0-9a-f-]+$/),
          page.getByRole('button', { name: lang === 'zh' ? /书面告知/ : /Give written notice/ }).click(),
        ]).catch(explain(page))
        assert.equal(
          await page.locator('form[action$="/decision"]').count(),
          0,
          'no decision is offered inside the objection window',
        )
        assert.match(
          (await page.getByRole('status').textContent()) ?? '',
          lang === 'zh'
            ? /\d{4}-\d{2}-\d{2} 结束：自该日起方可作出决定/
            : /ends on \d{4}-\d{2}-\d{2}: the decision can be made from that day/,
        )
        const steps = (await page.locator('main').textContent()) ?? ''
        assert.match(steps, lang === 'zh' ? /提议列入.*书面告知/s : /Proposal.*Written notice/s)
        assert.match(steps, lang === 'zh' ? /信用官员\s*王科长/ : /a credit officer\s*王科长/)
        await clean(page, lang, 'a noticed entry')
      } finally {
        await context.close()
      }
    })
  }

  for (const [lang, width] of [
    ['zh', 'desk'],
    ['en', 'phone'],
  ] as const) {
    test(`${lang} at ${WIDTHS[width].width} px: the queue names whom each entry is about; the deciding agency is chosen from those the list allows, and one it does not is refused beside its field, what was typed kept`, async () => {
      const { context, page } = await officer(lang, width)
      try {
        await page.goto(`${base}/officer/lists?filter=awaiting_decision`)
        const row = page.locator('tr', { hasText: awaiting[lang] })
        assert.equal(await row.count(), 1, 'the subject named in the queue')
        await clean(page, lang, 'the entries awaiting decision')
        await Promise.all([page.waitForURL(/\/officer\/lists\/[0-9a-f-]+$/), row.getByRole('link').click()]).catch(
          explain(page),
        )
        const agency = page.getByLabel(lang === 'zh' ? '决定机关' : 'Deciding agency', { exact: true })
        assert.equal(await agency.evaluate((e) => e.tagName), 'SELECT', 'chosen, not typed')
        const offered = await agency.locator('option').allTextContents()
        assert.ok(offered.includes('福州市中级人民法院'), offered.join(' | '))
        assert.ok(!offered.includes('福州市市场监督管理局'), 'a regulator does not decide a court’s list')
        await clean(page, lang, 'an entry awaiting decision')
        // a form forged, or kept open while the register changed: an agency the list does not allow
        await agency.evaluate((select) => {
          const forged = document.createElement('option')
          forged.value = forged.textContent = '福州市市场监督管理局'
          select.append(forged)
        })
        await agency.selectOption('福州市市场监督管理局')
        const listed = page.getByRole('radio', { name: lang === 'zh' ? /列入（期限/ : /Listed \(for/ })
        await listed.check()
        const reasons = page.getByLabel(lang === 'zh' ? /理由（必填/ : /Reasons \(required/)
        const typed = lang === 'zh' ? '有履行能力而拒不履行生效判决' : 'Able to pay the judgment debt and refuses to'
        await reasons.fill(typed)
        const decide = page.getByRole('button', { name: lang === 'zh' ? '决定' : 'Decide', exact: true })
        await Promise.all([page.waitForURL(/\/decision$/), decide.click()])
        assert.equal(await reasons.inputValue(), typed, 'the reasons kept')
        assert.equal(await listed.isChecked(), true, 'the outcome kept')
        assert.equal(await agency.getAttribute('aria-invalid'), 'true', 'the agency marked')
        assert.match(
          (await page.locator('#decide-decidingAgency-error').textContent()) ?? '',
          lang === 'zh' ? /只能从列出的机关中选择决定机关/ : /Choose the deciding agency from those listed/,
          'the sentence beside the field',
        )
        await clean(page, lang, 'a decision refused for its agency')
        await agency.selectOption('福州市中级人民法院')
        await Promise.all([page.waitForURL(/\/officer\/lists\/[0-9a-f-]+$/), decide.click()]).catch(explain(page))
        assert.equal(await page.locator('form[action$="/decision"]').count(), 0, 'decided')
        assert.match((await page.textContent('main')) ?? '', /福州市中级人民法院/)
        await clean(page, lang, 'an entry decided')
      } finally {
        await context.close()
      }
    })
  }

  for (const [lang, width] of [
    ['en', 'desk'],
    ['zh', 'phone'],
  ] as const) {
    test(`${lang} at ${WIDTHS[width].width} px: a repair application's feedback and decision, and a model's publication, come back after a mistake with what was typed and the sentence beside the field`, async () => {
      const { context, page } = await officer(lang, width)
      try {
        await page.goto(`${base}/officer/repairs`)
        const row = page.locator('tr', { hasText: repairing[lang] })
        assert.equal(await row.count(), 1, 'the subject named in the queue')
        await clean(page, lang, 'the repair queue')
        await Promise.all([page.waitForURL(/\/officer\/repairs\/[0-9a-f-]+$/), row.getByRole('link').click()]).catch(
          explain(page),
        )
        await clean(page, lang, 'a repair application')
        const feedback = page.getByLabel(lang === 'zh' ? /反馈意见（必填/ : /Feedback \(required/)
        const tooLong = '整改材料齐全。'.repeat(600)
        await feedback.evaluate((e) => e.removeAttribute('maxlength'))
        await feedback.fill(tooLong)
        const give = page.getByRole('button', { name: lang === 'zh' ? '反馈' : 'Give feedback', exact: true })
        await Promise.all([page.waitForURL(/\/feedback$/), give.click()])
        assert.equal(await feedback.inputValue(), tooLong, 'the feedback kept')
        assert.equal(await feedback.getAttribute('aria-invalid'), 'true')
        assert.ok(await page.locator('.field-error').first().isVisible(), 'the sentence beside it')
        await clean(page, lang, 'feedback refused')
        await feedback.fill(lang === 'zh' ? '材料齐全，符合修复条件。' : 'The papers are complete.')
        await Promise.all([page.waitForURL(/\/officer\/repairs\/[0-9a-f-]+$/), give.click()]).catch(explain(page))
        // a decision without its outcome: the browser would stop it, so the form is sent without its check
        const reasons = page.getByLabel(lang === 'zh' ? /理由（必填/ : /Reasons \(required/)
        const typed = lang === 'zh' ? '已缴清罚款，整改到位。' : 'The fine is paid and the conduct corrected.'
        await reasons.fill(typed)
        await page.evaluate(() => document.querySelector('form[action$="/decision"]')?.setAttribute('novalidate', ''))
        const decide = page.getByRole('button', { name: lang === 'zh' ? '决定' : 'Decide', exact: true })
        await Promise.all([page.waitForURL(/\/decision$/), decide.click()])
        assert.equal(await reasons.inputValue(), typed, 'the reasons kept')
        assert.ok(await page.locator('#repair-outcome-error').isVisible(), 'the outcome asked for beside it')
        await clean(page, lang, 'a repair decision refused')
        await page.getByLabel(lang === 'zh' ? '不予批准' : 'Refused', { exact: true }).check()
        await Promise.all([page.waitForURL(/\/officer\/repairs\/[0-9a-f-]+$/), decide.click()]).catch(explain(page))
        assert.equal(await page.locator('form[action$="/decision"]').count(), 0, 'decided')

        await page.goto(`${base}/officer/models`)
        await clean(page, lang, 'the models')
        await page.locator('#publish-purpose').selectOption('account_review')
        const why = lang === 'zh' ? '按年度复核重新拟合。' : 'Refitted for the yearly review.'
        await page.locator('#publish-reasons').fill(why)
        await page
          .locator('#publish-model')
          .setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') })
        await page.getByRole('button', { name: lang === 'zh' ? '发布' : 'Publish', exact: true }).click()
        await page.locator('#publish-model-error').waitFor()
        assert.equal(await page.locator('#publish-reasons').inputValue(), why, 'the reasons kept')
        assert.equal(await page.locator('#publish-purpose').inputValue(), 'account_review', 'the purpose kept')
        assert.equal(await page.locator('#publish-model').getAttribute('aria-invalid'), 'true')
        await clean(page, lang, 'a model refused')
      } finally {
        await context.close()
      }
    })
  }
})
