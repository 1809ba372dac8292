import { test } from 'node:test'
import { sql } from 'kysely'
import assert from 'node:assert/strict'
import { addDepartment } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
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

describeEachEngine('credit repair', (db) => {
  async function setup(start: string) {
    const ctx = await recordsContext(db(), start)
    const app = await testApp(ctx)
    const source = await makeSource(ctx, 'all', 'court', '福州市中级人民法院')
    const company = { uscc: newUscc(), name: `福州第${++n}号建设有限公司` }
    const account = await subjectAccount(ctx, company)
    const officer = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, '林科员')).apiKey
    const call = async (method: 'GET' | 'POST', url: string, as: string, payload?: unknown) => {
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
    const submit = (code: string, decidedOn: string) =>
      submitRecord(
        ctx,
        source,
        { type: 'source', id: source.name },
        organisationRecord(
          kindWhere(ctx.catalogue, (k) => k.code === code),
          { subject: company, decidedOn },
        ),
      )
    return { ctx, app, account, officer, call, submit }
  }
  const evidence = [{ description: '罚款缴纳凭证 receipt of the fine paid', sha256: 'b'.repeat(64) }]

  test('a repairable record, after its minimum publication: feedback in 10 working days, decision in 3, off the public page the day it is approved', async () => {
    const { ctx, app, officer, call, submit } = await setup('2026-06-10T02:00:00Z')
    const penalty = await submit('admin_penalty_general', '2026-06-01')
    const minor = await submit('admin_penalty_minor', '2026-06-05')
    ctx.clock.set('2026-08-15T02:00:00Z')
    const early = await call('POST', '/v1/me/repairs', 'subject', {
      recordId: penalty.recordId,
      statement: '已缴纳罚款并整改',
      evidence,
    })
    assert.deepEqual(
      [early.status, early.body.code, early.body.errors[0].detail],
      [409, 'repair.too_early', 'from 2026-09-01'],
    )
    const notRepairable = await call('POST', '/v1/me/repairs', 'subject', {
      recordId: minor.recordId,
      statement: '已整改',
      evidence,
    })
    assert.deepEqual([notRepairable.status, notRepairable.body.code], [409, 'repair.not_repairable'])

    ctx.clock.set('2026-12-01T02:00:00Z') // a Tuesday
    const applied = await call('POST', '/v1/me/repairs', 'subject', {
      recordId: penalty.recordId,
      statement: '已缴纳罚款并完成整改',
      evidence,
    })
    assert.equal(applied.status, 201, JSON.stringify(applied.body))
    assert.deepEqual([applied.body.status, applied.body.feedbackDueOn], ['submitted', '2026-12-15'])
    const twice = await call('POST', '/v1/me/repairs', 'subject', {
      recordId: penalty.recordId,
      statement: 'again',
      evidence,
    })
    assert.deepEqual([twice.status, twice.body.code], [409, 'repair.pending'])
    const id = applied.body.applicationId as string
    const tooSoon = await call('POST', `/v1/repairs/${id}/decision`, officer, { outcome: 'approved', reasons: 'x' })
    assert.deepEqual(
      [tooSoon.status, tooSoon.body.code],
      [409, 'repair.wrong_step'],
      'the decision follows the feedback',
    )

    ctx.clock.set('2026-12-16T02:00:00Z')
    const queue = (await call('GET', '/v1/repairs?filter=feedback_overdue', officer)).body
    assert.deepEqual(
      [queue.counts.feedbackOverdue, queue.applications[0].applicationId, queue.applications[0].overdue],
      [1, id, 'feedback'],
    )
    assert.equal(queue.applications[0].statement, '', 'the queue carries no words of the subject')
    assert.match(queue.applications[0].subject.name, /^福州第\d+号建设有限公司$/, 'but names whom it is about')
    const full = await call('GET', `/v1/repairs/${id}`, officer)
    assert.deepEqual([full.body.statement, full.body.evidence.length], ['已缴纳罚款并完成整改', 1])
    const looked = (
      await sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'repair.viewed' AND object_id = ${id}`.execute(
        db().db,
      )
    ).rows[0]!.n
    assert.equal(looked, 1, 'the look is recorded')
    const feedback = await call('POST', `/v1/repairs/${id}/feedback`, officer, { feedback: '材料齐全，已核实罚款缴清' })
    assert.deepEqual([feedback.body.status, feedback.body.decisionDueOn], ['feedback_given', '2026-12-21'])
    const shown = async () =>
      (await call('GET', `/v1/public/subjects/${penalty.subjectId}`, 'public')).body.records.map(
        (r: Json) => r.recordId,
      )
    assert.ok((await shown()).includes(penalty.recordId))
    const decided = await call('POST', `/v1/repairs/${id}/decision`, officer, {
      outcome: 'approved',
      reasons: '已纠正失信行为，满足最短公示期',
    })
    assert.deepEqual(
      [decided.body.status, decided.body.takenDownOn, decided.body.takeDownDueOn],
      ['approved', '2026-12-16', '2026-12-21'],
    )
    assert.ok(!(await shown()).includes(penalty.recordId), 'off the public page at once')
    const trail = (await call('GET', `/v1/repairs/${id}`, officer)).body.history.map((h: Json) => h.action)
    assert.deepEqual(
      trail,
      ['repair.applied', 'repair.viewed', 'repair.feedback', 'repair.decided', 'repair.viewed'],
      'every step and every look, with its event',
    )
    const own = (await call('GET', '/v1/me/file', 'subject')).body.categories
      .flatMap((c: Json) => c.records)
      .map((r: Json) => r.recordId)
    assert.ok(
      own.includes(penalty.recordId),
      "still in the subject's own file: repair ends publication, not the record",
    )
    const notices = (await call('GET', '/v1/me/notices', 'subject')).body.notices.map((x: Json) => x.kind)
    assert.deepEqual(notices.slice(0, 3), ['repair.decided', 'repair.feedback', 'repair.received'])
    const exported = (await call('GET', '/v1/me/export', 'subject')).body
    assert.deepEqual(
      exported.repairs.map((r: Json) => [r.applicationId, r.status]),
      [[id, 'approved']],
    )
    const again = await call('POST', '/v1/me/repairs', 'subject', {
      recordId: penalty.recordId,
      statement: 'again',
      evidence,
    })
    assert.deepEqual([again.status, again.body.errors[0].detail], [409, 'not published'])
    const stats = (await call('GET', '/v1/statistics', 'public')).body
    assert.ok(stats.repairs.approved >= 1)
    await app.close()
  })

  test('an approved repair of a list entry removes it: the measure no longer applies', async () => {
    const { ctx, app, officer, call, submit } = await setup('2026-12-01T02:00:00Z')
    const basis = await submit('judgment_defaulter', '2026-11-10')
    const entry = (
      await call('POST', '/v1/lists/entries', officer, {
        subjectId: basis.subjectId,
        listKind: 'judgment_defaulters',
        criterion: 'able_to_pay_but_refuses',
        basisRecordId: basis.recordId,
        reasons: '判决确定的义务逾期未履行',
      })
    ).body
    await call('POST', `/v1/lists/entries/${entry.entryId}/notice`, officer, { reasons: '书面告知列入理由和依据' })
    ctx.clock.set('2027-01-04T02:00:00Z')
    assert.equal(
      (
        await call('POST', `/v1/lists/entries/${entry.entryId}/decision`, officer, {
          outcome: 'listed',
          reasons: '拒不履行',
          decidingAgency: '福州市中级人民法院',
        })
      ).body.status,
      'active',
    )
    const dept = (
      await addDepartment(
        db(),
        ctx.clock,
        { type: 'operator', id: 'test' },
        { name: `repair-dept-${process.pid}-${n}`, displayName: '铁路', domains: ['high_consumption'] },
      )
    ).apiKey
    assert.equal(
      (await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=high_consumption`, dept)).body.applies,
      true,
    )
    ctx.clock.set('2027-02-01T02:00:00Z')
    const applied = await call('POST', '/v1/me/repairs', 'subject', {
      listEntryId: entry.entryId,
      statement: '已全部履行',
      evidence: [{ description: '执行法院出具的履行完毕证明' }],
    })
    assert.equal(applied.status, 201, JSON.stringify(applied.body))
    await call('POST', `/v1/repairs/${applied.body.applicationId}/feedback`, officer, { feedback: '已核实' })
    const decided = await call('POST', `/v1/repairs/${applied.body.applicationId}/decision`, officer, {
      outcome: 'approved',
      reasons: '已履行完毕',
    })
    assert.equal(decided.body.status, 'approved', JSON.stringify(decided.body))
    assert.equal((await call('GET', `/v1/lists/entries/${entry.entryId}`, officer)).body.status, 'removed_early')
    assert.equal(
      (await call('GET', `/v1/checks?subject=${basis.subjectId}&domain=high_consumption`, dept)).body.applies,
      false,
    )
    await app.close()
  })
})
