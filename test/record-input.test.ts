// What a source may not send in a record (issue 16: item 5 and the record-input lows): identifiers in
// free text, control characters, a conduct ending after the decision that sanctions it, and "today"
// taken as the China calendar day. Every refusal names its code and field and writes nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { Database } from '../src/db/database.ts'
import { AppError } from '../src/platform/app-error.ts'
import { Readable } from 'node:stream'
import { importStream, ingest, submitRecord, type Rejection } from '../src/modules/records/index.ts'
import { makeUscc, seededRandom } from '../src/modules/identifiers/index.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  exampleFields,
  kindWhere,
  makeSource,
  newResidentId,
  organisationRecord,
  recordsContext,
  recordsCsv,
  testApp,
} from './support/context.ts'

const actor = { type: 'source', id: 'test' } as const

async function counts(db: Database): Promise<string> {
  const r = await sql<{
    records: number
    audit: number
  }>`SELECT (SELECT count(*)::int FROM records) AS records, (SELECT count(*)::int FROM audit_events) AS audit`.execute(
    db.db,
  )
  return JSON.stringify(r.rows[0])
}

function refusedWith(code: string, pointer: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, String(error))
    assert.equal(error.code, code, JSON.stringify(error.problems))
    assert.deepEqual(
      error.problems.map((p) => p.pointer),
      [pointer],
    )
    assert.ok(!error.problems.some((p) => /\d{6}/.test(p.detail)), 'the problem never quotes the number')
    return true
  }
}

