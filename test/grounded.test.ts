/**
 * Decisions stay grounded: a list entry's basis record must hold at every step, not only at proposal,
 * and an entry whose basis stops holding ends with it, in the same transaction; the same for a repair
 * approval and a rating's reasons.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { fileObjection } from '../src/modules/objections/index.ts'
import { DEFAULT_RATING_MODEL, loadRatingModel, ratingContextOf, recomputeAll } from '../src/modules/ratings/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { loadLists } from '../src/modules/lists/index.ts'
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
let n = 0

describeEachEngine('decisions stay grounded', (db) => {
  async function setup(start: string) {
    const ctx = await recordsContext(db(), start)
    const app = await testApp(ctx)
    const lists = await loadLists(new Set(ctx.catalogue.kinds.keys()), {
      listCatalogue: 'catalogue/lists.json',
      holidays: 'catalogue/holidays.json',
    })
    const maintain = () => runMaintenance({ ...ctx, lists: { ...lists, keys: ctx.keys } })
    const court = await makeSource(
      ctx,
      ['judgment_defaulter', 'court_judgment_enforcement'],
      'court',
      '福州市中级人民法院',
    )
    const regulator = await makeSource(ctx, ['admin_penalty_serious', 'admin_penalty_general'])
    const company = { uscc: newUscc(), name: `福州第${++n}号商贸有限公司` }
    const account = await subjectAccount(ctx, company)
    const officer = (
      await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, '陈科长 (credit officer)')
    ).apiKey
    const call = async (method: 'GET' | 'POST', url: string, as: string, payload?: unknown) => {
      const headers: Record<string, string> =
        as === 'subject' ? await account.headers() : { authorization: `Bearer ${as}` }
      const res = await app.inject({
        method,
        url,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      })
      return { status: res.statusCode, body: JSON.parse(res.body) as Json }
    }
    const record = async (source: typeof court, code: string, overrides: Record<string, unknown> = {}) => {
      const envelope = organisationRecord(
        kindWhere(ctx.catalogue, (k) => k.code === code),
        { subject: company, ...overrides },
      )
      return { envelope, ...(await submitRecord(ctx, source, { type: 'source', id: source.name }, envelope)) }
    }
    const defaulter = (overrides: Record<string, unknown> = {}) =>
      record(court, 'judgment_defaulter', { decidedOn: '2026-11-10', ...overrides })
    const propose = (basisRecordId: string, listKind = 'judgment_defaulters', criterion = 'able_to_pay_but_refuses') =>
      call('POST', '/v1/lists/entries', officer, {
        subjectId: basisSubject(),
        listKind,
        criterion,
        basisRecordId,
        reasons: '判决确定的义务逾期未履行',
      })
    let subjectId = ''
    const basisSubject = () => subjectId
    const notice = (id: string) =>
      call('POST', `/v1/lists/entries/${id}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    const decide = (id: string, outcome: 'listed' | 'rejected' = 'listed') =>
      call('POST', `/v1/lists/entries/${id}/decision`, officer, {
        outcome,
        reasons: '有履行能力而拒不履行',
        decidingAgency: '福州市中级人民法院',
      })
    /** what the entry wrote: its row, its audit events and its subject's notices */
    const footprint = async (id: string) => ({
      row: (
        await sql<Json>`SELECT status, decided_on::text AS decided_on, ended_on::text AS ended_on, updated_at FROM list_entries WHERE entry_id = ${id}`.execute(
          db().db,
        )
      ).rows[0],
      events: Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE object_id = ${id}`.execute(db().db))
          .rows[0]!.n,
      ),
      notices: Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM notices WHERE subject_id = ${subjectId}`.execute(db().db))
          .rows[0]!.n,
      ),
    })
    const withSubject = async <T extends { subjectId: string }>(p: Promise<T>) => {
      const r = await p
      subjectId = r.subjectId
      return r
    }
    return {
      ctx,
      app,
      court,
      regulator,
      company,
      account,
      officer,
      call,
      record,
      defaulter,
      propose,
      notice,
      decide,
      footprint,
      withSubject,
      maintain,
    }
  }

  /** The entry's `list_entry.changed` events, oldest first, with the id of the transaction that wrote each. */
  const changes = async (entryId: string) =>
    (
      await sql<{ actor_type: string; payload: Json; xid: string }>`
    SELECT actor_type, payload, xid::text AS xid FROM audit_events WHERE object_id = ${entryId} AND action = 'list_entry.changed' ORDER BY seq`.execute(
        db().db,
      )
    ).rows
  const xidOf = async (action: string, objectId: string) =>
    (
      await sql<{
        xid: string
      }>`SELECT xid::text AS xid FROM audit_events WHERE action = ${action} AND object_id = ${objectId} ORDER BY seq DESC LIMIT 1`.execute(
        db().db,
      )
    ).rows[0]!.xid

  test('objection → suppression: the decision is refused and writes nothing; once the source verifies the record it goes on', async () => {
    const { ctx, app, court, call, defaulter, propose, notice, decide, footprint, withSubject } =
      await setup('2026-12-01T02:00:00Z')
    const basis = await withSubject(defaulter())
    const id = (await propose(basis.recordId)).body.entryId as string
    assert.equal((await notice(id)).body.objectionWindowEndsOn, '2026-12-31')
    ctx.clock.set('2026-12-15T02:00:00Z')
    const objection = await call('POST', '/v1/me/objections', 'subject', {
      recordId: basis.recordId,
      reasons: '该判决已被再审撤销',
    })
    assert.equal(objection.body.dueOn, '2027-01-04')
    // the window is over, the record is under objection: a listing may not rest on a record being disputed
    ctx.clock.set('2026-12-31T02:00:00Z')
    const before = await footprint(id)
    const disputed = await decide(id)
    assert.deepEqual(
      [disputed.status, disputed.body.code, disputed.body.errors[0].detail],
      [409, 'list.basis_not_effective', 'under_objection'],
    )
    // the source is late: the record is suppressed, and the decision is refused the same way
    ctx.clock.set('2027-01-04T16:00:00Z')
    const suppressed = await decide(id)
    assert.deepEqual(
      [suppressed.status, suppressed.body.code, suppressed.body.errors[0].detail],
      [409, 'list.basis_not_effective', 'suppressed'],
    )
    assert.deepEqual(
      await footprint(id),
      before,
      'a refused decision writes nothing: not the entry, not an event, not a notice',
    )
    // the source answers that the record is right: the decision can be made
    const answered = await call(
      'POST',
      `/v1/sources/me/objections/${objection.body.objectionId}/answer`,
      court.apiKey,
      { outcome: 'verified', explanation: '经核实判决仍然有效' },
    )
    assert.equal(answered.status, 200, JSON.stringify(answered.body))
    const listed = await decide(id)
    assert.equal(listed.status, 200, JSON.stringify(listed.body))
    assert.deepEqual([listed.body.status, listed.body.startsOn], ['active', '2027-01-05'])
    await app.close()
  })

  test('a rejection rests on nothing: it can be given on a suppressed basis', async () => {
    const { ctx, app, call, defaulter, propose, notice, decide, withSubject } = await setup('2026-12-01T02:00:00Z')
    const basis = await withSubject(defaulter())
    const id = (await propose(basis.recordId)).body.entryId as string
    await notice(id)
    await call('POST', '/v1/me/objections', 'subject', { recordId: basis.recordId, reasons: '该判决已被再审撤销' })
    ctx.clock.set('2027-01-02T02:00:00Z')
    const rejected = await decide(id, 'rejected')
    assert.deepEqual([rejected.status, rejected.body.status], [200, 'rejected'])
    await app.close()
  })

  test('withdrawal → the entry in force is annulled with a notice and its audit event, in the transaction of the withdrawal; the objection against it lapses', async () => {
    const { ctx, app, court, account, call, defaulter, propose, notice, decide, withSubject } =
      await setup('2026-12-01T02:00:00Z')
    const basis = await withSubject(defaulter())
    const id = (await propose(basis.recordId)).body.entryId as string
    await notice(id)
    ctx.clock.set('2026-12-31T02:00:00Z')
    assert.equal((await decide(id)).body.inForce, true)
    ctx.clock.set('2027-01-08T02:00:00Z')
    const againstEntry = await call('POST', `/v1/me/list-entries/${id}/objection`, 'subject', {
      reasons: '已提供足额担保',
    })
    assert.equal(againstEntry.status, 200, JSON.stringify(againstEntry.body))
    const objection = await call('POST', '/v1/me/objections', 'subject', {
      recordId: basis.recordId,
      reasons: '该判决已被再审撤销',
    })
    ctx.clock.set('2027-01-12T02:00:00Z')
    const withdrawn = await call(
      'POST',
      `/v1/sources/me/objections/${objection.body.objectionId}/answer`,
      court.apiKey,
      { outcome: 'withdrawn', explanation: '判决已撤销，撤回该记录' },
    )
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body))

    const own = (await call('GET', '/v1/me/list-entries', 'subject')).body.entries.find((e: Json) => e.entryId === id)
    assert.deepEqual([own.status, own.endedOn, own.inForce], ['annulled', '2027-01-12', false])
    const ended = (await call('GET', '/v1/me/notices', 'subject')).body.notices.find(
      (x: Json) => x.kind === 'list_entry.ended',
    )
    assert.deepEqual(
      [ended.objectId, ended.body.how, ended.body.reason, ended.body.endedOn],
      [id, 'annulled', 'basis_withdrawn', '2027-01-12'],
    )
    const last = (await changes(id)).at(-1)!
    assert.deepEqual(
      [last.actor_type, last.payload],
      [
        'source',
        {
          entryId: id,
          listKind: 'judgment_defaulters',
          event: 'annul',
          status: 'annulled',
          on: '2027-01-12',
          reason: 'basis_withdrawn',
          set: { endedOn: '2027-01-12' },
        },
      ],
    )
    assert.equal(
      last.xid,
      await xidOf('objection.answered', objection.body.objectionId),
      'the entry ends in the transaction that withdrew its basis',
    )
    const entryObjection = (await call('GET', '/v1/me/objections', 'subject')).body.objections.find(
      (o: Json) => o.target.type === 'list_entry',
    )
    assert.equal(entryObjection.status, 'lapsed')
    const lapsed = (
      await sql<{
        payload: Json
      }>`SELECT payload FROM audit_events WHERE action = 'objection.lapsed' AND object_id = ${entryObjection.objectionId}`.execute(
        db().db,
      )
    ).rows
    assert.deepEqual(
      lapsed.map((e) => e.payload.reason),
      ['entry_ended'],
    )
    // the subject reads why in words, in its own language
    const page = await app.inject({ method: 'GET', url: '/me?lang=zh', headers: await account.headers() })
    assert.match(page.body, /所依据的信用记录已撤回，名单条目随之撤销/)
    assert.doesNotMatch(page.body, /basis_withdrawn/)
    // ended, it takes no further step
    const late = await call(
      'POST',
      `/v1/lists/entries/${id}/annulment`,
      (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, '另一名官员')).apiKey,
      { reasons: 'x' },
    )
    assert.deepEqual([late.status, late.body.errors[0].detail], [409, 'ended'])
    await app.close()
  })

  test('a correction on objection ends an entry not yet decided; a new version revoking the decision ends one in force; a revoked decision grounds nothing', async () => {
    const { ctx, app, regulator, call, record, propose, notice, decide, withSubject } =
      await setup('2026-12-01T02:00:00Z')
    const listKind = 'seriously_untrustworthy'
    const criterion = 'undermines_fair_competition'
    const first = await withSubject(record(regulator, 'admin_penalty_serious', { decidedOn: '2026-11-01' }))
    const second = await record(regulator, 'admin_penalty_serious', { decidedOn: '2026-10-01' })
    const pending = (await propose(first.recordId, listKind, criterion)).body.entryId as string
    await notice(pending)
    const inForce = (await propose(second.recordId, listKind, criterion)).body.entryId as string
    await notice(inForce)
    ctx.clock.set('2026-12-31T02:00:00Z')
    assert.equal((await decide(inForce)).body.status, 'active')

    // the source corrects the first record in answer to an objection: the facts relied on were wrong
    const objection = await call('POST', '/v1/me/objections', 'subject', {
      recordId: first.recordId,
      reasons: '罚款金额有误',
    })
    const corrected = { ...first.envelope, fields: { ...(first.envelope.fields as Json), summary: '更正后的违法事实' } }
    const answered = await call(
      'POST',
      `/v1/sources/me/objections/${objection.body.objectionId}/answer`,
      regulator.apiKey,
      { outcome: 'corrected', explanation: '已更正', record: corrected },
    )
    assert.equal(answered.status, 200, JSON.stringify(answered.body))
    const pendingNow = (await call('GET', '/v1/me/list-entries', 'subject')).body.entries.find(
      (e: Json) => e.entryId === pending,
    )
    assert.deepEqual([pendingNow.status, pendingNow.endedOn], ['annulled', '2026-12-31'])
    assert.equal((await changes(pending)).at(-1)!.payload.reason, 'basis_corrected')

    // the source sends a new version: the penalty decision was revoked on review
    ctx.clock.set('2027-02-01T02:00:00Z')
    await submitRecord(
      ctx,
      regulator,
      { type: 'source', id: regulator.name },
      { ...second.envelope, fields: { ...(second.envelope.fields as Json), decisionStatus: 'revoked' } },
    )
    const last = (await changes(inForce)).at(-1)!
    assert.deepEqual(
      [last.actor_type, last.payload.status, last.payload.reason, last.payload.on],
      ['source', 'annulled', 'basis_revoked', '2027-02-01'],
    )
    assert.equal(
      last.xid,
      await xidOf('record.versioned', second.recordId),
      'in the transaction that stored the new version',
    )
    const again = await propose(second.recordId, listKind, criterion)
    assert.deepEqual(
      [again.status, again.body.code, again.body.errors[0].pointer, again.body.errors[0].detail],
      [409, 'list.basis_not_effective', '/basisRecordId', 'decision_revoked'],
    )
    await app.close()
  })

  test('under concurrency: a decision racing a new version that revokes its basis never leaves an entry in force on a revoked record', async () => {
    const { ctx, app, regulator, record, propose, notice, decide, withSubject } = await setup('2026-12-01T02:00:00Z')
    const listKind = 'seriously_untrustworthy'
    const criterion = 'undermines_fair_competition'
    const rounds = 6
    const cases: { id: string; basis: Awaited<ReturnType<typeof record>> }[] = []
    for (let i = 0; i < rounds; i++) {
      const basis = await withSubject(record(regulator, 'admin_penalty_serious', { decidedOn: '2026-11-01' }))
      const id = (await propose(basis.recordId, listKind, criterion)).body.entryId as string
      await notice(id)
      cases.push({ id, basis })
    }
    ctx.clock.set('2026-12-31T02:00:00Z')
    // every decision and every revocation at once, the revocations started a little later round by round so that
    // both orders happen
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const outcomes = await Promise.all(
      cases.flatMap(({ id, basis }, i) => [
        decide(id).then((r) => r.status),
        later(i * 40)
          .then(() =>
            submitRecord(
              ctx,
              regulator,
              { type: 'source', id: regulator.name },
              { ...basis.envelope, fields: { ...(basis.envelope.fields as Json), decisionStatus: 'revoked' } },
            ),
          )
          .then((r) => r.status),
      ]),
    )
    for (const [i, { id }] of cases.entries()) {
      const [decided, stored] = [outcomes[2 * i], outcomes[2 * i + 1]]
      assert.equal(stored, 'versioned')
      assert.ok(decided === 200 || decided === 409, `decision answered ${decided}`)
      // whichever committed first, the entry does not stand on the revoked record
      const row = (
        await sql<{ status: string }>`SELECT status FROM list_entries WHERE entry_id = ${id}`.execute(db().db)
      ).rows[0]!
      assert.notEqual(row.status, 'active', `round ${i}: decision ${decided}`)
      if (decided === 200) assert.equal(row.status, 'annulled', 'decided first, then annulled by the revocation')
    }
    await app.close()
  })

  test("erasure by the maintenance pass ends the entry resting on the erased record, with its notice, in the erasure's transaction", async () => {
    const { ctx, app, call, defaulter, propose, notice, decide, withSubject, maintain } =
      await setup('2026-11-01T02:00:00Z')
    // kept five years from the end of the conduct: erased on 31 December 2026
    const basis = await withSubject(defaulter({ decidedOn: '2021-10-01', conductEndedOn: '2021-12-31' }))
    const id = (await propose(basis.recordId)).body.entryId as string
    await notice(id)
    ctx.clock.set('2026-12-01T02:00:00Z')
    assert.equal((await decide(id)).body.status, 'active')
    ctx.clock.set('2026-12-31T02:00:00Z')
    const pass = await maintain()
    assert.deepEqual([pass.erased >= 1, pass.entriesAnnulled], [true, 1])
    const own = (await call('GET', '/v1/me/list-entries', 'subject')).body.entries.find((e: Json) => e.entryId === id)
    assert.deepEqual([own.status, own.endedOn, own.inForce], ['annulled', '2026-12-31', false])
    const last = (await changes(id)).at(-1)!
    assert.deepEqual([last.actor_type, last.payload.reason], ['system', 'basis_erased'])
    assert.equal(last.xid, await xidOf('record.erased', basis.recordId))
    const ended = (await call('GET', '/v1/me/notices', 'subject')).body.notices.find(
      (x: Json) => x.kind === 'list_entry.ended',
    )
    assert.equal(ended.body.reason, 'basis_erased')
    assert.equal((await maintain()).entriesAnnulled, 0, 'a second pass changes nothing')
    await app.close()
  })

  test('a repair approval is refused on a suppressed record and writes nothing; a refusal can still be given', async () => {
    const { ctx, app, regulator, officer, call, record, withSubject } = await setup('2026-06-10T02:00:00Z')
    const penalty = await withSubject(record(regulator, 'admin_penalty_general', { decidedOn: '2026-06-01' }))
    ctx.clock.set('2026-09-02T02:00:00Z')
    const applied = await call('POST', '/v1/me/repairs', 'subject', {
      recordId: penalty.recordId,
      statement: '已缴纳罚款并完成整改',
      evidence: [{ description: '罚款缴纳凭证' }],
    })
    assert.equal(applied.status, 201, JSON.stringify(applied.body))
    const id = applied.body.applicationId as string
    assert.equal((await call('POST', `/v1/repairs/${id}/feedback`, officer, { feedback: '材料齐全' })).status, 200)
    const objection = await call('POST', '/v1/me/objections', 'subject', {
      recordId: penalty.recordId,
      reasons: '处罚决定有误',
    })
    assert.equal(objection.body.dueOn, '2026-09-22')
    ctx.clock.set('2026-09-22T16:00:00Z')
    const approved = await call('POST', `/v1/repairs/${id}/decision`, officer, {
      outcome: 'approved',
      reasons: '已纠正失信行为',
    })
    assert.deepEqual(
      [approved.status, approved.body.code, approved.body.errors[0].detail],
      [409, 'repair.not_repairable', 'suppressed'],
    )
    const stored = (
      await sql<{
        status: string
        taken_down: boolean
      }>`SELECT a.status, r.taken_down_at IS NOT NULL AS taken_down FROM repair_applications a
      JOIN records r ON r.subject_id = a.subject_id AND r.record_id = a.target_id WHERE a.application_id = ${id}`.execute(
        db().db,
      )
    ).rows[0]!
    assert.deepEqual([stored.status, stored.taken_down], ['feedback_given', false])
    const refused = await call('POST', `/v1/repairs/${id}/decision`, officer, {
      outcome: 'refused',
      reasons: '记录有未决异议，暂不批准',
    })
    assert.deepEqual([refused.status, refused.body.status], [200, 'refused'])
    await app.close()
  })

  test("a rating's reasons rest only on records in force: a withdrawn record stays out, a suppressed one is out until verified", async () => {
    const { ctx, app, regulator, call, record, withSubject } = await setup('2026-06-01T02:00:00Z')
    const rating = {
      ...ctx,
      rating: ratingContextOf(await loadRatingModel(DEFAULT_RATING_MODEL, new Set(ctx.catalogue.kinds.keys()))),
    }
    await record(regulator, 'admin_penalty_general', { decidedOn: '2022-01-01' }) // first known years ago: not a new organisation
    const withdrawn = await withSubject(record(regulator, 'admin_penalty_serious', { decidedOn: '2026-05-01' }))
    const suppressed = await record(regulator, 'admin_penalty_serious', { decidedOn: '2026-04-01' })
    const stored = async () =>
      (
        await sql<{
          score: string
          reasons: Json[]
        }>`SELECT score::text AS score, reasons FROM ratings WHERE subject_id = ${withdrawn.subjectId}`.execute(db().db)
      ).rows[0]!
    await recomputeAll(rating)
    const both = await stored()
    assert.equal(both.reasons[0]!.records, 2, 'two serious penalties cost points')
    const objectTo = (recordId: string) =>
      fileObjection(
        ctx,
        { type: 'subject', id: 'test' },
        withdrawn.subjectId,
        { recordId, reasons: '处罚决定已撤销' },
        { onBehalf: false },
      )
    const first = await objectTo(withdrawn.recordId)
    const second = await objectTo(suppressed.recordId)
    ctx.clock.set('2026-06-02T02:00:00Z')
    assert.equal(
      (
        await call('POST', `/v1/sources/me/objections/${first.objectionId}/answer`, regulator.apiKey, {
          outcome: 'withdrawn',
          explanation: '撤回',
        })
      ).status,
      200,
    )
    ctx.clock.set('2026-06-22T02:00:00Z') // the second objection is past its due day: suppressed
    await recomputeAll(rating)
    const neither = await stored()
    assert.equal(neither.score, '1000.0', 'neither the withdrawn nor the suppressed record counts')
    assert.ok(!neither.reasons.some((r) => r.points < 0), JSON.stringify(neither.reasons))
    assert.equal(
      (
        await call('POST', `/v1/sources/me/objections/${second.objectionId}/answer`, regulator.apiKey, {
          outcome: 'verified',
          explanation: '核实无误',
        })
      ).status,
      200,
    )
    await recomputeAll(rating)
    const one = await stored()
    assert.equal(one.reasons[0]!.records, 1, 'the verified record counts again; the withdrawn one never does')
    assert.ok(Number(one.score) < 1000 && Number(one.score) > Number(both.score))
    await app.close()
  })
})
