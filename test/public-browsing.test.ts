/**
 * The public's browsing of the lists and of licences and penalties (GET /v1/public/list-entries, GET
 * /v1/public/records): organisations only, what their public files show, newest first, by list, agency,
 * region and date, a page at a time; and the portal's pages over them.
 */
import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { makeUscc, seededRandom } from '../src/modules/identifiers/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, organisationRecord, recordsContext, testApp } from './support/context.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const random = seededRandom(18)
const usccIn = (divisionCode: string) => makeUscc(random, { registrationAuthority: '9', category: '1', divisionCode })

describeEachEngine('public browsing of the lists, licences and penalties', (db) => {
  let app: App
  let regulatorId: string
  let otherRegulatorId: string
  const fujian = { uscc: usccIn('350102'), name: '福州鼓楼商贸有限公司' }
  const beijing = { uscc: usccIn('110105'), name: '北京朝阳科技有限公司' }
  const listed = { uscc: usccIn('350203'), name: '厦门思明建设工程有限公司' }
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url })
    return { status: res.statusCode, body: JSON.parse(res.body) as Json }
  }

  before(async () => {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    app = await testApp(ctx)
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const regulator = await makeSource(ctx, [licence.code, penalty.code])
    const otherRegulator = await makeSource(ctx, [licence.code])
    regulatorId = regulator.sourceId
    otherRegulatorId = otherRegulator.sourceId
    const court = await makeSource(ctx, [defaulter.code, 'court_judgment_enforcement'], 'court', '厦门市中级人民法院')
    const as = (s: { name: string }) => ({ type: 'source', id: s.name }) as const
    // 24 licences in Fujian, one a day in November; one in Beijing by the other regulator; one too old to show
    for (let day = 1; day <= 24; day++)
      await submitRecord(
        ctx,
        regulator,
        as(regulator),
        organisationRecord(licence, {
          subject: day === 1 ? fujian : { uscc: usccIn('350102'), name: `福州第${day}号商贸有限公司` },
          decidedOn: `2026-11-${String(day).padStart(2, '0')}`,
        }),
      )
    await submitRecord(
      ctx,
      otherRegulator,
      as(otherRegulator),
      organisationRecord(licence, { subject: beijing, decidedOn: '2026-10-15' }),
    )
    await submitRecord(
      ctx,
      regulator,
      as(regulator),
      organisationRecord(licence, { subject: beijing, decidedOn: '2022-01-05' }),
    )
    await submitRecord(
      ctx,
      regulator,
      as(regulator),
      organisationRecord(penalty, { subject: beijing, decidedOn: '2026-09-01' }),
    )
    // an organisation and a person on the judgment defaulters' list: only the organisation is browsed
    const officer = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, '王科长')).apiKey
    const call = async (url: string, payload: unknown) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      })
      assert.ok(res.statusCode < 300, res.body)
      return JSON.parse(res.body) as Json
    }
    const entries: string[] = []
    for (const subject of [listed, { residentId: newResidentId(), name: '张三' }]) {
      const basis = await submitRecord(
        ctx,
        court,
        as(court),
        organisationRecord(defaulter, { subject, decidedOn: '2026-11-10' }),
      )
      const entry = await call('/v1/lists/entries', {
        subjectId: basis.subjectId,
        listKind: 'judgment_defaulters',
        criterion: 'able_to_pay_but_refuses',
        basisRecordId: basis.recordId,
        reasons: '判决确定的义务逾期未履行',
      })
      await call(`/v1/lists/entries/${entry.entryId}/notice`, { reasons: '书面告知列入理由和依据' })
      entries.push(entry.entryId as string)
    }
    ctx.clock.set('2027-01-05T02:00:00Z')
    for (const id of entries)
      await call(`/v1/lists/entries/${id}/decision`, {
        outcome: 'listed',
        reasons: '有履行能力而拒不履行',
        decidingAgency: '厦门市中级人民法院',
      })
  })

  test('licences: newest first, 20 a page, only what the public files show, with what there is to filter by', async () => {
    const first = await get('/v1/public/records?category=licensing')
    assert.equal(first.status, 200, JSON.stringify(first.body))
    assert.equal(first.body.records.length, 20)
    assert.equal(first.body.more, true)
    assert.equal(first.body.records[0].decidedOn, '2026-11-24')
    const second = await get('/v1/public/records?category=licensing&page=2')
    assert.deepEqual(
      second.body.records.map((r: Json) => r.decidedOn),
      ['2026-11-04', '2026-11-03', '2026-11-02', '2026-11-01', '2026-10-15'],
      'the licence of 2022 is past its display window',
    )
    assert.equal(second.body.more, false)
    const names = second.body.records.map((r: Json) => r.subject.name)
    assert.ok(names.includes(fujian.name) && names.includes(beijing.name))
    assert.deepEqual(first.body.agencies.map((a: Json) => a.sourceId).sort(), [regulatorId, otherRegulatorId].sort())
    assert.equal(first.body.records[0].kindName.zh.length > 0, true)
  })

  test('licences and penalties by agency, region and date', async () => {
    const byAgency = await get(`/v1/public/records?category=licensing&source=${otherRegulatorId}`)
    assert.deepEqual(
      byAgency.body.records.map((r: Json) => r.subject.name),
      [beijing.name],
    )
    const byRegion = await get('/v1/public/records?category=licensing&region=11')
    assert.deepEqual(
      byRegion.body.records.map((r: Json) => r.decidedOn),
      ['2026-10-15'],
    )
    const byDate = await get('/v1/public/records?category=licensing&from=2026-11-02&to=2026-11-03')
    assert.deepEqual(
      byDate.body.records.map((r: Json) => r.decidedOn),
      ['2026-11-03', '2026-11-02'],
    )
    const penalties = await get('/v1/public/records?category=administrative_penalties')
    assert.deepEqual(
      penalties.body.records.map((r: Json) => [r.subject.name, r.decidedOn]),
      [[beijing.name, '2026-09-01']],
    )
  })

  test('a malformed filter is a 400 naming the field', async () => {
    for (const [query, field] of [
      ['category=loans', 'category'],
      ['category=licensing&region=3', 'region'],
      ['category=licensing&from=2026-13-01', 'from'],
      ['category=licensing&page=0', 'page'],
    ] as const) {
      const res = await get(`/v1/public/records?${query}`)
      assert.equal(res.status, 400, query)
      assert.match(JSON.stringify(res.body.errors), new RegExp(`/querystring/${field}`), query)
    }
    const lists = await get('/v1/public/list-entries?listType=grey')
    assert.equal(lists.status, 400)
  })

  test('the lists: entries in force about organisations, never a person; by list, agency, region and date', async () => {
    const all = await get('/v1/public/list-entries')
    assert.equal(all.status, 200, JSON.stringify(all.body))
    assert.deepEqual(
      all.body.entries.map((e: Json) => [e.subject.name, e.listKind, e.decidingAgency, e.listType]),
      [[listed.name, 'judgment_defaulters', '厦门市中级人民法院', 'black']],
      'the person listed beside it is not shown',
    )
    assert.equal(all.body.entries[0].subject.uscc, listed.uscc)
    assert.deepEqual(all.body.agencies, ['厦门市中级人民法院'])
    assert.ok(all.body.listKinds.some((k: Json) => k.code === 'judgment_defaulters'))
    for (const [query, count] of [
      ['listType=black', 1],
      ['listType=red', 0],
      ['listKind=judgment_defaulters', 1],
      [`agency=${encodeURIComponent('厦门市中级人民法院')}`, 1],
      [`agency=${encodeURIComponent('福州市中级人民法院')}`, 0],
      ['region=35', 1],
      ['region=3502', 1],
      ['region=11', 0],
      ['from=2027-01-01', 1],
      ['to=2026-12-31', 0],
    ] as const) {
      const res = await get(`/v1/public/list-entries?${query}`)
      assert.equal(res.body.entries.length, count, query)
    }
  })

  test('the portal pages list them in words, link each to its organisation, and keep the filters', async () => {
    const lists = await app.inject({ method: 'GET', url: '/lists?lang=en&region=35' })
    assert.equal(lists.statusCode, 200)
    assert.match(lists.body, /<a href="\/org\/[0-9a-f-]{36}" translate="no">厦门思明建设工程有限公司<\/a>/)
    assert.match(lists.body, /<option value="35" selected>Fujian<\/option>/)
    assert.doesNotMatch(lists.body, /judgment_defaulters<|able_to_pay/, 'no code is shown')
    const publicity = await app.inject({ method: 'GET', url: '/publicity?category=licensing&lang=zh' })
    assert.equal(publicity.statusCode, 200)
    assert.match(publicity.body, /行政许可和行政处罚公示/)
    assert.match(publicity.body, /2026年11月24日/)
    assert.match(publicity.body, /href="\/publicity\?category=licensing&amp;page=2">下一页/)
    const bad = await app.inject({ method: 'GET', url: '/publicity?category=licensing&from=yesterday' })
    assert.equal(bad.statusCode, 200, 'a malformed date is left out, not sent on')
  })
})
