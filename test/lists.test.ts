import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { Database } from '../src/db/database.ts'
import { addDepartment } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { loadLists } from '../src/modules/lists/index.ts'
import { makeResidentId, seededRandom } from '../src/modules/identifiers/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newUscc,
  organisationRecord,
  recordsContext,
  subjectAccount,
  testApp,
} from './support/context.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const random = seededRandom(11)
let n = 0

describeEachEngine('red and black lists, measures and checks', (db) => {
  async function setup(env: Record<string, string> = {}) {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const app = await testApp(ctx, env)
    const lists = await loadLists(new Set(ctx.catalogue.kinds.keys()), {
      listCatalogue: 'catalogue/lists.json',
      holidays: 'catalogue/holidays.json',
    })
    const maintain = () => runMaintenance({ ...ctx, lists: { ...lists, keys: ctx.keys } })
    const defaulterKind = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const court = await makeSource(
      ctx,
      [defaulterKind.code, 'court_judgment_enforcement'],
      'court',
      '福州市中级人民法院',
    )
    const company = { uscc: newUscc(), name: `福州第${++n}号贸易有限公司` }
    const basis = await submitRecord(
      ctx,
      court,
      { type: 'source', id: court.name },
      organisationRecord(defaulterKind, { subject: company, decidedOn: '2026-11-10' }),
    )
    const account = await subjectAccount(ctx, company)
    const officer = (
      await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, '王科长 (credit officer)')
    ).apiKey
    const dept = async (domains: string[]) =>
      (
        await addDepartment(
          db(),
          ctx.clock,
          { type: 'operator', id: 'test' },
          { name: `dept-${process.pid}-${++n}`, displayName: `部门${n}`, domains },
        )
      ).apiKey
    const call = async (method: 'GET' | 'POST', url: string, as: string | 'subject' | 'public', payload?: unknown) => {
      const headers: Record<string, string> =
        as === 'subject' ? await account.headers() : as === 'public' ? {} : { authorization: `Bearer ${as}` }
      const res = await app.inject({
        method,
        url,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      })
      return { status: res.statusCode, body: JSON.parse(res.body) as Json }
    }
    const propose = () =>
      call('POST', '/v1/lists/entries', officer, {
        subjectId: basis.subjectId,
        listKind: 'judgment_defaulters',
        criterion: 'able_to_pay_but_refuses',
        basisRecordId: basis.recordId,
        reasons: '判决确定的义务逾期未履行',
      })
    return { ctx, app, court, company, basis, account, officer, dept, call, propose, maintain }
  }

  test('due process to a listing; a department sees the measure only in its domain and inside the term; every check is shown to the subject', async () => {
    const { ctx, app, basis, officer, dept, call, propose, maintain } = await setup()
    const proposed = await propose()
    assert.equal(proposed.status, 201, JSON.stringify(proposed.body))
    const id = proposed.body.entryId as string
    const early = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'listed',
      reasons: '拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
    assert.deepEqual([early.status, early.body.code], [409, 'list.refused'], 'no decision before notice')
    const noticed = await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    assert.deepEqual([noticed.body.status, noticed.body.objectionWindowEndsOn], ['noticed', '2026-12-31'])
    const notice = (await call('GET', '/v1/me/notices', 'subject')).body.notices[0]
    assert.equal(notice.kind, 'list_entry.noticed')
    assert.match(notice.body.legalBasis.zh, /失信被执行人名单/)
    assert.match(notice.body.howToObject.en, /objection/)
    assert.match(notice.body.howToObject.zh, /提出异议/, 'the notice in both languages')
    assert.equal(notice.body.reasons, '判决确定的义务逾期未履行', 'the subject is told why it is proposed')
    const bare = await call('POST', `/v1/lists/entries/${id}/hearing`, officer, {})
    assert.deepEqual([bare.status, bare.body.errors[0].pointer], [400, '/body/reasons'], 'no step without its reasons')
    ctx.clock.set('2026-12-30T15:59:59Z') // the last second of 30 December in China: the window is still open
    const inWindow = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'listed',
      reasons: '拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
    assert.deepEqual([inWindow.status, inWindow.body.errors[0].detail], [409, 'window_open'])
    ctx.clock.set('2026-12-30T16:00:00Z')
    const listed = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'listed',
      reasons: '有履行能力而拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
    assert.equal(listed.status, 200, JSON.stringify(listed.body))
    assert.deepEqual(
      [listed.body.status, listed.body.startsOn, listed.body.endsOn, listed.body.decidedBy, listed.body.inForce],
      ['active', '2026-12-31', '2028-12-31', '王科长 (credit officer)', true],
    )

    const consumption = await dept(['high_consumption'])
    const procurement = await dept(['public_procurement'])
    const check = await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=high_consumption`, consumption)
    assert.equal(check.status, 200, JSON.stringify(check.body))
    assert.equal(check.body.applies, true)
    assert.deepEqual(
      check.body.measures.map((m: Json) => [m.measure, m.listEntry.entryId, m.listEntry.endsOn, m.appliesUntil]),
      [['high_consumption_restriction', id, '2028-12-31', '2028-12-30']],
    )
    assert.match(check.body.measures[0].legalProvision.zh, /限制被执行人高消费/)
    const items = check.body.measures[0].items.map((x: Json) => x.code) as string[]
    assert.deepEqual(
      [items.length, items.includes('high_speed_rail_seats'), items.includes('private_school_fees_for_children')],
      [8, true, false],
      "the items of art. 3 restricted, never the one on the debtor's children",
    )
    const byUscc = await call(
      'GET',
      `/v1/checks?subject=${await setupUscc(db(), basis.subjectId)}&domain=high_consumption`,
      consumption,
    )
    assert.equal(byUscc.body.applies, true, 'an organisation can be named by its USCC')
    // a judgment defaulter is not excluded from procurement by this catalogue: no measure in that domain
    assert.equal(
      (await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=public_procurement`, procurement)).body.applies,
      false,
    )
    const outside = await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=public_procurement`, consumption)
    assert.deepEqual([outside.status, outside.body.code], [403, 'check.domain_not_registered'])
    const inquiries = ((await call('GET', '/v1/me/inquiries', 'subject')).body as unknown as Json[]).filter(
      (q: Json) => q.byType === 'department',
    )
    assert.equal(
      inquiries.length,
      3,
      'every check is an inquiry the subject sees, whatever it found (a refused one looked at nothing)',
    )

    const exported = (await call('GET', '/v1/me/export', 'subject')).body
    assert.deepEqual(
      exported.listEntries.map((e: Json) => [e.entryId, e.status]),
      [[id, 'active']],
    )
    const pub = await call('GET', `/v1/public/subjects/${basis.subjectId}/list-entries`, 'public')
    assert.deepEqual(
      pub.body.entries.map((e: Json) => e.entryId),
      [id],
    )

    // the last day of the term, then the day it ends by itself
    ctx.clock.set('2028-12-30T15:59:59Z')
    assert.equal(
      (await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=high_consumption`, consumption)).body.applies,
      true,
    )
    ctx.clock.set('2028-12-30T16:00:00Z')
    assert.equal(
      (await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=high_consumption`, consumption)).body.applies,
      false,
      'not a day longer than the term, pass or no pass',
    )
    const pass = await maintain()
    assert.equal(pass.entriesExpired, 1)
    assert.equal((await maintain()).entriesExpired, 0)
    const ended = await call('GET', `/v1/lists/entries/${id}`, officer)
    assert.deepEqual([ended.body.status, ended.body.endedOn], ['expired', '2028-12-31'])
    assert.deepEqual(
      ended.body.steps.map((s: Json) => [s.step, s.by, s.reasons]),
      [
        ['propose', '王科长 (credit officer)', '判决确定的义务逾期未履行'],
        ['notify', '王科长 (credit officer)', '书面告知列入理由和依据'],
        ['decide', '王科长 (credit officer)', '有履行能力而拒不履行'],
      ],
    )
    assert.deepEqual(
      ended.body.history.map((h: Json) => h.event ?? h.action),
      ['list_entry.proposed', 'notify', 'decide', 'expire', 'list_entry.viewed'],
      'each step with its audit event, and this look',
    )
    const looked = ((await call('GET', '/v1/me/inquiries', 'subject')).body as unknown as Json[]).filter(
      (q: Json) => q.purpose.en === 'read a list entry about you' && q.purpose.zh === '查看关于您的名单条目',
    )
    assert.equal(looked.length, 1, 'and the subject sees that look')
    const stats = (await call('GET', '/v1/statistics', 'public')).body
    const row = stats.byListKind.find((k: Json) => k.listKind === 'judgment_defaulters')
    assert.deepEqual([row.proposed, row.listed, row.expired, row.active], [1, 1, 1, 0])
    assert.deepEqual(
      stats.byDecidingAgency.map((a: Json) => [a.decidingAgency, a.listed]),
      [['福州市中级人民法院', 1]],
    )
    // no eternal records: five years after it ended, the entry itself goes; its steps stay in the audit trail
    ctx.clock.set('2033-12-30T15:59:59Z')
    assert.equal((await maintain()).entriesErased, 0)
    ctx.clock.set('2033-12-30T16:00:00Z')
    assert.equal((await maintain()).entriesErased, 1)
    assert.equal((await call('GET', `/v1/lists/entries/${id}`, officer)).status, 404)
    const steps = (
      await sql<{ action: string }>`SELECT action FROM audit_events WHERE object_id = ${id} ORDER BY seq`.execute(
        db().db,
      )
    ).rows.map((r) => r.action)
    assert.deepEqual(
      steps,
      [
        'list_entry.proposed',
        'list_entry.changed',
        'list_entry.changed',
        'list_entry.changed',
        'list_entry.viewed',
        'list_entry.erased',
      ],
      "the officer's look at the ended entry is recorded too",
    )
    await app.close()
  })

  test("an entry's answer says which steps its state allows today, when the decision becomes possible, the agencies that may decide, and who acted by name", async () => {
    const { ctx, app, court, officer, call, propose } = await setup()
    const id = (await propose()).body.entryId as string
    const read = async () => (await call('GET', `/v1/lists/entries/${id}`, officer)).body
    const proposed = await read()
    assert.deepEqual([proposed.allowedSteps, proposed.nextPossibleOn], [['notify'], null])
    assert.ok(
      proposed.decidingAgencies.some((a: Json) => a.name === court.name && a.displayName === '福州市中级人民法院'),
      'the court whose kind of record the list rests on may decide',
    )
    assert.ok(proposed.decidingAgencies.every((a: Json) => typeof a.displayName === 'string' && a.displayName !== ''))
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    const noticed = await read()
    assert.deepEqual(
      [noticed.allowedSteps, noticed.nextPossibleOn],
      [[], '2026-12-31'],
      'no decision inside the objection window, and the day it becomes possible',
    )
    assert.deepEqual(
      noticed.history.map((h: Json) => [h.actorType, h.actorName]),
      [
        ['officer', '王科长 (credit officer)'],
        ['officer', '王科长 (credit officer)'],
        ['officer', '王科长 (credit officer)'],
        ['officer', '王科长 (credit officer)'],
      ],
      "each event names the officer, not the key's id",
    )
    assert.ok(!JSON.stringify(noticed.history).includes('actorId'))
    ctx.clock.set('2026-12-30T16:00:00Z')
    const due = await read()
    assert.deepEqual([due.allowedSteps, due.nextPossibleOn], [['decide'], null])
    await app.close()
  })

  test('the deciding agency is one the list allows, or the decision is refused (422, the field named) and nothing is written', async () => {
    const { ctx, app, court, officer, call, propose } = await setup()
    // a government authority not authorised for what the list rests on, and a lender authorised for it but no government body
    const tax = await makeSource(ctx, ['admin_penalty_general'], 'tax_bureau', '国家税务总局福州市税务局')
    const lender = await makeSource(ctx, ['court_judgment_enforcement'], 'lender', '闽江商业银行')
    const id = (await propose()).body.entryId as string
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2026-12-30T16:00:00Z')
    const before = (await call('GET', `/v1/lists/entries/${id}`, officer)).body
    const allowed = before.decidingAgencies.map((a: Json) => a.name)
    assert.ok(allowed.includes(court.name))
    assert.ok(!allowed.includes(tax.name) && !allowed.includes(lender.name), 'neither may decide')
    const decide = (decidingAgency: string) =>
      call('POST', `/v1/lists/entries/${id}/decision`, officer, {
        outcome: 'listed',
        reasons: '有履行能力而拒不履行',
        decidingAgency,
      })
    for (const named of [
      '国家税务总局福州市税务局',
      tax.name,
      '闽江商业银行',
      lender.name,
      '法院',
      '福州市中级人民法院（另一个）',
    ]) {
      const refused = await decide(named)
      assert.equal(refused.status, 422, `${named}: ${JSON.stringify(refused.body)}`)
      assert.equal(refused.body.code, 'list.agency_not_allowed')
      assert.deepEqual(
        refused.body.errors.map((e: Json) => e.pointer),
        ['/decidingAgency'],
      )
    }
    const after = (await call('GET', `/v1/lists/entries/${id}`, officer)).body
    assert.deepEqual(
      [after.status, after.decidingAgency, after.steps.length],
      [before.status, null, before.steps.length],
      'nothing written: the entry, its steps',
    )
    assert.equal(
      after.history.filter((h: Json) => h.action === 'list_entry.changed').length,
      before.history.filter((h: Json) => h.action === 'list_entry.changed').length,
      'and no audit event of a step',
    )
    // by its registered name: accepted, and the entry names it as people read it
    const listed = await decide(court.name)
    assert.equal(listed.status, 200, JSON.stringify(listed.body))
    assert.deepEqual([listed.body.status, listed.body.decidingAgency], ['active', '福州市中级人民法院'])
    await app.close()
  })

  test('a measure shorter than its entry stops on its own last day, and the inquiry records what the check found', async () => {
    // the shipped catalogue with the high-consumption restriction limited to one year, on an entry of two
    const shipped = JSON.parse(readFileSync('catalogue/lists.json', 'utf8')) as Json
    for (const m of shipped.measures) if (m.code === 'high_consumption_restriction') m.maxTerm = 'P1Y'
    // one measure type following two list kinds, each selection with its own term and department
    shipped.measures.push(
      {
        code: 'public_funding_restriction',
        listKind: 'seriously_untrustworthy',
        area: 'market_order',
        maxTerm: 'P6M',
        department: { zh: '甲部门', en: 'department A' },
      },
      {
        code: 'public_funding_restriction',
        listKind: 'judgment_defaulters',
        area: 'defiance_of_court_order',
        maxTerm: 'P18M',
        department: { zh: '乙部门', en: 'department B' },
      },
    )
    const file = join(mkdtempSync(join(tmpdir(), 'fides-lists-')), 'lists.json')
    // the same version with other rules is refused: changed rules need a new version, which is recorded
    writeFileSync(file, JSON.stringify(shipped))
    await assert.rejects(
      setup({ FIDES_LIST_CATALOGUE: file }),
      /list catalogue version .* was loaded with other content/,
    )
    shipped.listCatalogueVersion = `${String(shipped.listCatalogueVersion).split('.')[0]}.${100 + (process.pid % 800)}`
    writeFileSync(file, JSON.stringify(shipped))
    const { ctx, app, basis, officer, dept, call, propose } = await setup({ FIDES_LIST_CATALOGUE: file })
    const loaded = await sql<{
      payload: Json
    }>`SELECT payload FROM audit_events WHERE action = 'list_catalogue.loaded' ORDER BY seq`.execute(db().db)
    assert.ok(
      loaded.rows.some((e) => e.payload.listCatalogueVersion === shipped.listCatalogueVersion),
      'the new version is recorded with its event',
    )
    assert.equal(loaded.rows.filter((e) => e.payload.listCatalogueVersion === shipped.listCatalogueVersion).length, 1)
    const id = (await propose()).body.entryId as string
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2026-12-30T16:00:00Z')
    const listed = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'listed',
      reasons: '有履行能力而拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
    assert.deepEqual([listed.body.startsOn, listed.body.endsOn], ['2026-12-31', '2028-12-31'])
    const consumption = await dept(['high_consumption'])
    const check = async () =>
      (await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=high_consumption`, consumption)).body
    const inForce = await check()
    assert.deepEqual(
      inForce.measures.map((m: Json) => [m.measure, m.listEntry.endsOn, m.appliesUntil]),
      [['high_consumption_restriction', '2028-12-31', '2027-12-30']],
    )
    const funding = (
      await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=subsidies`, await dept(['subsidies']))
    ).body
    assert.deepEqual(
      funding.measures.map((m: Json) => [m.measure, m.department.en, m.appliesUntil, m.items]),
      [['public_funding_restriction', 'department B', '2028-06-29', []]],
      "the selection for the entry's own list kind",
    )
    ctx.clock.set('2027-12-30T15:59:59Z') // 30 December 2027 in China: the measure's last day
    assert.equal((await check()).applies, true)
    ctx.clock.set('2027-12-30T16:00:00Z')
    const after = await check()
    assert.deepEqual([after.applies, after.measures], [false, []], 'the entry is still in force, its measure is not')
    assert.equal((await call('GET', `/v1/lists/entries/${id}`, officer)).body.inForce, true)
    const events = (
      await sql<{
        payload: Json
      }>`SELECT payload FROM audit_events WHERE action = 'check.made' AND subject_id = ${basis.subjectId} ORDER BY seq`.execute(
        db().db,
      )
    ).rows
    assert.deepEqual(
      events.map((e) => [
        e.payload.applies,
        e.payload.entries,
        e.payload.domain,
        e.payload.department.startsWith('dept-'),
      ]),
      [
        [true, [id], 'high_consumption', true],
        [true, [id], 'subsidies', true],
        [true, [id], 'high_consumption', true],
        [false, [], 'high_consumption', true],
      ],
    )
    await app.close()
  })

  test('concurrent checks go in one batch, and each gets its own answer and its own inquiry', async () => {
    const { ctx, app, basis, officer, dept, call, propose } = await setup()
    const id = (await propose()).body.entryId as string
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2026-12-30T16:00:00Z')
    assert.equal(
      (
        await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
          outcome: 'listed',
          reasons: '有履行能力而拒不履行',
          decidingAgency: '福州市中级人民法院',
        })
      ).status,
      200,
    )
    const department = await dept(['high_consumption', 'public_procurement'])
    const others = Array.from(
      { length: 5 },
      (_, i) => `00000000-0000-8000-8000-${String(process.pid).padStart(6, '0')}${String(i).padStart(6, '0')}`,
    )
    const asked = Array.from({ length: 24 }, (_, i) => ({
      subject: i % 3 === 0 ? basis.subjectId : others[i % 5]!,
      domain: i % 2 === 0 ? 'high_consumption' : 'public_procurement',
    }))
    const answers = await Promise.all(
      asked.map((q) => call('GET', `/v1/checks?subject=${q.subject}&domain=${q.domain}`, department)),
    )
    answers.forEach((a, i) => {
      const q = asked[i]!
      assert.equal(a.status, 200)
      assert.deepEqual([a.body.subjectId, a.body.domain], [q.subject, q.domain])
      const expected = q.subject === basis.subjectId && q.domain === 'high_consumption'
      assert.equal(a.body.applies, expected, `check ${i}`)
      assert.deepEqual(
        a.body.measures.map((m: Json) => m.listEntry.entryId),
        expected ? [id] : [],
      )
    })
    const events = (
      await sql<{
        subject_id: string
        payload: Json
      }>`SELECT subject_id, payload FROM audit_events WHERE action = 'check.made' AND subject_id IN (${sql.join([basis.subjectId, ...others])}) ORDER BY seq`.execute(
        db().db,
      )
    ).rows
    const tally = (rows: { subject: string; domain: string; applies: boolean }[]) =>
      rows.map((r) => `${r.subject} ${r.domain} ${r.applies}`).sort()
    assert.deepEqual(
      tally(events.map((e) => ({ subject: e.subject_id, domain: e.payload.domain, applies: e.payload.applies }))),
      tally(asked.map((q) => ({ ...q, applies: q.subject === basis.subjectId && q.domain === 'high_consumption' }))),
      'one inquiry per check, with what that check found',
    )
    await app.close()
  })

  test('the subject is told whether an objection is open now and until when: only then is it accepted', async () => {
    const { ctx, app, officer, call, propose } = await setup()
    const id = (await propose()).body.entryId as string
    const own = async () =>
      (await call('GET', '/v1/me/list-entries', 'subject')).body.entries.find((e: Json) => e.entryId === id)
    const opening = async () => {
      const e = await own()
      return [e.objectionOpen, e.objectionOpenUntil]
    }
    assert.deepEqual(await opening(), [false, null], 'proposed: nothing to object to before notice')
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    assert.deepEqual(await opening(), [true, '2026-12-30'], 'the window ends on 31 December: the 30th is its last day')
    ctx.clock.set('2026-12-30T15:59:59Z')
    assert.deepEqual(await opening(), [true, '2026-12-30'])
    const objected = await call('POST', `/v1/me/list-entries/${id}/objection`, 'subject', { reasons: '已提供足额担保' })
    assert.equal(objected.status, 200, JSON.stringify(objected.body))
    assert.deepEqual(await opening(), [false, null], 'one objection at a time')
    await call('POST', `/v1/lists/entries/${id}/hearing`, officer, { reasons: '听取陈述和申辩' })
    ctx.clock.set('2026-12-30T16:00:00Z')
    const listed = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'listed',
      reasons: '有履行能力而拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
    assert.equal(listed.body.status, 'active', JSON.stringify(listed.body))
    assert.deepEqual(await opening(), [true, '2028-12-30'], 'in force: open while it is, the objection decided')
    const again = await call('POST', `/v1/me/list-entries/${id}/objection`, 'subject', { reasons: '已全部履行' })
    assert.equal(again.status, 200, JSON.stringify(again.body))
    assert.deepEqual(await opening(), [false, null])
    const refused = await call('POST', `/v1/me/list-entries/${id}/objection`, 'subject', { reasons: '再次异议' })
    assert.equal(refused.status, 409, 'what is said closed is refused')
    await app.close()
  })

  test('an objection inside the window is heard before any decision; a rejection upholds it', async () => {
    const { ctx, app, officer, call, propose, maintain } = await setup()
    const id = (await propose()).body.entryId as string
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2026-12-10T02:00:00Z')
    const objected = await call('POST', `/v1/me/list-entries/${id}/objection`, 'subject', {
      reasons: '已提供足额担保',
      evidence: [{ description: '担保书' }],
    })
    assert.equal(objected.status, 200, JSON.stringify(objected.body))
    assert.equal(objected.body.status, 'objection_filed')
    ctx.clock.set('2027-01-05T02:00:00Z')
    // past the window: the objection waits for its hearing, it is not an unanswered objection to a record
    assert.equal((await maintain()).objectionsOverdue, 0)
    assert.ok(
      !(await call('GET', '/v1/me/notices', 'subject')).body.notices.some((x: Json) => x.kind === 'objection.overdue'),
    )
    const unheard = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'listed',
      reasons: 'x',
      decidingAgency: '福州市中级人民法院',
    })
    assert.deepEqual([unheard.status, unheard.body.errors[0].detail], [409, 'objection_not_heard'])
    assert.equal(
      (await call('POST', `/v1/lists/entries/${id}/hearing`, officer, { reasons: '听取陈述和申辩' })).body.status,
      'heard',
    )
    const rejected = await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'rejected',
      reasons: '被执行人已提供充分有效担保',
      decidingAgency: '福州市中级人民法院',
    })
    assert.equal(rejected.body.status, 'rejected')
    const objection = (await call('GET', '/v1/me/objections', 'subject')).body.objections[0]
    assert.deepEqual([objection.target.type, objection.status], ['list_entry', 'upheld'])
    // counted in the month it was filed (10 December), and as upheld
    const { months, objections } = (await call('GET', '/v1/statistics', 'public')).body.byMonth
    assert.equal(months.at(-1), '2027-01')
    assert.ok(
      objections.filed[months.indexOf('2026-12')] >= 1 && objections.upheld[months.indexOf('2026-12')] >= 1,
      JSON.stringify(objections),
    )
    assert.equal(objections.filed[months.indexOf('2027-01')], 0)
    await app.close()
  })

  test('a person listed in force has no public entries (a person has no public file); the department still sees the measure', async () => {
    const { ctx, app, court, officer, dept, call } = await setup()
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const adult = { residentId: makeResidentId(random, { birthDate: '1980-04-01' }), name: '王强' }
    const record = await submitRecord(
      ctx,
      court,
      { type: 'source', id: court.name },
      organisationRecord(kind, { subject: adult, decidedOn: '2026-11-10' }),
    )
    const proposed = await call('POST', '/v1/lists/entries', officer, {
      subjectId: record.subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: record.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    assert.equal(proposed.status, 201, JSON.stringify(proposed.body))
    const id = proposed.body.entryId as string
    // the queue names whom each entry is about, a person only masked
    const queue = (await call('GET', '/v1/lists/entries?filter=open&limit=1000', officer)).body
    const queued = queue.entries.find((e: Json) => e.entryId === id)
    assert.equal(queued.subject.subjectType, 'person')
    assert.ok(queued.subject.name.startsWith('王') && queued.subject.name !== '王强', queued.subject.name)
    assert.match(queued.subject.residentIdMasked, /^\d{6}\*{8}[\dX]{4}$/)
    assert.ok(!JSON.stringify(queue).includes(adult.residentId) && !JSON.stringify(queue).includes('王强'))
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2026-12-30T16:00:00Z')
    assert.equal(
      (
        await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
          outcome: 'listed',
          reasons: '有履行能力而拒不履行',
          decidingAgency: '福州市中级人民法院',
        })
      ).body.inForce,
      true,
    )
    assert.deepEqual(
      (await call('GET', `/v1/public/subjects/${record.subjectId}/list-entries`, 'public')).body.entries,
      [],
    )
    assert.equal(
      (
        await call(
          'GET',
          `/v1/checks?subject=${record.subjectId}&domain=high_consumption`,
          await dept(['high_consumption']),
        )
      ).body.applies,
      true,
    )
    await app.close()
  })

  test('a minor is never proposed; a disputed or foreign record cannot ground an entry; bad input names the field', async () => {
    const { ctx, app, court, officer, call, basis } = await setup()
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const child = { residentId: makeResidentId(random, { birthDate: '2012-04-01' }), name: '小明' }
    const record = await submitRecord(
      ctx,
      court,
      { type: 'source', id: court.name },
      organisationRecord(kind, { subject: child, decidedOn: '2026-11-10' }),
    )
    const minor = await call('POST', '/v1/lists/entries', officer, {
      subjectId: record.subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: record.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    assert.deepEqual([minor.status, minor.body.errors[0].detail], [409, 'minor'])
    const foreign = await call('POST', '/v1/lists/entries', officer, {
      subjectId: basis.subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: record.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    assert.deepEqual([foreign.status, foreign.body.code], [404, 'record.not_found'])
    const criterion = await call('POST', '/v1/lists/entries', officer, {
      subjectId: basis.subjectId,
      listKind: 'abnormal_operations',
      criterion: 'annual_report_not_filed',
      basisRecordId: basis.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    assert.equal(
      criterion.body.errors[0].detail,
      'basis_not_accepted',
      'a court record does not ground an abnormal-operations entry',
    )
    await call('POST', '/v1/me/objections', 'subject', { recordId: basis.recordId, reasons: '判决已撤销' })
    const disputed = await call('POST', '/v1/lists/entries', officer, {
      subjectId: basis.subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: basis.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    assert.deepEqual(
      [disputed.status, disputed.body.code, disputed.body.errors[0].pointer],
      [409, 'list.basis_not_effective', '/basisRecordId'],
    )
    const unknown = await call('POST', '/v1/lists/entries', officer, {
      subjectId: basis.subjectId,
      listKind: 'social_credit_score',
      criterion: 'x',
      basisRecordId: basis.recordId,
      reasons: '判决确定的义务逾期未履行',
    })
    assert.deepEqual(
      [unknown.status, unknown.body.code, unknown.body.errors[0].pointer],
      [400, 'list.kind_unknown', '/listKind'],
    )
    const entries = (
      await sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM list_entries WHERE subject_id IN (${record.subjectId}, ${basis.subjectId})`.execute(
        db().db,
      )
    ).rows[0]!.n
    assert.equal(entries, 0)
    await app.close()
  })

  test('full performance: removal falls due within 3 working days, the queue flags it when overdue, statistics count the days', async () => {
    const { ctx, app, officer, call, propose } = await setup()
    const id = (await propose()).body.entryId as string
    await call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2026-12-31T02:00:00Z')
    await call('POST', `/v1/lists/entries/${id}/decision`, officer, {
      outcome: 'listed',
      reasons: 'x',
      decidingAgency: '福州市中级人民法院',
    })
    ctx.clock.set('2027-03-05T02:00:00Z') // a Friday
    const bogus = await call('POST', `/v1/me/list-entries/${id}/removal-condition`, 'subject', {
      condition: 'apologised',
    })
    assert.deepEqual([bogus.status, bogus.body.errors[0].detail], [409, 'unknown_condition'])
    const reported = await call('POST', `/v1/me/list-entries/${id}/removal-condition`, 'subject', {
      condition: 'full_performance',
    })
    assert.deepEqual(
      [reported.body.removal.reportedOn, reported.body.removal.dueOn, reported.body.removal.overdue],
      ['2027-03-05', '2027-03-10', false],
    )
    assert.equal((await call('GET', '/v1/lists/entries?filter=removal_due', officer)).body.counts.removalDue, 1)
    ctx.clock.set('2027-03-11T02:00:00Z')
    const queue = (await call('GET', '/v1/lists/entries?filter=removal_overdue', officer)).body
    assert.deepEqual(
      [queue.counts.removalOverdue, queue.entries[0].entryId, queue.entries[0].removal.overdue],
      [1, id, true],
    )
    const removed = await call('POST', `/v1/lists/entries/${id}/removal`, officer, { reasons: '已全部履行' })
    assert.deepEqual([removed.body.status, removed.body.endedOn], ['removed_early', '2027-03-11'])
    const stats = (await call('GET', '/v1/statistics', 'public')).body
    assert.deepEqual(stats.removalAfterPerformance, { removals: 1, medianDays: 6 })
    // month by month: the 24 months up to this one, every one of them present
    const { months, entries, repairs } = stats.byMonth
    assert.deepEqual([months.length, months[0], months.at(-1)], [24, '2025-04', '2027-03'])
    const defaulters = entries.filter(
      (e: Json) => e.listKind === 'judgment_defaulters' && e.decidingAgency === '福州市中级人民法院',
    )
    const total = (key: string, month: string) =>
      defaulters.reduce((n: number, e: Json) => n + e[key][months.indexOf(month)], 0)
    assert.equal(total('removed', '2027-03'), 1, 'removed early in March')
    assert.ok(total('listed', '2026-12') >= 1, 'listed in December')
    assert.equal(total('listed', '2027-03'), 0)
    assert.equal(repairs.applied.length, 24)
    await app.close()
  })
})

/** The USCC of an organisation subject (for the check by USCC). */
async function setupUscc(database: Database, subjectId: string): Promise<string> {
  return (
    await database.db
      .selectFrom('subjects')
      .select('uscc')
      .where('subject_id', '=', subjectId)
      .executeTakeFirstOrThrow()
  ).uscc!
}
