import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { submitRecord } from '../src/modules/records/index.ts'
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

describeEachEngine('public view of organisations', (db) => {
  test('shows public kinds inside their window only, never restricted kinds or persons, needs no key and writes no event', async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    const app = await testApp(ctx)
    const minor = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_minor')
    const warning = kindWhere(
      ctx.catalogue,
      (k) => k.category === 'administrative_penalties' && k.severity === undefined,
    )
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [minor.code, warning.code, loan.code])
    const actor = { type: 'source', id: source.name } as const
    const company = { uscc: newUscc(), name: '福州仓山建材有限公司' }
    const shown = await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(minor, { subject: company, decidedOn: '2026-05-15' }),
    )
    await submitRecord(ctx, source, actor, organisationRecord(warning, { subject: company, decidedOn: '2026-05-20' }))
    await submitRecord(ctx, source, actor, organisationRecord(loan, { subject: company, decidedOn: '2026-01-10' }))
    const person = await submitRecord(
      ctx,
      source,
      actor,
      organisationRecord(minor, { subject: { residentId: newResidentId(), name: '陈静' }, decidedOn: '2026-05-15' }),
    )

    const eventsBefore = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(db().db))
      .rows[0]!.n
    const res = await app.inject({ method: 'GET', url: `/v1/public/subjects/${shown.subjectId}` })
    assert.equal(res.statusCode, 200, res.body)
    const body = JSON.parse(res.body) as {
      subject: { uscc: string; name: string }
      records: { kind: string; publicUntil: string }[]
    }
    assert.equal(body.subject.uscc, company.uscc)
    assert.deepEqual(
      body.records.map((r) => [r.kind, r.publicUntil]),
      [[minor.code, '2026-08-15']],
    )
    assert.equal(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(db().db)).rows[0]!.n,
      eventsBefore,
      'a public read is not an inquiry',
    )

    const personRes = await app.inject({ method: 'GET', url: `/v1/public/subjects/${person.subjectId}` })
    const unknownRes = await app.inject({
      method: 'GET',
      url: '/v1/public/subjects/00000000-0000-8000-8000-000000000000',
    })
    assert.equal(personRes.statusCode, 404)
    assert.deepEqual(
      { ...JSON.parse(personRes.body), instance: '' },
      { ...JSON.parse(unknownRes.body), instance: '' },
      'a person is answered exactly like an unknown subject',
    )

    ctx.clock.set('2026-08-14T15:59:59Z') // 23:59:59 on 14 August in China Standard Time: still shown
    assert.equal(
      (
        JSON.parse(
          (await app.inject({ method: 'GET', url: `/v1/public/subjects/${shown.subjectId}` })).body,
        ) as typeof body
      ).records.length,
      1,
    )
    ctx.clock.set('2026-08-14T16:00:00Z') // midnight, 15 August in China: the window has ended
    assert.equal(
      (
        JSON.parse(
          (await app.inject({ method: 'GET', url: `/v1/public/subjects/${shown.subjectId}` })).body,
        ) as typeof body
      ).records.length,
      0,
    )
    await app.close()
  })
})
