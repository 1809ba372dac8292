import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { addRelyingParty } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { deliverWebhooks, issueOfficerKey, setWebhook, webhookSignature } from '../src/modules/sources/index.ts'
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

describeEachEngine('objections', (db) => {
  /** A company with a public record, its source, its subject account, an officer and a bank, on 1 Dec 2026 (China time). */
  async function setup() {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const app = await testApp(ctx)
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const company = { uscc: newUscc(), name: '福州鼓楼电子有限公司' }
    const input = organisationRecord(kind, { subject: company, decidedOn: '2026-11-20' })
    const stored = await submitRecord(ctx, source, { type: 'source', id: source.name }, input)
    const subject = await subjectAccount(ctx, company)
    const officer = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'objections officer'))
      .apiKey
    const bank = (
      await addRelyingParty(
        db(),
        ctx.clock,
        { type: 'operator', id: 'test' },
        {
          name: `proc-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
          displayName: '采购中心',
          partyType: 'procurement_office',
          purposes: ['public_procurement_check'],
        },
      )
    ).apiKey
    const call = async (
      method: 'GET' | 'POST',
      url: string,
      as: 'subject' | 'officer' | 'source' | 'bank' | 'public',
      payload?: unknown,
    ) => {
      const headers: Record<string, string> =
        as === 'subject'
          ? await subject.headers()
          : as === 'public'
            ? {}
            : { authorization: `Bearer ${{ officer, source: source.apiKey, bank }[as]}` }
      const res = await app.inject({
        method,
        url,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      })
      return { status: res.statusCode, body: JSON.parse(res.body) as Json }
    }
    /** How the record shows in each view: its standing, or null where it is not shown. */
    const views = async () => {
      const find = (categories: Json[]) =>
        categories.flatMap((c: Json) => c.records as Json[]).find((r) => r.recordId === stored.recordId)
      const pub = (await call('GET', `/v1/public/subjects/${stored.subjectId}`, 'public')).body.records.find(
        (r: Json) => r.recordId === stored.recordId,
      )
      const report = find(
        (await call('GET', `/v1/reports/${stored.subjectId}?purpose=public_procurement_check`, 'bank')).body.categories,
      )
      const src = find((await call('GET', `/v1/subjects/${stored.subjectId}/file`, 'source')).body.categories)
      const off = find((await call('GET', `/v1/subjects/${stored.subjectId}/file`, 'officer')).body.categories)
      const own = find((await call('GET', '/v1/me/file', 'subject')).body.categories)
      return {
        public: pub ? (pub.underObjection ? 'under_objection' : 'current') : null,
        report: report?.standing ?? null,
        source: src?.standing ?? null,
        officer: off?.standing ?? null,
        subject: own?.standing ?? null,
        statement: pub?.statement ?? null,
      }
    }
    return { ctx, app, kind, source, company, input, stored, subject, call, views }
  }

  test('an unanswered objection marks the record at once and suppresses it exactly at its deadline, until the source answers', async () => {
    const { ctx, app, stored, call, views } = await setup()
    assert.deepEqual(await views(), {
      public: 'current',
      report: 'current',
      source: 'current',
      officer: 'current',
      subject: 'current',
      statement: null,
    })

    const filed = await call('POST', '/v1/me/objections', 'subject', {
      recordId: stored.recordId,
      reasons: '处罚决定已被复议撤销。',
      evidence: [{ description: '行政复议决定书', sha256: 'a'.repeat(64) }],
      statement: '该处罚已于复议中撤销。',
    })
    assert.equal(filed.status, 201, JSON.stringify(filed.body))
    assert.equal(filed.body.dueOn, '2026-12-21')
    assert.deepEqual(await views(), {
      public: 'under_objection',
      report: 'under_objection',
      source: 'under_objection',
      officer: 'under_objection',
      subject: 'under_objection',
      statement: '该处罚已于复议中撤销。',
    })

    const queue = await call('GET', '/v1/sources/me/objections', 'source')
    assert.deepEqual(
      queue.body.objections.map((o: Json) => [o.objectionId, o.reasons, o.target.sourceRecordId]),
      [
        [
          filed.body.objectionId,
          '处罚决定已被复议撤销。',
          stored.recordId && queue.body.objections[0].target.sourceRecordId,
        ],
      ],
    )

    // 23:59:59 on 21 December in China: still due today, still shown
    ctx.clock.set('2026-12-21T15:59:59Z')
    assert.equal((await views()).public, 'under_objection')
    // midnight: overdue, suppressed from everyone but the subject and the officers
    ctx.clock.set('2026-12-21T16:00:00Z')
    assert.deepEqual(await views(), {
      public: null,
      report: null,
      source: null,
      officer: 'suppressed',
      subject: 'suppressed',
      statement: null,
    })
    const counts = (await call('GET', '/v1/objections?filter=overdue', 'officer')).body
    assert.equal(counts.counts.overdue, 1)
    assert.equal(counts.objections[0].objectionId, filed.body.objectionId)
    assert.equal(counts.objections[0].reasons, undefined, "the queue lists objections without the subject's words")

    // the pass tells the subject, once
    const first = await runMaintenance(ctx)
    const second = await runMaintenance(ctx)
    assert.deepEqual([first.objectionsOverdue, second.objectionsOverdue], [1, 0])
    const notices = (await call('GET', '/v1/me/notices', 'subject')).body.notices.map((n: Json) => n.kind)
    assert.deepEqual(notices, ['objection.overdue', 'objection.filed'])

    // the source answers late: verified, and the record is shown again
    const answer = await call('POST', `/v1/sources/me/objections/${filed.body.objectionId}/answer`, 'source', {
      outcome: 'verified',
      explanation: '复议决定维持原处罚。',
    })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    assert.equal(answer.body.status, 'verified')
    assert.deepEqual(await views(), {
      public: 'current',
      report: 'current',
      source: 'current',
      officer: 'current',
      subject: 'current',
      statement: '该处罚已于复议中撤销。',
    })
    const again = await call('POST', `/v1/sources/me/objections/${filed.body.objectionId}/answer`, 'source', {
      outcome: 'withdrawn',
      explanation: 'x',
    })
    assert.deepEqual([again.status, again.body.code], [409, 'objection.decided'])

    const exported = await call('GET', '/v1/me/export', 'subject')
    assert.deepEqual(
      exported.body.objections.map((o: Json) => [o.status, o.reasons, o.statement]),
      [['verified', '处罚决定已被复议撤销。', '该处罚已于复议中撤销。']],
    )
    assert.deepEqual(
      exported.body.notices.map((n: Json) => n.kind),
      ['objection.answered', 'objection.overdue', 'objection.filed'],
    )
    const own = (await call('GET', '/v1/me/objections', 'subject')).body.objections[0]
    assert.deepEqual(
      own.history.map((h: Json) => h.action),
      ['objection.filed', 'objection.overdue', 'objection.answered'],
    )
    const events = (
      await sql<{
        action: string
        payload: Json
      }>`SELECT action, payload FROM audit_events WHERE object_id = ${filed.body.objectionId} ORDER BY seq`.execute(
        db().db,
      )
    ).rows
    assert.deepEqual(
      events.map((e) => e.action),
      ['objection.filed', 'objection.overdue', 'objection.answered'],
    )
    assert.ok(
      !JSON.stringify(events).includes('复议'),
      "the subject's and the source's words never reach the audit trail",
    )
    await app.close()
  })

  test('a correction answers with a new version, in one transaction, and the subject is told; a withdrawal hides the record from all but the subject and officers', async () => {
    const { stored, input, call, views, app } = await setup()
    const filed = (
      await call('POST', '/v1/me/objections', 'subject', { recordId: stored.recordId, reasons: '金额有误' })
    ).body
    const fields = { ...(input.fields as Json), summary: '更正后的事实认定。' }
    const unchanged = await call('POST', `/v1/sources/me/objections/${filed.objectionId}/answer`, 'source', {
      outcome: 'corrected',
      explanation: '已更正',
      record: input,
    })
    assert.deepEqual([unchanged.status, unchanged.body.code], [422, 'objection.correction_unchanged'])
    const other = await call('POST', `/v1/sources/me/objections/${filed.objectionId}/answer`, 'source', {
      outcome: 'corrected',
      explanation: '已更正',
      record: { ...input, sourceRecordId: 'OTHER-1', fields },
    })
    assert.deepEqual([other.status, other.body.code], [422, 'objection.correction_other_record'])
    const refused = (await call('GET', `/v1/subjects/${stored.subjectId}/file?history=true`, 'officer')).body
      .categories[0].records[0]
    assert.equal(refused.version, 1, 'a refused answer wrote nothing, not even the correction it came with')

    const corrected = await call('POST', `/v1/sources/me/objections/${filed.objectionId}/answer`, 'source', {
      outcome: 'corrected',
      explanation: '已更正',
      record: { ...input, fields },
    })
    assert.equal(corrected.status, 200, JSON.stringify(corrected.body))
    assert.deepEqual([corrected.body.status, corrected.body.answeredVersion], ['corrected', 2])
    const own = (await call('GET', '/v1/me/file', 'subject')).body.categories[0].records[0]
    assert.deepEqual(
      [own.version, own.fields.summary, own.history.map((h: Json) => h.version)],
      [2, '更正后的事实认定。', [1]],
    )
    assert.deepEqual(
      (await call('GET', '/v1/me/notices', 'subject')).body.notices.map((n: Json) => n.kind),
      ['objection.answered', 'record.corrected', 'objection.filed'],
    )

    const second = (
      await call('POST', '/v1/me/objections', 'subject', { recordId: stored.recordId, reasons: '仍然有误' })
    ).body
    const twice = await call('POST', '/v1/me/objections', 'subject', { recordId: stored.recordId, reasons: '再次' })
    assert.deepEqual([twice.status, twice.body.code], [409, 'objection.already_undecided'])
    await call('POST', `/v1/sources/me/objections/${second.objectionId}/answer`, 'source', {
      outcome: 'withdrawn',
      explanation: '撤回该记录',
    })
    assert.deepEqual(await views(), {
      public: null,
      report: null,
      source: null,
      officer: 'withdrawn',
      subject: 'withdrawn',
      statement: null,
    })
    const gone = await call('POST', '/v1/me/objections', 'subject', { recordId: stored.recordId, reasons: '?' })
    assert.deepEqual([gone.status, gone.body.code], [409, 'objection.item_withdrawn'])
    await app.close()
  })

  test('an officer files on behalf, escalates and decides; the queue counts what is due soon', async () => {
    const { ctx, stored, call, views, app } = await setup()
    const filed = await call('POST', `/v1/subjects/${stored.subjectId}/objections`, 'officer', {
      recordId: stored.recordId,
      reasons: '当事人到窗口提出异议',
    })
    assert.equal(filed.status, 201)
    assert.equal(filed.body.filedBy, 'officer')
    const early = await call('POST', `/v1/objections/${filed.body.objectionId}/decision`, 'officer', {
      outcome: 'upheld',
      reasons: '理由',
    })
    assert.deepEqual([early.status, early.body.code], [409, 'objection.not_escalated'])
    ctx.clock.set('2026-12-18T02:00:00Z')
    const queue = (await call('GET', '/v1/objections?filter=due_soon&withinDays=5', 'officer')).body
    assert.deepEqual(queue.counts, { undecided: 1, overdue: 0, dueSoon: 1, escalated: 0 })
    assert.deepEqual(
      [queue.objections[0].subject.name, queue.objections[0].subject.subjectType],
      ['福州鼓楼电子有限公司', 'enterprise'],
      'the queue names whom each objection is about',
    )
    assert.equal(
      (
        await call('POST', `/v1/objections/${filed.body.objectionId}/escalate`, 'officer', {
          reason: '来源单位长期不答复',
        })
      ).body.status,
      'escalated',
    )
    assert.equal((await call('GET', '/v1/objections?filter=escalated', 'officer')).body.counts.escalated, 1)
    const decided = await call('POST', `/v1/objections/${filed.body.objectionId}/decision`, 'officer', {
      outcome: 'upheld',
      reasons: '处罚已撤销',
    })
    assert.deepEqual([decided.status, decided.body.status, decided.body.answeredVersion], [200, 'upheld', 1])
    const read = (await call('GET', `/v1/objections/${filed.body.objectionId}`, 'officer')).body
    assert.deepEqual(
      read.history.map((h: Json) => [h.action, h.actorType, h.actorName]),
      [
        ['objection.filed', 'officer', 'objections officer'],
        ['objection.escalated', 'officer', 'objections officer'],
        ['objection.decided', 'officer', 'objections officer'],
      ],
      "an officer reads who acted by name, not by the key's id",
    )
    assert.deepEqual(await views(), {
      public: null,
      report: null,
      source: null,
      officer: 'withdrawn',
      subject: 'withdrawn',
      statement: null,
    })
    assert.equal((await call('GET', '/v1/objections', 'officer')).body.counts.undecided, 0)
    await app.close()
  })

  test("bad input is refused with the field at fault and writes nothing; nobody objects to or answers for another's record", async () => {
    const { ctx, stored, call, app, kind, source } = await setup()
    const other = await submitRecord(
      ctx,
      source,
      { type: 'source', id: source.name },
      organisationRecord(kind, { decidedOn: '2026-11-21' }),
    )
    const before = (
      await sql<{
        n: number
      }>`SELECT (SELECT count(*) FROM objections) + (SELECT count(*) FROM audit_events) AS n`.execute(db().db)
    ).rows[0]!.n
    const missing = await call('POST', '/v1/me/objections', 'subject', { recordId: stored.recordId })
    assert.deepEqual(
      [missing.status, missing.body.code, missing.body.errors[0].pointer],
      [400, 'request.invalid', '/body/reasons'],
    )
    const badHash = await call('POST', '/v1/me/objections', 'subject', {
      recordId: stored.recordId,
      reasons: 'x',
      evidence: [{ description: 'd', sha256: 'nothex' }],
    })
    assert.deepEqual([badHash.status, badHash.body.errors[0].pointer], [400, '/body/evidence/0/sha256'])
    // another company's record: not in this subject's file
    const foreign = await call('POST', '/v1/me/objections', 'subject', { recordId: other.recordId, reasons: 'x' })
    assert.deepEqual(
      [foreign.status, foreign.body.code, foreign.body.errors[0].pointer],
      [404, 'record.not_found', '/recordId'],
    )
    const after = (
      await sql<{
        n: number
      }>`SELECT (SELECT count(*) FROM objections) + (SELECT count(*) FROM audit_events) AS n`.execute(db().db)
    ).rows[0]!.n
    assert.equal(after, before)
    // another source cannot see or answer the objection
    const filed = (await call('POST', '/v1/me/objections', 'subject', { recordId: stored.recordId, reasons: 'x' })).body
    const stranger = await makeSource(ctx, [kind.code])
    const res = await app.inject({
      method: 'POST',
      url: `/v1/sources/me/objections/${filed.objectionId}/answer`,
      headers: { authorization: `Bearer ${stranger.apiKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ outcome: 'verified', explanation: 'x' }),
    })
    assert.deepEqual([res.statusCode, JSON.parse(res.body).code], [404, 'objection.not_found'])
    await app.close()
  })

  test('a source with a webhook gets a signed delivery for each new objection, retried until it answers 2xx', async () => {
    const { ctx, stored, call, app, source } = await setup()
    const received: { headers: IncomingMessage['headers']; body: string }[] = []
    let answer = 500
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8')
      })
      req.on('end', () => {
        received.push({ headers: req.headers, body })
        res.writeHead(answer).end()
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fides`
      const refused = await setWebhook(
        db(),
        ctx.clock,
        ctx.keys,
        { type: 'operator', id: 'test' },
        source.name,
        'http://example.com/hook',
      ).catch((e: Error & { code?: string }) => e.code)
      assert.equal(refused, 'source.webhook_invalid', 'plain http leaves this machine only as https')
      const { secret } = await setWebhook(db(), ctx.clock, ctx.keys, { type: 'operator', id: 'test' }, source.name, url)
      const filed = (await call('POST', '/v1/me/objections', 'subject', { recordId: stored.recordId, reasons: '错误' }))
        .body
      assert.deepEqual(await deliverWebhooks(db(), ctx.clock, ctx.keys), { delivered: 0, failed: 1 })
      assert.deepEqual(
        await deliverWebhooks(db(), ctx.clock, ctx.keys),
        { delivered: 0, failed: 0 },
        'a failed delivery waits before it is retried',
      )
      answer = 204
      ctx.clock.advance(61_000)
      assert.deepEqual(await deliverWebhooks(db(), ctx.clock, ctx.keys), { delivered: 1, failed: 0 })
      assert.equal(received.length, 2)
      const last = received[1]!
      const t = Number(/^t=(\d+),/.exec(String(last.headers['fides-signature']))![1])
      assert.equal(last.headers['fides-signature'], webhookSignature(secret!, t, last.body))
      const body = JSON.parse(last.body) as Json
      assert.deepEqual(
        [body.event, body.data.objectionId, body.data.recordId, body.data.dueOn],
        ['objection.filed', filed.objectionId, stored.recordId, '2026-12-21'],
      )
      assert.ok(!last.body.includes('错误'), "a webhook carries ids and dates, never the subject's words")
    } finally {
      server.close()
      await app.close()
    }
  })
})
