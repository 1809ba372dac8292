import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { Database } from '../src/db/database.ts'
import { AppError } from '../src/platform/app-error.ts'
import { getCreditFile, ingest, submitRecord, type Rejection } from '../src/modules/records/index.ts'
import { usccCheckCharacter } from '../src/modules/identifiers/index.ts'
import type { Principal } from '../src/platform/principal.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  exampleFields,
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
} from './support/context.ts'

const actor = { type: 'source', id: 'test' } as const
const officer = { role: 'officer', keyId: 'test-officer', label: 'test' } as const satisfies Principal

async function count(db: Database, table: 'records' | 'subjects' | 'audit_events', where = sql`true`): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(db.db)
  return r.rows[0]!.n
}

/** A USCC whose format is right but whose check character is wrong. */
function withWrongCheck(code: string): string {
  const right = usccCheckCharacter(code.slice(0, 17))
  const wrong = right === '0' ? '1' : '0'
  return code.slice(0, 17) + wrong
}

describeEachEngine('record ingestion', (db) => {
  test('a record is stored with its subject and audit events, and reads back in the credit file', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const source = await makeSource(ctx, [kind.code])
    const input = organisationRecord(kind)
    const result = await submitRecord(ctx, source, actor, input)
    assert.equal(result.status, 'accepted')
    assert.equal(result.version, 1)
    const file = await getCreditFile(ctx, result.subjectId, { history: false, viewer: officer })
    assert.equal(file.subject.uscc, (input.subject as { uscc: string }).uscc)
    assert.equal(file.subject.subjectType, 'enterprise')
    assert.deepEqual(
      file.categories.map((c) => c.category),
      ['administrative_penalties'],
    )
    const stored = file.categories[0]!.records[0]!
    assert.equal(stored.kind, kind.code)
    assert.deepEqual(stored.fields, input.fields)
    assert.equal(stored.source.name, source.name)
    const events = await sql<{
      action: string
      subject_id: string
    }>`SELECT action, subject_id FROM audit_events WHERE subject_id = ${result.subjectId} ORDER BY seq`.execute(db().db)
    assert.deepEqual(
      events.rows.map((e) => e.action),
      ['subject.registered', 'record.accepted', 'subject.file_viewed'],
    )
  })

  test('the same content again is a no-op; other content is a new version that keeps the old one in history', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const source = await makeSource(ctx, [kind.code])
    const input = organisationRecord(kind)
    const first = await submitRecord(ctx, source, actor, input)
    const auditBefore = await count(db(), 'audit_events')
    const again = await submitRecord(ctx, source, actor, structuredClone(input))
    assert.equal(again.status, 'unchanged')
    assert.equal(again.recordId, first.recordId)
    assert.equal(await count(db(), 'audit_events'), auditBefore, 'a no-op writes no event')
    const changed = structuredClone(input)
    changed.decidedOn = '2026-03-03'
    const second = await submitRecord(ctx, source, actor, changed)
    assert.equal(second.status, 'versioned')
    assert.equal(second.version, 2)
    assert.equal(second.recordId, first.recordId)
    const current = await getCreditFile(ctx, first.subjectId, { history: false, viewer: officer })
    assert.equal(current.categories[0]!.records.length, 1)
    assert.equal(current.categories[0]!.records[0]!.decidedOn, '2026-03-03')
    const withHistory = await getCreditFile(ctx, first.subjectId, { history: true, viewer: officer })
    const record = withHistory.categories[0]!.records[0]!
    assert.equal(record.version, 2)
    assert.deepEqual(
      record.history?.map((h) => [h.version, h.decidedOn]),
      [[1, '2026-03-02']],
    )
  })

  test('refusals name a stable code and the field at fault, and write nothing', async () => {
    const ctx = await recordsContext(db())
    const penalty = kindWhere(
      ctx.catalogue,
      (k) => k.category === 'administrative_penalties' && k.severity === 'general',
    )
    const other = kindWhere(ctx.catalogue, (k) => k.code !== penalty.code && k.subjectTypes.includes('enterprise'))
    // not a government agency: a code failing its check character is refused, not kept for review
    const source = await makeSource(ctx, [penalty.code], 'lender')
    const before = await count(db(), 'records')
    const auditBefore = await count(db(), 'audit_events')
    const cases: [Record<string, unknown>, string, string][] = [
      [organisationRecord(penalty, { kind: 'social_behaviour_score' }), 'record.kind_not_in_catalogue', '/kind'],
      [organisationRecord(other), 'record.kind_not_authorised', '/kind'],
      [
        organisationRecord(penalty, { subject: { uscc: '91350100M000100Y4', name: 'x' } }),
        'subject.invalid_uscc',
        '/subject/uscc',
      ],
      [
        organisationRecord(penalty, { subject: { uscc: withWrongCheck(newUscc()), name: 'x' } }),
        'subject.invalid_uscc',
        '/subject/uscc',
      ],
      [
        organisationRecord(penalty, { fields: { ...exampleFields(penalty), unexpected: 1 } }),
        'record.invalid_fields',
        '/fields',
      ],
      [organisationRecord(penalty, { decidedOn: '2026-02-30' }), 'record.invalid_envelope', '/decidedOn'],
      [organisationRecord(penalty, { decidedOn: '2027-01-01' }), 'record.date_in_future', '/decidedOn'],
      [
        organisationRecord(penalty, { sourceRecordId: `CASE-${newResidentId()}` }),
        'record.invalid_envelope',
        '/sourceRecordId',
      ],
      [organisationRecord(penalty, { decidedOn: '2020-03-01' }), 'record.retention_expired', '/decidedOn'],
      [
        organisationRecord(penalty, { subject: { residentId: newResidentId(), name: '王伟' } }),
        penalty.subjectTypes.includes('person') ? 'ok' : 'record.subject_type_not_applicable',
        '/subject',
      ],
    ]
    for (const [input, code, pointer] of cases) {
      if (code === 'ok') continue
      const expected = `${code} at ${pointer}`
      await assert.rejects(
        submitRecord(ctx, source, actor, input),
        (error: unknown) => {
          assert.ok(error instanceof Error, `${code} expected`)
          assert.ok(error instanceof AppError)
          assert.equal(error.code, code, JSON.stringify(error.problems))
          assert.ok(
            error.problems.some((p) => p.pointer.startsWith(pointer)),
            `${code}: ${JSON.stringify(error.problems)}`,
          )
          return true
        },
        expected,
      )
    }
    assert.equal(await count(db(), 'records'), before)
    assert.equal(await count(db(), 'audit_events'), auditBefore)
  })

  test('a code failing only its check character is kept, flagged, from a government source and refused from others', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const government = await makeSource(ctx, [kind.code], 'market_regulator')
    const lender = await makeSource(ctx, [kind.code], 'lender')
    const uscc = withWrongCheck(newUscc())
    const flagged = await submitRecord(
      ctx,
      government,
      actor,
      organisationRecord(kind, { subject: { uscc, name: '某公司' } }),
    )
    const file = await getCreditFile(ctx, flagged.subjectId, { history: false, viewer: officer })
    assert.equal(file.subject.identifierCheckFailed, true)
    assert.equal(file.categories[0]!.records[0]!.identifierCheckFailed, true)
    await assert.rejects(
      submitRecord(ctx, lender, actor, organisationRecord(kind, { subject: { uscc, name: '某公司' } })),
      /check character/,
    )
  })

  test('a person is stored encrypted and shown only masked', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.subjectTypes.includes('person'))
    const source = await makeSource(ctx, [kind.code], 'lender')
    const residentId = newResidentId()
    const result = await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(kind, { subject: { residentId, name: '王小明' } }),
    )
    const file = await getCreditFile(ctx, result.subjectId, { history: false, viewer: officer })
    assert.equal(file.subject.subjectType, 'person')
    assert.equal(file.subject.residentIdMasked, residentId.slice(0, 6) + '********' + residentId.slice(14))
    assert.equal(file.subject.name, '王**')
    const dump = await sql<{
      t: string
    }>`SELECT (SELECT string_agg(s::text, '|') FROM subjects s) || (SELECT string_agg(a::text, '|') FROM audit_events a) AS t`.execute(
      db().db,
    )
    assert.ok(!dump.rows[0]!.t.includes(residentId), 'the identity number is nowhere in clear')
    assert.ok(!dump.rows[0]!.t.includes(residentId.slice(6, 14)), 'nor the birth date it carries')
    assert.ok(!dump.rows[0]!.t.includes('王小明'), 'nor the name')
  })

  test("free text is stored with identity-number-shaped runs, phone numbers and persons' names masked; sending it again changes nothing", async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const residentId = newResidentId()
    // a valid identity number is refused (record.identifier_in_text, test/record-input.test.ts); one whose check fails is masked
    const valid = newResidentId()
    const other = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0')
    const summary = `当事人王小明（身份证号${other}，电话13812345678）经营场所未明码标价；法定代表人：李四。王小明已改正。`
    const input = organisationRecord(kind, {
      subject: { residentId, name: '王小明' },
      fields: { ...exampleFields(kind), summary },
    })
    const first = await submitRecord(ctx, source, actor, input)
    assert.equal(first.status, 'accepted')
    const file = await getCreditFile(ctx, first.subjectId, { history: false, viewer: officer })
    const stored = file.categories[0]!.records[0]!.fields.summary as string
    for (const secret of [other, other.slice(6, 14), '13812345678', '王小明', '李四'])
      assert.ok(!stored.includes(secret), `${secret} in ${stored}`)
    assert.ok(stored.includes('王**') && stored.includes('138****5678') && stored.includes('李*'), stored)
    const dump = await sql<{ t: string }>`SELECT string_agg(r.fields::text, '|') AS t FROM records r`.execute(db().db)
    assert.ok(!dump.rows[0]!.t.includes(other) && !dump.rows[0]!.t.includes('王小明'), 'nothing in clear in the table')
    // the masked form is what is hashed: the same text sent again is recognised as unchanged
    assert.equal((await submitRecord(ctx, source, actor, structuredClone(input))).status, 'unchanged')
  })

  test('a batch keeps every good line and reports every bad one by line number', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const source = await makeSource(ctx, [kind.code])
    const items = Array.from({ length: 250 }, (_, i) => ({ line: i + 1, input: organisationRecord(kind) as unknown }))
    items[9]!.input = organisationRecord(kind, { kind: 'nope' })
    items[99]!.input = 'not an object'
    const rejections: Rejection[] = []
    const summary = await ingest(ctx, source, actor, items, { chunkSize: 64, onRejected: (r) => rejections.push(r) })
    assert.equal(summary.accepted, 248)
    assert.equal(summary.rejected, 2)
    assert.deepEqual(
      rejections.map((r) => [r.line, r.code]),
      [
        [10, 'record.kind_not_in_catalogue'],
        [100, 'record.invalid_envelope'],
      ],
    )
  })

  test('chunks close on size as well as on count, and each is written whole', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const source = await makeSource(ctx, [kind.code])
    const items = Array.from({ length: 30 }, (_, i) => ({ line: i + 1, input: organisationRecord(kind) as unknown }))
    const writes: number[] = []
    const summary = await ingest(ctx, source, actor, items, {
      chunkSize: 1_000,
      chunkBytes: 2_000,
      onResults: (r) => writes.push(r.length),
    })
    assert.equal(summary.accepted, 30)
    assert.ok(writes.length > 1, `one write of ${writes[0]}: the byte bound did not close a chunk`)
    assert.equal(
      writes.reduce((a, b) => a + b, 0),
      30,
    )
  })

  test("a source sees only its own records in a file; an officer sees all, and the officer's look is audited", async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const regulator = await makeSource(ctx, [kind.code])
    const bureau = await makeSource(ctx, [kind.code], 'environment_bureau')
    const subject = { uscc: newUscc(), name: '福州马尾化工有限公司' }
    const first = await submitRecord(ctx, regulator, actor, organisationRecord(kind, { subject }))
    await submitRecord(ctx, bureau, actor, organisationRecord(kind, { subject }))
    const asSource = (s: typeof regulator) => ({ role: 'source', keyId: 'k', source: s }) as const satisfies Principal
    const regulatorView = await getCreditFile(ctx, first.subjectId, { history: false, viewer: asSource(regulator) })
    assert.deepEqual(
      regulatorView.categories.flatMap((c) => c.records.map((r) => r.source.name)),
      [regulator.name],
    )
    const before = await count(
      db(),
      'audit_events',
      sql`action = 'subject.file_viewed' AND subject_id = ${first.subjectId}`,
    )
    assert.equal(before, 0, "a source reading its own records is not a look at anyone else's data")
    const officerView = await getCreditFile(ctx, first.subjectId, { history: true, viewer: officer })
    assert.equal(officerView.categories.flatMap((c) => c.records).length, 2)
    const events = await sql<{
      actor_type: string
      actor_id: string
      payload: { history: boolean }
    }>`SELECT actor_type, actor_id, payload FROM audit_events WHERE action = 'subject.file_viewed' AND subject_id = ${first.subjectId}`.execute(
      db().db,
    )
    assert.deepEqual(events.rows, [{ actor_type: 'officer', actor_id: 'test-officer', payload: { history: true } }])
  })

  test('records are append-only in the database itself', async () => {
    await assert.rejects(sql`UPDATE records SET version = version + 1`.execute(db().db), /append-only/)
    await assert.rejects(sql`DELETE FROM audit_events`.execute(db().db), /append-only/)
  })
})
