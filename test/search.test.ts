import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql, type Kysely } from 'kysely'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import * as pinyinWords from '../src/db/migrations/0032-name-pinyin-words.ts'
import { searchStatements } from '../src/modules/subjects/subjects.repository.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  testApp,
} from './support/context.ts'

interface Found {
  results: { name: string; uscc: string; subjectType: string; grade: string | null }[]
  total: number
  totalCapped: boolean
  page: number
  more: boolean
}

describeEachEngine('public search of organisations by name or USCC', (db) => {
  let app: App
  const textile = { uscc: newUscc(), name: '福州长乐纺织有限公司' }
  const trading = { uscc: newUscc(), name: 'Xiamen Harbour Trading Co., Ltd.' }
  // characters read one way in these words and another elsewhere: 银行 háng, 重庆 chóng, 长沙 cháng
  const polyphonic = [
    '长沙银行股份有限公司',
    '重庆三峡银行股份有限公司',
    '湖南省长沙市重工机械有限公司',
    '银杏文化传媒有限公司',
  ]
  // 30 organisations named with 闽江: a common two characters, more than a page of them
  const minjiang = Array.from({ length: 30 }, (_, i) => ({
    uscc: newUscc(),
    name:
      i % 3 === 0
        ? `闽江${String(i).padStart(2, '0')}贸易有限公司`
        : `福建闽江${String(i).padStart(2, '0')}食品有限公司`,
  }))
  const found = async (q: string, limit?: number, page?: number): Promise<Found> => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/public/search',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ q, ...(limit ? { limit } : {}), ...(page ? { page } : {}) }),
    })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<Found>()
  }
  const search = async (q: string) => (await found(q)).results.map((r) => r.name)

  before(async () => {
    const ctx = await recordsContext(db())
    app = await testApp(ctx)
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [licence.code, loan.code])
    const actor = { type: 'source', id: source.name } as const
    for (const subject of [
      textile,
      trading,
      { uscc: newUscc(), name: '长乐纺织品进出口公司' },
      ...minjiang,
      ...polyphonic.map((name) => ({ uscc: newUscc(), name })),
    ])
      await submitRecord(ctx, source, actor, organisationRecord(licence, { subject }))
    await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(loan, { subject: { residentId: newResidentId(), name: '长乐纺' } }),
    )
  })

  test('part of a Chinese name finds it, prefix first; a person of that name never', async () => {
    assert.deepEqual(await search('长乐纺织'), ['长乐纺织品进出口公司', '福州长乐纺织有限公司'])
    assert.deepEqual(
      await search('长乐纺'),
      ['长乐纺织品进出口公司', '福州长乐纺织有限公司'],
      'the person 长乐纺 is not found',
    )
  })

  test('Latin names ignore case and forgive a typo; the USCC finds exactly one', async () => {
    assert.deepEqual(await search('harbour trad'), ['Xiamen Harbour Trading Co., Ltd.'])
    assert.deepEqual(await search('Xiamen Harbor Trading'), ['Xiamen Harbour Trading Co., Ltd.'])
    assert.deepEqual(await search(textile.uscc.toLowerCase()), ['福州长乐纺织有限公司'])
    assert.deepEqual(await search('%'), [], 'wildcards are literal')
  })

  test('a common query gets one page, best first in name order, and is told there is more', async () => {
    const page = await found('闽江')
    const prefixed = minjiang
      .filter((o) => o.name.startsWith('闽江'))
      .map((o) => o.name)
      .sort()
    const within = minjiang
      .filter((o) => !o.name.startsWith('闽江'))
      .map((o) => o.name)
      .sort()
    assert.deepEqual(
      page.results.map((r) => r.name),
      [...prefixed, ...within].slice(0, 20),
    )
    assert.equal(page.more, true)
    const all = await found('闽江', 50)
    assert.equal(all.results.length, 30)
    assert.equal(all.more, false)
    const exact = await found('闽江', 30)
    assert.equal(exact.more, false, 'exactly a page: nothing more')
    const short = await found('闽江', 29)
    assert.equal(short.more, true)
  })

  test('pinyin finds Chinese names: in full or initials, with or without spaces, tones or capitals; never a person', async () => {
    const both = ['长乐纺织品进出口公司', '福州长乐纺织有限公司']
    assert.deepEqual(
      await search('changle'),
      both,
      'starting with it first, then holding it (福州长乐: 州长 is not read as a word)',
    )
    assert.deepEqual(await search('Chánglè Fǎngzhī'), both)
    assert.deepEqual(await search('chang2le4'), both, 'tone numbers')
    assert.deepEqual(await search('CHANG LE FANG'), both)
    assert.deepEqual(await search('fzcl'), ['福州长乐纺织有限公司'], 'initials (长乐 cháng, not zhǎng)')
    assert.equal((await found('fjmj')).total, 20, 'initials: 福建闽江')
    assert.deepEqual(await search('fuzhou changle fangzhi'), ['福州长乐纺织有限公司'])
    assert.deepEqual(await search('changlefang'), both, 'the person 长乐纺 is not found by pinyin either')
    assert.deepEqual(
      await search('xiamen harbour'),
      ['Xiamen Harbour Trading Co., Ltd.'],
      'a Latin name by its letters',
    )
  })

  test('pinyin reads a character as its word reads it: 银行 yinhang, 重庆 chongqing, 长沙 changsha', async () => {
    assert.deepEqual(await search('yinhang'), ['长沙银行股份有限公司', '重庆三峡银行股份有限公司'])
    assert.deepEqual(await search('yinxing'), ['银杏文化传媒有限公司'], '银杏 is yinxing, 银行 never')
    assert.deepEqual(await search('chongqing'), ['重庆三峡银行股份有限公司'])
    assert.deepEqual(await search('zhongqing'), [])
    assert.deepEqual(await search('changsha'), ['长沙银行股份有限公司', '湖南省长沙市重工机械有限公司'])
    assert.deepEqual(await search('zhangsha'), [], '省长 is no word of a name')
    assert.deepEqual(await search('zhonggong'), ['湖南省长沙市重工机械有限公司'], '重工 is zhonggong')
    assert.deepEqual(await search('cqsx'), ['重庆三峡银行股份有限公司'], 'initials')
  })

  test('migration 0032 reads the names already registered again: a key of the old reading is recomputed', async () => {
    await sql`UPDATE subjects SET name_pinyin = 'changshayinhanggufenyouxiangongsi changshayinxinggufenyouxiangongsi',
      name_initials = 'csyhgfyxgs csyxgfyxgs' WHERE name = '长沙银行股份有限公司'`.execute(db().db)
    assert.ok((await search('yinxing')).includes('长沙银行股份有限公司'), 'the old reading found it by 银行 as yinxing')
    await pinyinWords.up(db().db as unknown as Kysely<unknown>)
    assert.deepEqual(await search('yinxing'), ['银杏文化传媒有限公司'])
    assert.deepEqual(await search('csyh'), ['长沙银行股份有限公司'])
  })

  test('results are counted and paged: each page in order, the count of all, the type and the grade of each', async () => {
    const first = await found('minjiang')
    assert.equal(first.total, 30)
    assert.equal(first.totalCapped, false)
    assert.equal(first.more, true)
    assert.equal(first.results.length, 20)
    const second = await found('minjiang', undefined, 2)
    assert.equal(second.page, 2)
    assert.equal(second.more, false)
    assert.equal(second.results.length, 10)
    const all = (await found('minjiang', 50)).results.map((r) => r.name)
    assert.deepEqual(
      [...first.results, ...second.results].map((r) => r.name),
      all,
      'the pages follow on',
    )
    assert.equal(new Set(all).size, 30)
    assert.ok(
      all.slice(0, 10).every((n) => n.startsWith('闽江')),
      'pinyin starting with it first',
    )
    const byName = await found('闽江', 10, 3)
    assert.deepEqual(
      byName.results.map((r) => r.name),
      (await found('闽江', 30)).results.slice(20).map((r) => r.name),
    )
    assert.equal(byName.total, 30)
    assert.ok(
      first.results.every((r) => r.subjectType === 'enterprise' && r.grade === null),
      'type, and no grade before a rating',
    )
    const beyond = await found('闽江', 20, 9)
    assert.deepEqual(beyond.results, [])
    assert.equal(beyond.more, false)
  })

  test('GET with the query in the URL still answers, the same way', async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/public/search?q=${encodeURIComponent('长乐纺织')}` })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json<Found>(), await found('长乐纺织'))
  })

  test("the portal's search form is posted, so what is typed stays out of URLs; an old link still searches text", async () => {
    const home = await app.inject({ method: 'GET', url: '/?lang=en' })
    assert.match(home.body, /<form class="search" role="search" action="\/search" method="post">/)
    const posted = await app.inject({
      method: 'POST',
      url: '/search',
      headers: { cookie: 'fides_lang=en', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ q: '闽江' }).toString(),
    })
    assert.equal(posted.statusCode, 200)
    assert.equal((posted.body.match(/<li><a href="\/org\//g) ?? []).length, 20)
    assert.match(posted.body, /30 organisations found\./)
    assert.match(posted.body, /Page 1 of 2/)
    assert.match(posted.body, /<input type="hidden" name="page" value="2"><button type="submit">Next page<\/button>/)
    assert.match(posted.body, /Enterprise · USCC/, "each result's type in words")
    const second = await app.inject({
      method: 'POST',
      url: '/search',
      headers: { cookie: 'fides_lang=zh', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ q: '闽江', page: '2' }).toString(),
    })
    assert.equal((second.body.match(/<li><a href="\/org\//g) ?? []).length, 10)
    assert.match(second.body, /第 2 页，共 2 页/)
    assert.match(second.body, /<ol class="results" start="21">/)
    assert.match(posted.body, /value="闽江"/, 'the form keeps what was typed')
    assert.doesNotMatch(posted.body, /q=/, 'no link carries the query')
    const linked = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('长乐纺织')}&lang=en` })
    assert.equal(linked.statusCode, 200)
    assert.match(linked.body, /福州长乐纺织有限公司/)
    for (const id of [newResidentId(), textile.uscc]) {
      const refused = await app.inject({ method: 'GET', url: `/search?q=${id}` })
      assert.equal(refused.statusCode, 303, 'an identifier in a URL is not searched')
      assert.equal(refused.headers.location, '/')
    }
    const byCode = await app.inject({
      method: 'POST',
      url: '/search',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ q: textile.uscc }).toString(),
    })
    assert.match(byCode.body, /福州长乐纺织有限公司/)
  })

  test('an empty or overlong query is a 400 with the field', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/public/search?q=' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /querystring\/q/)
    const long = await app.inject({
      method: 'POST',
      url: '/v1/public/search',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ q: 'x'.repeat(101) }),
    })
    assert.equal(long.statusCode, 400)
    assert.match(long.body, /"\/body\/q"/)
  })

  test("each step of the search can run in an index's order (migration 0027)", async () => {
    const plan = (statement: ReturnType<typeof sql>) =>
      db().transaction(async (tx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(tx.db)
        await sql`SET LOCAL enable_sort = off`.execute(tx.db)
        return (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${statement}`.execute(tx.db)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n')
      })
    assert.match(await plan(searchStatements.byUscc(textile.uscc)), /subjects_uscc/)
    const byName = await plan(searchStatements.byName('闽江%', '%闽江%', 2000, 21, 1000))
    assert.ok((byName.match(/Index Scan using subjects_name_order/g)?.length ?? 0) >= 2, byName)
    assert.equal(byName.match(/Sort Key/g)?.length, 1, `only the two pages are sorted together: ${byName}`)
    const byPinyin = await plan(searchStatements.byPinyin('minjiang', 21, 1000))
    assert.match(byPinyin, /subjects_pinyin_order/)
    assert.match(byPinyin, /subjects_initials_order/)
    assert.doesNotMatch(byPinyin, /Seq Scan/)
  })
})