/** Digits and letters written fullwidth. */
const fullwidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describeEachEngine('record input', (db) => {
  test('an identifier in free text or a name is refused, however it is written, naming the field; nothing is written', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const id = newResidentId()
    const code = makeUscc(seededRandom(9), { registrationAuthority: '9', category: '1' })
    const spaced = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`
    const cases: [Record<string, unknown>, string][] = [
      [
        { fields: { ...exampleFields(kind), summary: `法定代表人李四（身份证号${id}）未按规定公示` } },
        '/fields/summary',
      ],
      [
        { fields: { ...exampleFields(kind), summary: `法定代表人李四，身份证号 ${spaced}，未按规定公示` } },
        '/fields/summary',
      ],
      [
        {
          fields: { ...exampleFields(kind), summary: `身份证号${fullwidth(id.slice(0, 9))}-${fullwidth(id.slice(9))}` },
        },
        '/fields/summary',
      ],
      [{ fields: { ...exampleFields(kind), penaltyBasis: `与${code}串通` } }, '/fields/penaltyBasis'],
      [{ fields: { ...exampleFields(kind), summary: '护照号码E12345678的外籍人员' } }, '/fields/summary'],
      [{ fields: { ...exampleFields(kind), decisionNumber: `CF-${id}` } }, '/fields/decisionNumber'],
      [
        {
          subject: {
            uscc: makeUscc(seededRandom(10), { registrationAuthority: '9', category: '1' }),
            name: `福州某公司 ${id.slice(0, 9)} ${id.slice(9)}`,
          },
        },
        '/subject/name',
      ],
    ]
    const before = await counts(db())
    for (const [overrides, pointer] of cases) {
      await assert.rejects(
        submitRecord(ctx, source, actor, organisationRecord(kind, overrides)),
        refusedWith('record.identifier_in_text', pointer),
        pointer,
      )
    }
    assert.equal(await counts(db()), before)
    // ordinary numbers stand: amounts, dates, a case number, a decision number
    const ordinary = organisationRecord(kind, {
      fields: {
        ...exampleFields(kind),
        summary: '（2024）京0105执123号：2024-01-15起至2024-03-01，罚款50,000元，没收违法所得1,234.56元。',
      },
    })
    assert.equal((await submitRecord(ctx, source, actor, ordinary)).status, 'accepted')
  })

  test('in a batch the line with an identifier in its text is rejected and reported, the good lines kept', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const items = Array.from({ length: 5 }, (_, i) => ({ line: i + 1, input: organisationRecord(kind) as unknown }))
    items[2]!.input = organisationRecord(kind, {
      fields: { ...exampleFields(kind), summary: `当事人身份证号 ${newResidentId().replace(/(\d{4})/g, '$1 ')}` },
    })
    const rejections: Rejection[] = []
    const summary = await ingest(ctx, source, actor, items, { onRejected: (r) => rejections.push(r) })
    assert.equal(summary.accepted, 4)
    assert.deepEqual(
      rejections.map((r) => [r.line, r.code, r.errors[0]?.pointer]),
      [[3, 'record.identifier_in_text', '/fields/summary']],
    )
  })

  test('a control character in a name or a text is refused as such, not as a missing identifier; prose keeps its line breaks', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const before = await counts(db())
    const inName = organisationRecord(kind)
    ;(inName.subject as { name: string }).name = '福州\u0000食品有限公司'
    await assert.rejects(
      submitRecord(ctx, source, actor, inName),
      refusedWith('text.control_character', '/subject/name'),
    )
    const person = organisationRecord(kind, { subject: { residentId: newResidentId(), name: '王\u0007伟' } })
    await assert.rejects(
      submitRecord(ctx, source, actor, person),
      refusedWith('text.control_character', '/subject/name'),
    )
    const inSummary = organisationRecord(kind, { fields: { ...exampleFields(kind), summary: '未明码\u0000标价' } })
    await assert.rejects(
      submitRecord(ctx, source, actor, inSummary),
      refusedWith('text.control_character', '/fields/summary'),
    )
    assert.equal(await counts(db()), before)
    const lines = organisationRecord(kind, {
      fields: { ...exampleFields(kind), summary: '一、未明码标价；\n二、\t拒不改正。' },
    })
    assert.equal((await submitRecord(ctx, source, actor, lines)).status, 'accepted')
  })

  test('a conduct ending after the decision is refused for a kind counted from the decision, and stands where it is counted from the end of the conduct', async () => {
    const ctx = await recordsContext(db())
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    assert.equal(penalty.retention.from, 'decision')
    assert.equal(defaulter.retention.from, 'conduct_end')
    const source = await makeSource(ctx, [penalty.code, defaulter.code], 'court')
    const before = await counts(db())
    await assert.rejects(
      submitRecord(
        ctx,
        source,
        actor,
        organisationRecord(penalty, { decidedOn: '2026-03-02', conductEndedOn: '2026-03-03' }),
      ),
      refusedWith('record.date_order', '/conductEndedOn'),
    )
    assert.equal(await counts(db()), before)
    assert.equal(
      (
        await submitRecord(
          ctx,
          source,
          actor,
          organisationRecord(penalty, { decidedOn: '2026-03-02', conductEndedOn: '2026-03-02' }),
        )
      ).status,
      'accepted',
    )
    // a judgment debtor pays after the listing: the conduct (the default) ends after the decision
    assert.equal(
      (
        await submitRecord(
          ctx,
          source,
          actor,
          organisationRecord(defaulter, { decidedOn: '2026-01-10', conductEndedOn: '2026-04-01' }),
        )
      ).status,
      'accepted',
    )
  })

  test('"today" is the China calendar day: at 23:30 UTC a decision of the next day is not in the future', async () => {
    const ctx = await recordsContext(db(), '2026-06-01T23:30:00Z')
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    assert.equal(
      (await submitRecord(ctx, source, actor, organisationRecord(kind, { decidedOn: '2026-06-02' }))).status,
      'accepted',
    )
    await assert.rejects(
      submitRecord(ctx, source, actor, organisationRecord(kind, { decidedOn: '2026-06-03' })),
      refusedWith('record.date_in_future', '/decidedOn'),
    )
    ctx.clock.set('2026-06-01T15:59:00Z') // 23:59 in China: still the first
    await assert.rejects(
      submitRecord(ctx, source, actor, organisationRecord(kind, { decidedOn: '2026-06-02' })),
      refusedWith('record.date_in_future', '/decidedOn'),
    )
  })

  test('a number beyond what is kept exactly is refused with its pointer, in a JSON body, an NDJSON batch and a CSV file; nothing is written', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const app = await testApp(ctx)
    const before = await counts(db())
    const withFine = (fine: string) =>
      JSON.stringify(organisationRecord(kind, { fields: { ...exampleFields(kind), fineAmount: 0 } })).replace(
        '"fineAmount":0',
        `"fineAmount":${fine}`,
      )
    const headers = { authorization: `Bearer ${source.apiKey}` }
    for (const fine of ['9007199254740993', '12345678901234567890', '0.10000000000000000555', '1e400']) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/records',
        payload: withFine(fine),
        headers: { ...headers, 'content-type': 'application/json' },
      })
      assert.equal(res.statusCode, 400, res.body)
      const problem = JSON.parse(res.body) as { code: string; errors: { pointer: string }[] }
      assert.equal(problem.code, 'record.inexact_number')
      assert.deepEqual(
        problem.errors.map((e) => e.pointer),
        ['/fields/fineAmount'],
      )
    }
    const batch = [withFine('5000'), withFine('9007199254740993'), withFine('12000.5')].join('\n')
    const res = await app.inject({
      method: 'POST',
      url: '/v1/records/batch',
      payload: batch,
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
    })
    const body = JSON.parse(res.body) as {
      accepted: number
      rejected: number
      errors: { line: number; code: string; errors: { pointer: string }[] }[]
    }
    assert.deepEqual([body.accepted, body.rejected], [2, 1], res.body)
    assert.deepEqual(
      body.errors.map((e) => [e.line, e.code, e.errors[0]?.pointer]),
      [[2, 'record.inexact_number', '/fields/fineAmount']],
    )
    await app.close()

    const csv = recordsCsv(kind, [{}, { 'fields.fineAmount': '9007199254740993' }, { 'fields.fineAmount': '1234.5' }])
    const rejections: Rejection[] = []
    const summary = await importStream(ctx, source, actor, Readable.from([csv]), 'csv', {
      onRejected: (r) => rejections.push(r),
    })
    assert.equal(summary.accepted, 2, JSON.stringify(rejections))
    assert.deepEqual(
      rejections.map((r) => [r.line, r.code, r.errors[0]?.pointer]),
      [[3, 'record.inexact_number', '/fields/fineAmount']],
    )
    assert.equal(JSON.parse(await counts(db())).records, JSON.parse(before).records + 4)
  })
})
