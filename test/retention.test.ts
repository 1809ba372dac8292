import { test } from 'node:test'
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { addDuration } from '../src/modules/catalogue/index.ts'
import { ingest, submitRecord } from '../src/modules/records/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { answerObjection, fileObjection } from '../src/modules/objections/index.ts'
import type { Database } from '../src/db/database.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  exampleFields,
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  subjectAccount,
  testApp,
} from './support/context.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const count = async (database: Database, query: ReturnType<typeof sql<{ n: number }>>) =>
  (await query.execute(database.db)).rows[0]!.n

/** Every row of every table, as text, that contains `marker`: the whole database is searched. */
async function rowsHolding(database: Database, marker: string): Promise<string[]> {
  const tables = (
    await sql<{
      t: string
    }>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(
      database.db,
    )
  ).rows.map((r) => r.t)
  const found: string[] = []
  for (const t of tables) {
    const n = await count(
      database,
      sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)} x WHERE x::text LIKE ${'%' + marker + '%'}`,
    )
    if (n > 0) found.push(`${t}: ${n}`)
  }
  return found
}

describeEachEngine('retention', (db) => {
  test('a record leaves public view on the last day of its window; the pass marks it taken down once and tells the subject', async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    const app = await testApp(ctx)
    const minor = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_minor')
    // a judgment defaulter's listing is shown for P2Y and kept until 5 years after the debt is paid: still unpaid here
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    assert.equal(defaulter.retention.from, 'conduct_end')
    const source = await makeSource(ctx, [minor.code, defaulter.code], 'court')
    const company = { uscc: newUscc(), name: '福州台江商贸有限公司' }
    const stored = await submitRecord(
      ctx,
      source,
      { type: 'source', id: source.name },
      organisationRecord(minor, { subject: company, decidedOn: '2026-05-31' }),
    )
    const listed = await submitRecord(
      ctx,
      source,
      { type: 'source', id: source.name },
      organisationRecord(defaulter, { subject: company, decidedOn: '2024-08-31' }),
    )
    const account = await subjectAccount(ctx, company)
    const shown = async () =>
      (JSON.parse((await app.inject({ method: 'GET', url: `/v1/public/subjects/${stored.subjectId}` })).body) as Json)
        .records.length as number

    ctx.clock.set('2026-08-30T15:59:59Z') // 23:59:59 on 30 August in China: the window (P3M from 31 May) ends on 31 August
    assert.equal(await shown(), 2)
    assert.equal((await runMaintenance(ctx)).takenDown, 0, 'not due before the window has ended')
    ctx.clock.set('2026-08-30T16:00:00Z')
    assert.equal(await shown(), 0, 'the view applies the window itself, pass or no pass')
    const first = await runMaintenance(ctx)
    assert.deepEqual(
      [first.takenDown, first.erased],
      [2, 0],
      "both, although the defaulter's conduct has no end date yet",
    )
    const events = await count(db(), sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`)
    const second = await runMaintenance(ctx)
    assert.deepEqual([second.takenDown, second.erased, second.candidates], [0, 0, 0])
    assert.equal(
      await count(db(), sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`),
      events,
      'a second pass changes nothing',
    )
    const event = (
      await sql<{
        payload: Json
      }>`SELECT payload FROM audit_events WHERE action = 'record.taken_down' AND object_id = ${stored.recordId}`.execute(
        db().db,
      )
    ).rows
    assert.deepEqual(
      event.map((e) => [e.payload.kind, e.payload.decidedOn, e.payload.displayWindow]),
      [[minor.code, '2026-05-31', 'P3M']],
    )
    assert.equal(
      await count(
        db(),
        sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM records WHERE record_id = ${listed.recordId} AND taken_down_at IS NOT NULL AND erased_at IS NULL`,
      ),
      1,
    )
    const notices = JSON.parse(
      (await app.inject({ method: 'GET', url: '/v1/me/notices', headers: await account.headers() })).body,
    ) as Json
    assert.deepEqual(
      notices.notices.map((n: Json) => n.kind),
      ['record.taken_down', 'record.taken_down'],
    )
    // still in the subject's own file, with its content: take-down is not erasure
    const own = (
      JSON.parse(
        (await app.inject({ method: 'GET', url: '/v1/me/file', headers: await account.headers() })).body,
      ) as Json
    ).categories.flatMap((c: Json) => c.records)
    assert.deepEqual(
      own.map((r: Json) => r.standing),
      ['current', 'current'],
    )
    // each record with its window and its erasure day: the defaulter's conduct has not ended, so its erasure counts from the decision (the backstop)
    const minorKept = minor.retention.from === 'decision' ? addDuration('2026-05-31', minor.retention.period) : null
    assert.deepEqual(
      own.map((r: Json) => [r.kind, r.publicUntil, r.keptUntil]).sort(),
      [
        [defaulter.code, '2026-08-31', '2029-08-31'],
        [minor.code, '2026-08-31', minorKept],
      ].sort(),
    )
    assert.ok(own.every((r: Json) => Object.keys(r.fields).length > 0))
    await app.close()
  })

  test('erasure 5 years after the conduct ended leaves a tombstone and nothing else; an objection during it cannot bring the content back', async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    const app = await testApp(ctx)
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'court_judgment_enforcement')
    const source = await makeSource(ctx, [kind.code], 'court')
    const actor = { type: 'source', id: source.name } as const
    const person = { residentId: newResidentId(), name: '林晓' }
    const marker = '（2021）闽0102民初99917号'
    const input = organisationRecord(kind, {
      subject: person,
      decidedOn: '2021-11-20',
      conductEndedOn: '2021-12-15',
      fields: { ...exampleFields(kind), caseNumber: marker },
    })
    const v1 = await submitRecord(ctx, source, actor, input)
    const v2 = await submitRecord(ctx, source, actor, {
      ...input,
      fields: { ...(input.fields as Json), performedAmount: 200000 },
    })
    assert.equal(v2.version, 2)
    const account = await subjectAccount(ctx, person)
    const ownFile = async () =>
      (
        JSON.parse(
          (await app.inject({ method: 'GET', url: '/v1/me/file', headers: await account.headers() })).body,
        ) as Json
      ).categories[0].records[0] as Json

    ctx.clock.set('2026-12-10T02:00:00Z')
    const objection = await fileObjection(
      ctx,
      { type: 'subject', id: 'test' },
      v1.subjectId,
      { recordId: v1.recordId, reasons: `${marker} 已履行完毕`, statement: `本人已于2021年履行 ${marker}` },
      { onBehalf: false },
    )
    ctx.clock.set('2026-12-14T15:59:59Z') // the last second of 14 December in China: still kept
    assert.equal((await ownFile()).fields.caseNumber, marker)
    ctx.clock.set('2026-12-14T16:00:00Z') // 15 December: five years after the conduct ended
    const due = await ownFile()
    assert.deepEqual(
      [due.publicUntil, due.keptUntil],
      [null, '2026-12-15'],
      "a person's record is never public; erased five years after the conduct ended",
    )
    assert.deepEqual(
      [due.standing, due.fields, due.statement, due.objection],
      ['erased', {}, undefined, undefined],
      'due is gone from every view before the pass runs',
    )

    // the source answers with a correction: refused, the record is gone
    const principal = {
      sourceId: source.sourceId,
      name: source.name,
      isGovernment: source.isGovernment,
      allowedKinds: source.allowedKinds,
    }
    await assert.rejects(
      answerObjection(ctx, principal, actor, objection.objectionId, {
        outcome: 'corrected',
        explanation: 'x',
        record: { ...input, fields: { ...(input.fields as Json), performedAmount: 386500 } },
      }),
      { code: 'objection.item_erased' },
    )
    await assert.rejects(submitRecord(ctx, source, actor, input), { code: 'record.retention_expired' })

    // other people's records, not due, so that the table spans several blocks
    await ingest(
      ctx,
      source,
      actor,
      Array.from({ length: 80 }, (_, i) => ({
        line: i + 1,
        input: organisationRecord(kind, {
          subject: { residentId: newResidentId(), name: '王芳' },
          decidedOn: '2026-11-01',
          conductEndedOn: '2026-11-30',
        }),
      })),
    )
    // a run of one block per transaction: the pass walks the table in many runs and still does each thing once
    const pass = await runMaintenance(ctx, { batchSize: 1 })
    assert.ok(pass.ranges > 1, `${pass.ranges} runs`)
    assert.deepEqual([pass.erased, pass.lapsed], [1, 1])
    assert.deepEqual(
      await rowsHolding(db(), marker),
      [],
      'the content, the reasons and the statement are nowhere in the database',
    )
    assert.deepEqual(await rowsHolding(db(), '已履行'), [])
    const rows = (
      await sql<{ version: number; fields: Json; erased: boolean; decided_on: string; hash: string }>`
      SELECT version, fields, erased_at IS NOT NULL AS erased, decided_on::text AS decided_on, encode(content_hash, 'hex') AS hash FROM records WHERE record_id = ${v1.recordId} ORDER BY version`.execute(
        db().db,
      )
    ).rows
    assert.deepEqual(
      rows.map((r) => [r.version, r.fields, r.erased, r.decided_on]),
      [
        [1, {}, true, '2021-11-20'],
        [2, {}, true, '2021-11-20'],
      ],
    )
    const tombstone = (
      await sql<{
        payload: Json
      }>`SELECT payload FROM audit_events WHERE action = 'record.erased' AND object_id = ${v1.recordId}`.execute(
        db().db,
      )
    ).rows[0]!.payload
    assert.deepEqual(
      tombstone.versions.map((v: Json) => [v.version, v.decidedOn, v.conductEndedOn, v.contentHash]),
      rows.map((r) => [r.version, '2021-11-20', '2021-12-15', r.hash]),
    )
    const after = await ownFile()
    assert.deepEqual(
      [after.standing, after.fields, after.contentHash, after.history.map((h: Json) => h.fields)],
      ['erased', {}, rows[1]!.hash, [{}]],
    )
    const lapsed = (
      await sql<{
        status: string
      }>`SELECT status FROM objections WHERE objection_id = ${objection.objectionId}`.execute(db().db)
    ).rows[0]!
    assert.equal(lapsed.status, 'lapsed')
    await assert.rejects(
      fileObjection(
        ctx,
        { type: 'subject', id: 'test' },
        v1.subjectId,
        { recordId: v1.recordId, reasons: 'again' },
        { onBehalf: false },
      ),
      { code: 'objection.item_erased' },
    )

    const events = await count(db(), sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`)
    const second = await runMaintenance(ctx)
    assert.deepEqual([second.erased, second.lapsed, second.takenDown, second.candidates], [0, 0, 0, 0])
    assert.equal(await count(db(), sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`), events)
    await app.close()
  })

  test('a negative record counted from the end of the conduct with no end date is erased when its period has run from the decision (the backstop), not before; a licence in force is kept', async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    assert.deepEqual(defaulter.retention, { period: 'P5Y', from: 'conduct_end' })
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    assert.deepEqual([licence.retention.from, licence.polarity], ['conduct_end', 'neutral'])
    const source = await makeSource(ctx, [defaulter.code, licence.code], 'court')
    const actor = { type: 'source', id: source.name } as const
    const open = await submitRecord(ctx, source, actor, organisationRecord(defaulter, { decidedOn: '2024-08-31' }))
    // a licence in force has no end yet either, but it is no negative information: it stays while it runs
    const inForce = await submitRecord(ctx, source, actor, organisationRecord(licence, { decidedOn: '2024-08-31' }))
    const ended = await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(defaulter, { decidedOn: '2024-08-31', conductEndedOn: '2025-03-01' }),
    )
    const erased = async (recordId: string) =>
      count(
        db(),
        sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM records WHERE record_id = ${recordId} AND erased_at IS NOT NULL`,
      )
    ctx.clock.set('2029-08-30T15:59:59Z') // 23:59:59 on 30 August 2029 in China: the day before five years from the decision
    await runMaintenance(ctx)
    assert.deepEqual([await erased(open.recordId), await erased(ended.recordId)], [0, 0])
    ctx.clock.set('2029-08-30T16:00:00Z') // 31 August 2029 in China
    await runMaintenance(ctx)
    assert.deepEqual(
      [await erased(open.recordId), await erased(ended.recordId), await erased(inForce.recordId)],
      [1, 0, 0],
      'the open one by its backstop; the ended one counts from its end; the licence runs on',
    )
    ctx.clock.set('2030-02-28T16:00:00Z') // 1 March 2030 in China: five years after the conduct ended
    await runMaintenance(ctx)
    assert.equal(await erased(ended.recordId), 1)
  })

  test('an answer racing the erasure: whichever commits first, no content survives', async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'court_judgment_enforcement')
    const source = await makeSource(ctx, [kind.code], 'court')
    const actor = { type: 'source', id: source.name } as const
    const principal = {
      sourceId: source.sourceId,
      name: source.name,
      isGovernment: source.isGovernment,
      allowedKinds: source.allowedKinds,
    }
    const marker = '（2021）闽0103执55501号'
    const input = organisationRecord(kind, {
      subject: { residentId: newResidentId(), name: '黄磊' },
      decidedOn: '2021-11-01',
      conductEndedOn: '2021-11-30',
      fields: { ...exampleFields(kind), caseNumber: marker },
    })
    const stored = await submitRecord(ctx, source, actor, input)
    ctx.clock.set('2026-11-20T02:00:00Z')
    const objection = await fileObjection(
      ctx,
      { type: 'subject', id: 'test' },
      stored.subjectId,
      { recordId: stored.recordId, reasons: marker, statement: marker },
      { onBehalf: false },
    )
    ctx.clock.set('2026-11-30T02:00:00Z') // 30 November 2026: erasure due (conduct ended 30 Nov 2021)
    const [answer] = await Promise.allSettled([
      answerObjection(ctx, principal, actor, objection.objectionId, { outcome: 'verified', explanation: marker }),
      runMaintenance(ctx),
    ])
    assert.equal(answer.status, 'rejected', 'the record was due for erasure: there is nothing left to verify')
    await runMaintenance(ctx)
    assert.deepEqual(await rowsHolding(db(), marker), [])
  })

  test('records refuse every change but taking down and erasing, once', async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const stored = await submitRecord(ctx, source, { type: 'source', id: source.name }, organisationRecord(kind))
    const where = sql`WHERE subject_id = ${stored.subjectId} AND record_id = ${stored.recordId}`
    const refused = async (statement: ReturnType<typeof sql>) =>
      assert.rejects(statement.execute(db().db), /not allowed/)
    await refused(sql`UPDATE records SET fields = '{"x":1}'::jsonb ${where}`)
    await refused(sql`UPDATE records SET decided_on = '2020-01-01' ${where}`)
    await refused(sql`UPDATE records SET erased_at = now() ${where}`) // erasing without removing the content
    await refused(sql`DELETE FROM records ${where}`)
    await sql`UPDATE records SET taken_down_at = now() ${where}`.execute(db().db)
    await refused(sql`UPDATE records SET taken_down_at = NULL ${where}`)
    await sql`UPDATE records SET erased_at = now(), fields = '{}'::jsonb ${where}`.execute(db().db)
    await refused(sql`UPDATE records SET erased_at = NULL ${where}`)
    await refused(sql`UPDATE records SET fields = '{"back":true}'::jsonb ${where}`)
  })
})

test('fides maintain runs one pass and prints what it did; fides source webhook sets and removes a webhook', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fides-maintain-'))
  const env = { ...process.env, FIDES_LOG_LEVEL: 'silent', FIDES_DATA_DIR: join(dir, 'data'), FIDES_DEMO: 'false' }
  const fides = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], { encoding: 'utf8', env })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }
  try {
    assert.equal(
      fides('source', 'add', '--name', 'cli-court', '--type', 'court', '--kinds', 'court_judgment_enforcement').code,
      0,
    )
    const set = fides('source', 'webhook', '--name', 'cli-court', '--url', 'https://court.example.gov.cn/fides')
    assert.equal(set.code, 0, set.err)
    assert.match(set.out, /signing secret \(shown once, keep it safe\): whsec_\S+/)
    assert.equal(fides('source', 'webhook', '--name', 'cli-court', '--url', 'ftp://x').code, 1)
    assert.equal(fides('source', 'webhook', '--name', 'cli-court', '--remove').code, 0)
    const pass = fides('maintain', '--no-progress')
    assert.equal(pass.code, 0, pass.err)
    const report = JSON.parse(pass.out.trim()) as Record<string, number>
    assert.deepEqual([report.erased, report.takenDown, report.objectionsOverdue, report.lapsed], [0, 0, 0, 0])
    assert.equal(fides('maintain', '--batch-size', 'zero').code, 64)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
