/**
 * The public visitor's journeys in a real Chromium, at a desk (1280 px) and on a phone (390 px), in
 * Chinese and English: search by a Chinese name, by pinyin and by USCC, page through results, read an
 * organisation's page and its printable report, browse the lists and the licences and penalties with a
 * filter, read a help page, see the statistics' charts with text that stays readable. Every page: no code
 * or wrong-language word (rawTextOnPage), no serious axe violation, nothing wider than the screen.
 * On the embedded database (the API under these pages is tested on both, test/public-browsing.test.ts).
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { makeUscc, seededRandom } from '../src/modules/identifiers/index.ts'
import { createTestDatabase, type TestDatabase } from './support/databases.ts'
import { kindWhere, makeSource, newUscc, organisationRecord, recordsContext, testApp } from './support/context.ts'
import { problemsOn, SCREENSHOTS, useChromium, watched, WIDTHS } from './support/browser.ts'

describe('the public visitor in a real Chromium', () => {
  const browser = useChromium()
  let database: TestDatabase
  let app: App
  let base: string
  const textile = {
    uscc: makeUscc(seededRandom(18), { registrationAuthority: '9', category: '1', divisionCode: '350182' }),
    name: '福州长乐纺织有限公司',
  }

  before(async () => {
    database = await createTestDatabase('pglite')
    const db = database.database
    const ctx = await recordsContext(db, '2026-12-01T02:00:00Z')
    app = await testApp(ctx)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const regulator = await makeSource(ctx, [licence.code, penalty.code])
    const court = await makeSource(ctx, [defaulter.code, 'court_judgment_enforcement'], 'court', '福州市中级人民法院')
    const as = (s: { name: string }) => ({ type: 'source', id: s.name }) as const
    await submitRecord(
      ctx,
      regulator,
      as(regulator),
      organisationRecord(penalty, { subject: textile, decidedOn: '2026-10-08' }),
    )
    await submitRecord(
      ctx,
      regulator,
      as(regulator),
      organisationRecord(licence, { subject: textile, decidedOn: '2026-09-01' }),
    )
    // 25 organisations named 闽江: more than a page of results
    for (let i = 0; i < 25; i++)
      await submitRecord(
        ctx,
        regulator,
        as(regulator),
        organisationRecord(licence, {
          subject: { uscc: newUscc(), name: `福建闽江${String(i).padStart(2, '0')}食品有限公司` },
          decidedOn: `2026-11-${String(i + 1).padStart(2, '0')}`,
        }),
      )
    // an organisation on the judgment defaulters' list, in force
    const officer = (await issueOfficerKey(db, ctx.clock, { type: 'operator', id: 'test' }, '王科长')).apiKey
    const call = async (url: string, payload: unknown) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      })
      assert.ok(res.statusCode < 300, res.body)
      return JSON.parse(res.body) as { entryId: string }
    }
    const basis = await submitRecord(
      ctx,
      court,
      as(court),
      organisationRecord(defaulter, { subject: textile, decidedOn: '2026-11-10' }),
    )
    const entry = await call('/v1/lists/entries', {
      subjectId: basis.subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: basis.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    await call(`/v1/lists/entries/${entry.entryId}/notice`, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2027-01-05T02:00:00Z')
    await call(`/v1/lists/entries/${entry.entryId}/decision`, {
      outcome: 'listed',
      reasons: '有履行能力而拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
  })
  after(async () => {
    await app?.close()
    await database?.drop()
  })

  for (const lang of ['zh', 'en'] as const)
    for (const width of ['desk', 'phone'] as const) {
      const words = {
        zh: {
          search: '查询',
          found25: '找到 25 个组织。',
          next: '下一页',
          page2: '第 2 页，共 2 页',
          print: '下载信用报告（PDF）',
          show: '筛选',
          grade: '信用等级',
        },
        en: {
          search: 'Search',
          found25: '25 organisations found.',
          next: 'Next page',
          page2: 'Page 2 of 2',
          print: 'Download the credit report (PDF)',
          show: 'Show',
          grade: 'Credit grade',
        },
      }[lang]

      test(`${lang}, ${width}: search by name, pinyin and USCC, page on, the organisation and its report`, async () => {
        const context = await browser().newContext({ viewport: WIDTHS[width] })
        const page = watched(await context.newPage())
        const clean = async (where: string) =>
          assert.deepEqual(await problemsOn(page, lang), [], `${lang} ${width} ${where}`)
        try {
          await page.goto(`${base}/?lang=${lang}`)
          await clean('the search page')
          // by a Chinese name
          await page.fill('#q', '长乐纺织')
          await page.click('form.search button')
          await page.waitForURL(`${base}/search`)
          await clean('results by name')
          assert.equal(await page.locator('ol.results li').count(), 1)
          // by pinyin, paged
          await page.fill('#q', 'minjiang')
          await page.click('form.search button')
          await page.waitForLoadState()
          assert.equal(await page.locator('p[role=status]').first().textContent(), words.found25)
          assert.equal(await page.locator('ol.results li').count(), 20)
          assert.doesNotMatch(page.url(), /minjiang/, 'the query is in no URL')
          await clean('results by pinyin')
          await page.getByRole('button', { name: words.next }).click()
          await page.waitForLoadState()
          assert.equal(await page.locator('ol.results li').count(), 5)
          assert.equal(await page.locator('nav.pager span').textContent(), words.page2)
          await clean('the second page')
          // by USCC, then the organisation
          await page.fill('#q', textile.uscc)
          await page.click('form.search button')
          await page.waitForLoadState()
          assert.equal(await page.locator('ol.results li').count(), 1)
          await page.getByRole('link', { name: textile.name }).click()
          await page.waitForURL(/\/org\/[0-9a-f-]{36}$/)
          assert.equal(await page.locator('h1').textContent(), textile.name)
          assert.equal(await page.locator('ul.records > li').count(), 3, 'the penalty, the licence and the judgment')
          assert.equal(await page.locator('section.entry').count(), 1, 'the list entry')
          await clean('the organisation page')
          await page.getByRole('link', { name: words.print }).click()
          await page.waitForURL(/\/print$/)
          assert.match(
            (await page.locator('article.report').textContent()) ?? '',
            lang === 'zh' ? /北京时间/ : /China time/,
          )
          await clean('the printable report')
          await page.emulateMedia({ media: 'print' })
          assert.equal(await page.locator('header nav').isVisible(), false, 'no navigation on paper')
        } finally {
          await context.close()
        }
      })

      test(`${lang}, ${width}: the lists and the licences and penalties with a filter, help, the statistics`, async () => {
        const context = await browser().newContext({ viewport: WIDTHS[width] })
        const page = watched(await context.newPage())
        const clean = async (where: string) =>
          assert.deepEqual(await problemsOn(page, lang), [], `${lang} ${width} ${where}`)
        try {
          await page.goto(`${base}/lists?lang=${lang}`)
          await clean('the lists')
          if (lang === 'zh' && width === 'phone')
            await page.screenshot({ path: `${SCREENSHOTS}lists-phone-zh.png`, fullPage: true })
          await page.selectOption('#region', '35')
          await page.getByRole('button', { name: words.show }).click()
          await page.waitForURL(/region=35/)
          assert.equal(await page.locator('ul.items > li').count(), 1)
          await clean('the lists, filtered')
          await page.selectOption('#region', '11')
          await page.getByRole('button', { name: words.show }).click()
          await page.waitForURL(/region=11/)
          assert.equal(await page.locator('ul.items > li').count(), 0)
          await page.goto(`${base}/publicity`)
          assert.equal(await page.locator('ul.items > li').count(), 20)
          await clean('the licences')
          await page.selectOption('#category', 'administrative_penalties')
          await page.getByRole('button', { name: words.show }).click()
          await page.waitForURL(/category=administrative_penalties/)
          assert.equal(await page.locator('ul.items > li').count(), 1)
          await clean('the penalties')
          await page.getByRole('link', { name: textile.name }).click()
          await page.waitForURL(/\/org\//)
          await page.goto(`${base}/help`)
          await clean('help')
          await page.locator('main nav a').first().click()
          await page.waitForURL(/\/help\/holds$/)
          await clean('a help topic')
          await page.goto(`${base}/help/charter`)
          await clean('the charter')
          await page.goto(`${base}/statistics`)
          await clean('the statistics')
          // the charts' text on screen: never shrunk to a few pixels
          const smallest = await page.evaluate(() =>
            Math.min(
              ...Array.from(document.querySelectorAll('svg.chart text')).map((t) => t.getBoundingClientRect().height),
            ),
          )
          assert.ok(smallest >= 10, `chart text ${smallest} px high`)
        } finally {
          await context.close()
        }
      })
    }
})
