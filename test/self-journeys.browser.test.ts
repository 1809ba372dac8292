/**
 * The subject's journeys in a real Chromium, as a newcomer takes them: a person, and an organisation's
 * representative, at desk (1280 px) and phone (390 px) width, in Chinese and in English: register (a
 * mistake first), an officer verifies (through the API), sign in (a wrong password first), read the file
 * with its contents labelled, object (a mistake first: what was typed is kept), give a bank consent by
 * picking it, and apply for repair where the record allows it. On every page: no code and no word of
 * the other language (`rawTextOnPage`), no serious accessibility violation, nothing Chromium refuses
 * (a content security policy, a `pattern` it cannot compile), and no page wider than a phone.
 * And a claim's journey: register, give an identity document (a wrong one first), an officer opens it
 * on the claim's page and refuses (the claimant reads why) or verifies (the subject sees the look).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { addRelyingParty, createStaffAccount } from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { DEFAULT_RATING_MODEL, loadRatingModel, ratingContextOf, recomputeAll } from '../src/modules/ratings/index.ts'
import { describeOnEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  testApp,
} from './support/context.ts'
import type { Page } from 'playwright-core'
import { problemsOn, SCREENSHOTS, useChromium, watched } from './support/browser.ts'

const browser = useChromium()

const WORDS = {
  zh: {
    register: '提交注册申请',
    who: '我是',
    organisation: '组织的代表',
    subjectName: /姓名或组织名称/,
    identifier: /身份证号码（个人）/,
    username: '用户名',
    password: '密码',
    signIn: '登录',
    awaiting: /等待信用管理部门核验|核验您的身份之前/,
    object: '提出异议',
    reasons: '异议理由',
    statement: /个人声明/,
    consent: '授权一家机构查询',
    institution: '机构和查询目的',
    until: '有效至（最长两年）',
    giveConsent: '授权',
    repair: '申请信用修复',
    putRight: /已纠正的情况/,
    evidence: '证据说明（必填）',
    apply: '提交申请',
    accountNumber: '账户编号',
    printable: '可打印的报告',
    masked: /\*{4,}\w{4}/,
    grid: '还款记录（按月',
    grade: '信用等级和原因',
    repairFrom: /自 2026年7月1日 起可以申请信用修复/,
    looked: /信用管理部门工作人员.*查看您的信用档案（监督管理）.*2/s,
    checkField: /请填写这一项|至少|不能为空|请检查/,
    wrong: '用户名或密码不正确。',
    wrongIdentifier: /统一社会信用代码|身份证号码/,
  },
  en: {
    register: 'Register',
    who: 'I am',
    organisation: "an organisation's representative",
    subjectName: /Name, or the organisation/,
    identifier: /Resident identity number \(a person\)/,
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    awaiting: /Until an officer has verified your identity/,
    object: 'Object',
    reasons: 'Why it is wrong',
    statement: /A statement/,
    consent: 'Let an institution look',
    institution: 'The institution, and what for',
    until: 'Until (two years at most)',
    giveConsent: 'Give consent',
    repair: 'Apply for repair',
    putRight: /How you have put it right/,
    evidence: 'The evidence (required)',
    apply: 'Apply',
    accountNumber: 'Account number',
    printable: 'Printable report',
    masked: /\*{4,}\w{4}/,
    grid: 'Repayment history by month',
    grade: 'Credit grade and its reasons',
    repairFrom: /you can apply for repair from 1 July 2026/,
    looked: /a credit officer.*read your credit file \(supervision\).*2/s,
    checkField: /Please fill this in|at least|Please check/i,
    wrong: 'The username or password is not right.',
    wrongIdentifier: /Unified Social Credit Code|identity number/,
  },
} as const

describeOnEngine('postgres', "the subject's journeys in a real Chromium", (db, engine) => {
  let app: App
  let base: string
  let officerKey: string
  let clock: Awaited<ReturnType<typeof recordsContext>>['clock']
  let prepare: (kind: 'person' | 'organisation') => Promise<{
    subject: { residentId: string; name: string } | { uscc: string; name: string }
    subjectId: string
  }>
  const bankName = '闽江商业银行'

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    app = await testApp(ctx)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const regulator = await makeSource(ctx, [penalty.code])
    const lender = await makeSource(ctx, [loan.code], 'lender')
    clock = ctx.clock
    officerKey = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
    // one bank, registered once, for two purposes: picked by its name, shown once
    await addRelyingParty(
      db(),
      ctx.clock,
      { type: 'operator', id: 'test' },
      {
        name: `minjiang-bank-${engine}`,
        displayName: bankName,
        partyType: 'lender',
        purposes: ['credit_application', 'account_review'],
      },
    )
    const rating = {
      ...ctx,
      rating: ratingContextOf(await loadRatingModel(DEFAULT_RATING_MODEL, new Set(ctx.catalogue.kinds.keys()))),
    }
    const as = (s: { name: string }) => ({ type: 'source', id: s.name }) as const
    prepare = async (kind) => {
      if (kind === 'person') {
        const subject = { residentId: newResidentId(), name: '林芳' }
        const { subjectId } = await submitRecord(
          ctx,
          lender,
          as(lender),
          organisationRecord(loan, { subject, decidedOn: '2026-03-01' }),
        )
        await submitRecord(
          ctx,
          regulator,
          as(regulator),
          organisationRecord(penalty, { subject, decidedOn: '2026-02-01' }),
        )
        return { subject, subjectId }
      }
      const subject = { uscc: newUscc(), name: '福州闽江食品有限公司' }
      const { subjectId } = await submitRecord(
        ctx,
        regulator,
        as(regulator),
        organisationRecord(penalty, { subject, decidedOn: '2026-01-10' }),
      )
      // too recent for repair: its minimum publication (three months) ends on 2026-07-01
      await submitRecord(
        ctx,
        regulator,
        as(regulator),
        organisationRecord(penalty, { subject, decidedOn: '2026-04-01' }),
      )
      await recomputeAll(rating)
      return { subject, subjectId }
    }
  })
  after(async () => {
    await app.close()
  })

  const officer = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${officerKey}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    })

  let journey = 0
  for (const who of ['person', 'organisation'] as const)
    for (const width of [1280, 390])
      for (const lang of ['zh', 'en'] as const)
        test(`${who}, ${width} px, ${lang}: register, be verified, sign in, read the file, object, consent${who === 'organisation' ? ', apply for repair' : ''}`, async () => {
          const w = WORDS[lang]
          const n = ++journey
          const { subject, subjectId } = await prepare(who)
          const username = `${who === 'person' ? 'lin' : 'rep'}.${engine}.${n}`
          const password = 'a long enough passphrase'
          const context = await browser().newContext({
            locale: lang === 'zh' ? 'en-GB' : 'zh-CN', // the browser's language is the other: the choice must win
            viewport: { width, height: 900 },
          })
          const page = watched(await context.newPage())
          const check = async () => assert.deepEqual(await problemsOn(page, lang), [])
          const explain = async (e: unknown) => {
            throw new Error(`${String(e)}; at ${page.url()}: ${(await page.textContent('main'))?.slice(0, 800)}`)
          }
          try {
            // register: a wrong check character first; what was typed stays, the password does not
            await page.goto(`${base}/register?lang=${lang}`)
            await check()
            const identifier = 'uscc' in subject ? subject.uscc : subject.residentId
            const wrong = identifier.slice(0, 17) + (identifier.endsWith('1') ? '2' : '1')
            if (who === 'organisation') await page.getByLabel(w.who).selectOption('organisation')
            await page.getByLabel(w.subjectName).fill(subject.name)
            await page.getByLabel(w.identifier).fill(wrong)
            await page.getByLabel(w.username, { exact: true }).fill(username)
            await page.getByLabel(w.password, { exact: true }).fill(password)
            await page.getByRole('button', { name: w.register }).click()
            await page.waitForSelector('.field-error')
            assert.match((await page.locator('.field.invalid').first().textContent()) ?? '', w.wrongIdentifier)
            assert.equal(await page.getByLabel(w.identifier).inputValue(), wrong, 'what was typed is kept')
            assert.equal(await page.getByLabel(w.username, { exact: true }).inputValue(), username)
            assert.equal(await page.getByLabel(w.password, { exact: true }).inputValue(), '', 'never the password')
            await check()
            await page.getByLabel(w.identifier).fill(identifier)
            await page.getByLabel(w.password, { exact: true }).fill(password)
            await Promise.all([
              page.waitForURL(/\/register\/done$/),
              page.getByRole('button', { name: w.register }).click(),
            ]).catch(explain)
            assert.match((await page.textContent('main')) ?? '', w.awaiting)
            await check()

            // signed in before verification: the account sees nothing, and is told why
            await page.goto(`${base}/signin`)
            await page.getByLabel(w.username).fill(username)
            await page.getByLabel(w.password).fill(password)
            await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: w.signIn }).click()])
            assert.match((await page.textContent('main')) ?? '', w.awaiting)
            await check()
            await context.clearCookies()
            await page.goto(`${base}/signin?lang=${lang}`)

            // an officer verifies the claim, and reads the file twice the same day (one row, counted)
            const pending = JSON.parse((await officer('GET', '/v1/accounts/pending')).body) as {
              accountId: string
              username: string
            }[]
            const account = pending.find((a) => a.username === username)
            assert.ok(account, 'the claim awaits an officer')
            assert.equal((await officer('POST', `/v1/accounts/${account.accountId}/verify`, {})).statusCode, 200)
            for (let i = 0; i < 2; i++)
              assert.equal((await officer('GET', `/v1/subjects/${subjectId}/file`)).statusCode, 200)

            // sign in: a wrong password first, said beside the form, the username kept
            await page.getByLabel(w.username).fill(username)
            await page.getByLabel(w.password).fill('not the password')
            await page.getByRole('button', { name: w.signIn }).click()
            assert.equal((await page.getByRole('alert').textContent())?.trim(), w.wrong)
            assert.equal(await page.getByLabel(w.username).inputValue(), username)
            await check()
            await page.getByLabel(w.password).fill(password)
            await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: w.signIn }).click()]).catch(
              explain,
            )
            await check() // in the language chosen before signing in

            // the file, its contents labelled; in each record and entry, every value starts at one edge
            const main = (await page.textContent('main')) ?? ''
            const edges = await page.$$eval('ul.plain > li', (items) =>
              items.map(
                (li) =>
                  new Set(
                    Array.from(li.querySelectorAll('dl.facts > dd')).map((dd) =>
                      Math.round(dd.getBoundingClientRect().left),
                    ),
                  ).size,
              ),
            )
            assert.ok(edges.length > 0 && edges.every((n) => n <= 1), `values aligned: ${edges.join(', ')} edges`)
            if (who === 'person' && width === 390 && lang === 'zh')
              await page.screenshot({ path: `${SCREENSHOTS}my-file-phone-zh.png`, fullPage: true })
            assert.match(main, w.looked, 'the two looks of the same day: one row, counted')
            if (who === 'person') {
              assert.ok(await page.getByText(w.accountNumber, { exact: true }).isVisible())
              assert.match(main, w.masked)
              assert.ok(await page.locator('caption', { hasText: w.grid }).isVisible(), 'the repayment grid')
              assert.equal(await page.getByText(w.repair).count(), 0, "a person's records are never public: no repair")
            } else {
              assert.ok(await page.getByRole('heading', { name: w.grade }).isVisible())
              assert.ok(await page.locator('.grade').isVisible(), 'the grade')
              assert.match(main, w.repairFrom)
            }

            // the printable file: the same words, nothing wrong on it either
            await page.getByRole('link', { name: w.printable }).click()
            await page.waitForURL(/\/me\/print$/)
            await check()
            assert.match((await page.textContent('main')) ?? '', who === 'person' ? w.masked : w.looked)
            await page.goBack()

            // object: the reasons left out first; the statement typed is kept, the mistake beside the field
            const record = page.locator('ul.plain > li').first()
            await record.locator('summary', { hasText: w.object }).click()
            await record.getByLabel(w.statement).fill('已于2026年5月20日全部结清。')
            await record.getByRole('button', { name: w.object }).click()
            await page.waitForSelector('.field-error')
            const refused = page.locator('details[open]')
            assert.equal(await refused.getByLabel(w.statement).inputValue(), '已于2026年5月20日全部结清。')
            assert.match((await refused.locator('.field.invalid').textContent()) ?? '', w.checkField)
            await check()
            await refused.getByLabel(w.reasons).fill('这笔贷款已经还清。')
            await Promise.all([
              page.waitForURL(/\/me\?filed=1/),
              refused.getByRole('button', { name: w.object }).click(),
            ]).catch(explain)
            assert.ok(await page.getByRole('status').isVisible())
            await check()

            // consent: the bank picked by its name, once, with the purpose in words
            await page.locator('summary', { hasText: w.consent }).click()
            const picker = page.getByLabel(w.institution)
            assert.equal(await picker.locator('optgroup').count(), 1, 'the bank shows once')
            const option = picker.locator('option').first()
            await picker.selectOption((await option.getAttribute('value')) ?? '')
            await page.getByLabel(w.until).fill('2026-12-31')
            await Promise.all([
              page.waitForURL(/\/me\?granted=1/),
              page.getByRole('button', { name: w.giveConsent, exact: true }).click(),
            ]).catch(explain)
            assert.ok(await page.getByRole('cell', { name: bankName, exact: true }).isVisible())
            await check()

            // repair: offered on the penalty past its minimum publication only
            if (who === 'organisation') {
              assert.equal(await page.locator('summary', { hasText: w.repair }).count(), 1)
              const open = page.locator('li', { has: page.locator('summary', { hasText: w.repair }) })
              await open.locator('summary', { hasText: w.repair }).click()
              await open.getByLabel(w.putRight).fill('罚款已于2026年3月15日全额缴纳。')
              await open.getByLabel(w.evidence, { exact: true }).fill('缴款凭证')
              await Promise.all([
                page.waitForURL(/\/me\?applied=1/),
                open.getByRole('button', { name: w.apply, exact: true }).click(),
              ]).catch(explain)
              await check()
            }
          } finally {
            await context.close()
          }
        })

  const CLAIM_WORDS = {
    zh: {
      document: /身份证件（PDF/,
      upload: '上传',
      given: '证件已收到',
      docLink: '身份证.pdf',
      reason: /理由（按原文告知申请人）/,
      note: /补充说明/,
      refuse: '驳回',
      verify: '已核对身份证件，核验',
      refused: '您的认领申请未获核验',
      because: '证件上的身份与申请认领的主体不一致。',
      look: '打开随认领您档案的账户申请提交的身份证件',
      mismatch: /PDF|文件|内容/,
    },
    en: {
      document: /An identity document/,
      upload: 'Upload',
      given: 'The document is in',
      docLink: '身份证.pdf',
      reason: /Reason \(the claimant is told it/,
      note: /Your own words/,
      refuse: 'Refuse',
      verify: 'Documents checked: verify',
      refused: 'Your claim was refused',
      because: 'The identity on the documents is not the subject claimed.',
      look: 'opened an identity document given with a claim to your file',
      mismatch: /PDF|document|content/i,
    },
  } as const
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF')
  const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40)])

  let claims = 0
  for (const [width, lang, outcome] of [
    [1280, 'zh', 'refused'],
    [390, 'zh', 'verified'],
    [1280, 'en', 'verified'],
    [390, 'en', 'refused'],
  ] as const)
    test(`a claim, ${width} px, ${lang}: register, give an identity document, the officer opens it and ${outcome === 'refused' ? 'refuses: the claimant reads why' : 'verifies: the subject sees the look'}`, async () => {
      const w = { ...WORDS[lang], ...CLAIM_WORDS[lang] }
      const n = ++claims
      // registrations from one address are throttled (the journeys above registered from it too): an hour on, the count has leaked away
      clock.set(new Date(clock.now().getTime() + 3_600_000).toISOString())
      const { subject } = await prepare('person')
      if (!('residentId' in subject)) throw new Error('a person')
      const username = `claim.${engine}.${n}`
      const password = 'a long enough passphrase'
      const officerName = `officer.claims.${engine}.${n}`
      const officerPassword = (
        await createStaffAccount(
          db(),
          { now: () => new Date('2026-06-01T02:00:00Z') },
          { type: 'operator', id: 'test' },
          { username: officerName, displayName: 'Officer', role: 'officer' },
        )
      ).password
      const context = await browser().newContext({ viewport: { width, height: 900 } })
      const desk = await browser().newContext({ viewport: { width, height: 900 }, acceptDownloads: true })
      const page = watched(await context.newPage())
      const officerPage = watched(await desk.newPage())
      const check = async (p: Page = page) => assert.deepEqual(await problemsOn(p, lang), [])
      const explain = (p: Page) => async (e: unknown) => {
        throw new Error(`${String(e)}; at ${p.url()}: ${(await p.textContent('main'))?.slice(0, 800)}`)
      }
      const signIn = async (p: Page, name: string, secret: string, landing: RegExp) => {
        await p.goto(`${base}/signin?lang=${lang}`)
        await p.getByLabel(w.username).fill(name)
        await p.getByLabel(w.password).fill(secret)
        await Promise.all([p.waitForURL(landing), p.getByRole('button', { name: w.signIn }).click()]).catch(explain(p))
      }
      try {
        await page.goto(`${base}/register?lang=${lang}`)
        await page.getByLabel(w.subjectName).fill(subject.name)
        await page.getByLabel(w.identifier).fill(subject.residentId)
        await page.getByLabel(w.username, { exact: true }).fill(username)
        await page.getByLabel(w.password, { exact: true }).fill(password)
        await Promise.all([
          page.waitForURL(/\/register\/done$/),
          page.getByRole('button', { name: w.register }).click(),
        ]).catch(explain(page))
        await signIn(page, username, password, /\/me$/)
        assert.match((await page.textContent('main')) ?? '', w.awaiting)
        await check()

        // a ZIP called a PDF first: refused beside the field, nothing stored; then the card
        await page
          .getByLabel(w.document)
          .setInputFiles({ name: '身份证.pdf', mimeType: 'application/pdf', buffer: zip })
        await page.getByRole('button', { name: w.upload, exact: true }).click()
        await page.waitForSelector('.field-error')
        assert.match((await page.locator('.field.invalid').textContent()) ?? '', w.mismatch)
        await check()
        await page
          .getByLabel(w.document)
          .setInputFiles({ name: '身份证.pdf', mimeType: 'application/pdf', buffer: pdf })
        await Promise.all([
          page.waitForURL(/\/me\?given=1$/),
          page.getByRole('button', { name: w.upload, exact: true }).click(),
        ]).catch(explain(page))
        assert.match((await page.getByRole('status').allTextContents()).join(' '), new RegExp(w.given))
        assert.equal(await page.getByText(w.docLink).count(), 1, 'the document is listed once')
        await check()

        // the officer: the claim's page, the document opened (saved as a PDF), then the decision
        const pending = JSON.parse((await officer('GET', '/v1/accounts/pending')).body) as {
          accountId: string
          username: string
        }[]
        const account = pending.find((a) => a.username === username)
        assert.ok(account, 'the claim awaits an officer')
        await signIn(officerPage, officerName, officerPassword, /\/officer/)
        await officerPage.goto(`${base}/officer/accounts/${account.accountId}`)
        await check(officerPage)
        if (outcome === 'refused' && width === 1280)
          await officerPage.screenshot({ path: `${SCREENSHOTS}officer-claim-zh.png`, fullPage: true })
        const [download] = await Promise.all([
          officerPage.waitForEvent('download'),
          officerPage.getByRole('link', { name: w.docLink }).click(),
        ])
        assert.match(download.suggestedFilename(), /^evidence-[0-9a-f-]{36}\.pdf$/)
        if (outcome === 'refused') {
          await officerPage.getByLabel(w.reason).selectOption('documents_do_not_match')
          await officerPage.getByLabel(w.note).fill('照片与本人不符，请携带原件到窗口办理。')
          await Promise.all([
            officerPage.waitForURL(/\/officer\/accounts\?refused=1$/),
            officerPage.getByRole('button', { name: w.refuse, exact: true }).click(),
          ]).catch(explain(officerPage))
        } else {
          await Promise.all([
            officerPage.waitForURL(/\/officer\/accounts$/),
            officerPage.getByRole('button', { name: w.verify, exact: true }).click(),
          ]).catch(explain(officerPage))
        }
        await check(officerPage)

        // the claimant sees the outcome
        await page.goto(`${base}/me`)
        const main = (await page.textContent('main')) ?? ''
        if (outcome === 'refused') {
          assert.ok(await page.getByRole('heading', { name: w.refused }).isVisible())
          assert.ok(main.includes(w.because), 'the reason in words')
          assert.ok(main.includes('照片与本人不符'), "the officer's words")
        } else {
          assert.ok(main.includes(w.look), "the officer's look at the document, set going by the claim")
        }
        await check()
      } finally {
        await context.close()
        await desk.close()
      }
    })
})
