import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { addRelyingParty } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { answerObjection, fileObjection, type SourceAnswer } from '../src/modules/objections/index.ts'
import { AppError } from '../src/platform/app-error.ts'
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

type Op =
  | { type: 'version'; record: number }
  | { type: 'object'; record: number; statement: boolean }
  | { type: 'answer'; record: number; outcome: SourceAnswer }
  | { type: 'days'; days: number }
  | { type: 'maintain' }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant('version' as const), record: fc.nat(1) }),
  fc.record({ type: fc.constant('object' as const), record: fc.nat(1), statement: fc.boolean() }),
  fc.record({
    type: fc.constant('answer' as const),
    record: fc.nat(1),
    outcome: fc.constantFrom<SourceAnswer>('verified', 'corrected', 'withdrawn'),
  }),
  fc.record({ type: fc.constant('days' as const), days: fc.integer({ min: 0, max: 25 }) }),
  fc.constant({ type: 'maintain' as const }),
)

/** Refusals the rules allow (an objection on a withdrawn record, a second undecided one, an answer to a decided one). */
const expected = new Set([
  'objection.already_undecided',
  'objection.item_withdrawn',
  'objection.decided',
  'objection.item_erased',
])

describeEachEngine('objections and versions, any sequence', (db) => {
  test('every view shows at most one current version of a record, and the subject sees its whole history', async () => {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const app = await testApp(ctx)
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const actor = { type: 'source', id: source.name } as const
    const party = (
      await addRelyingParty(
        db(),
        ctx.clock,
        { type: 'operator', id: 'test' },
        {
          name: `prop-${process.pid}`,
          displayName: 'p',
          partyType: 'procurement_office',
          purposes: ['public_procurement_check'],
        },
      )
    ).apiKey
    let run = 0

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        ctx.clock.set('2026-12-01T02:00:00Z')
        const company = { uscc: newUscc(), name: `福州第${++run}号科技有限公司` }
        const account = await subjectAccount(ctx, company)
        const inputs = [0, 1].map((i) =>
          organisationRecord(kind, {
            subject: company,
            sourceRecordId: `P-${process.pid}-${run}-${i}`,
            decidedOn: '2026-11-20',
          }),
        )
        const versions = [0, 0]
        const recordIds: string[] = []
        const submit = async (i: number) => {
          const r = await submitRecord(ctx, source, actor, {
            ...inputs[i],
            fields: { ...(inputs[i]!.fields as Json), summary: `第${versions[i]! + 1}版` },
          })
          versions[i] = r.version
          recordIds[i] = r.recordId
        }
        await submit(0)
        await submit(1)
        const undecided = new Map<number, string>()

        for (const o of ops) {
          try {
            if (o.type === 'version') await submit(o.record)
            else if (o.type === 'object') {
              const filed = await fileObjection(
                ctx,
                { type: 'subject', id: 'p' },
                account.subjectId,
                { recordId: recordIds[o.record]!, reasons: '有误', ...(o.statement ? { statement: '本人说明' } : {}) },
                { onBehalf: false },
              )
              undecided.set(o.record, filed.objectionId)
            } else if (o.type === 'answer') {
              const id = undecided.get(o.record)
              if (id === undefined) continue
              const record =
                o.outcome === 'corrected'
                  ? {
                      ...inputs[o.record],
                      fields: { ...(inputs[o.record]!.fields as Json), summary: `第${versions[o.record]! + 1}版` },
                    }
                  : undefined
              const answered = await answerObjection(ctx, source, actor, id, {
                outcome: o.outcome,
                explanation: '答复',
                ...(record ? { record } : {}),
              })
              if (o.outcome === 'corrected') versions[o.record] = answered.answeredVersion!
              undecided.delete(o.record)
            } else if (o.type === 'days') ctx.clock.advanceDays(o.days)
            else await runMaintenance(ctx)
          } catch (error) {
            if (!(error instanceof AppError && expected.has(error.code))) throw error
          }
        }

        const get = async (url: string, headers: Record<string, string>) => {
          const res = await app.inject({ method: 'GET', url, headers })
          assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
          return JSON.parse(res.body) as Json
        }
        const key = (k: string) => ({ authorization: `Bearer ${k}` })
        const subjectId = account.subjectId
        const files: [string, Json[]][] = [
          ['public', (await get(`/v1/public/subjects/${subjectId}`, {})).records],
          [
            'report',
            (await get(`/v1/reports/${subjectId}?purpose=public_procurement_check`, key(party))).categories.flatMap(
              (c: Json) => c.records,
            ),
          ],
          [
            'source',
            (await get(`/v1/subjects/${subjectId}/file?history=true`, key(source.apiKey))).categories.flatMap(
              (c: Json) => c.records,
            ),
          ],
          ['subject', (await get('/v1/me/file', await account.headers())).categories.flatMap((c: Json) => c.records)],
        ]
        for (const [view, records] of files) {
          const ids = records.map((r) => r.recordId as string)
          assert.equal(new Set(ids).size, ids.length, `${view} shows a record twice: ${ids.join(', ')}`)
          for (const r of records) {
            if (r.version === undefined) continue // the public view shows the current content only
            const i = recordIds.indexOf(r.recordId)
            assert.equal(
              r.version,
              versions[i],
              `${view} shows version ${r.version} of record ${i}, the current one is ${versions[i]}`,
            )
          }
        }
        const own = files[3]![1]
        assert.equal(own.length, 2, 'the subject sees every record held on it')
        for (const r of own) {
          const i = recordIds.indexOf(r.recordId)
          const all = [r.version, ...(r.history as Json[]).map((h) => h.version)].sort((a, b) => a - b)
          assert.deepEqual(
            all,
            Array.from({ length: versions[i]! }, (_, v) => v + 1),
            'the subject sees every version',
          )
        }
      }),
      { numRuns: 12 },
    )
    await app.close()
  })
})
