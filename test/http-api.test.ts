import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
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

const json = (body: string) => JSON.parse(body) as Record<string, unknown>

describeEachEngine('HTTP API', (db) => {
  let app: App
  let sourceKey: string
  let officerKey: string
  let penaltyKind: string
  let loanKind: string
  let otherKind: string
  let records: {
    penalty(): Record<string, unknown>
    loan(residentId: string): Record<string, unknown>
    other(): Record<string, unknown>
  }

  before(async () => {
    const ctx = await recordsContext(db())
    app = await testApp(ctx, { FIDES_BATCH_LIMIT: '5' })
    penaltyKind = kindWhere(
      ctx.catalogue,
      (k) => k.category === 'administrative_penalties' && k.severity === 'general',
    ).code
    loanKind = kindWhere(ctx.catalogue, (k) => k.category === 'finance' && k.subjectTypes.includes('person')).code
    otherKind = kindWhere(
      ctx.catalogue,
      (k) => k.code !== penaltyKind && k.code !== loanKind && k.subjectTypes.includes('enterprise'),
    ).code
    sourceKey = (await makeSource(ctx, [penaltyKind, loanKind], 'lender')).apiKey
    officerKey = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'test officer')).apiKey
    // the records' example fields come from the same catalogue the app uses
    records = {
      penalty: () => organisationRecord(ctx.catalogue.kinds.get(penaltyKind)!),
      loan: (residentId: string) =>
        organisationRecord(ctx.catalogue.kinds.get(loanKind)!, { subject: { residentId, name: '王伟' } }),
      other: () => organisationRecord(ctx.catalogue.kinds.get(otherKind)!),
    }
  })

  const post = (url: string, body: unknown, key?: string, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    })

  test('the catalogue is public', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/catalogue' })
    assert.equal(res.statusCode, 200)
    assert.ok((json(res.body).kinds as unknown[]).length >= 17)
  })

  test('without a key, with a wrong key, or with the wrong role: 401 / 401 / 403 as problem+json', async () => {
    const none = await post('/v1/records', records.penalty())
    assert.equal(none.statusCode, 401)
    assert.match(String(none.headers['content-type']), /^application\/problem\+json/)
    assert.equal(json(none.body).code, 'auth.missing_credentials')
    const wrong = await post('/v1/records', records.penalty(), 'fides_AAAAAAAAAAAAAAAA_' + 'x'.repeat(43))
    assert.equal(wrong.statusCode, 401)
    assert.equal(json(wrong.body).code, 'auth.invalid_credentials')
    const officer = await post('/v1/records', records.penalty(), officerKey)
    assert.equal(officer.statusCode, 403)
    assert.equal(json(officer.body).code, 'auth.forbidden')
  })

  test('a record is created (201), and the same again is unchanged (200)', async () => {
    const record = records.penalty()
    const first = await post('/v1/records', record, sourceKey)
    assert.equal(first.statusCode, 201, first.body)
    assert.equal(json(first.body).status, 'accepted')
    const again = await post('/v1/records', record, sourceKey)
    assert.equal(again.statusCode, 200)
    assert.equal(json(again.body).status, 'unchanged')
  })

  test('refusals are problem+json with a stable code and a pointer, and write nothing', async () => {
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM records`.execute(db().db)).rows[0]!.n
    const cases: [unknown, number, string, string][] = [
      ['{"broken json', 400, 'request.invalid', ''],
      [records.other(), 403, 'record.kind_not_authorised', '/kind'],
      [{ ...records.penalty(), kind: 'political_opinion' }, 422, 'record.kind_not_in_catalogue', '/kind'],
      [{ ...records.penalty(), fields: { amount: 'lots' } }, 422, 'record.invalid_fields', '/fields'],
      [
        { ...records.penalty(), subject: { uscc: '91350100M000100Y44', name: 'x' } },
        422,
        'subject.invalid_uscc',
        '/subject/uscc',
      ],
    ]
    for (const [body, status, code, pointer] of cases) {
      const res = await post('/v1/records', body, sourceKey)
      assert.equal(res.statusCode, status, res.body)
      const problem = json(res.body)
      assert.equal(problem.code, code)
      assert.equal(problem.status, status)
      assert.equal(problem.type, `urn:fides:problem:${code}`)
      if (pointer)
        assert.ok(
          (problem.errors as { pointer: string }[]).some((e) => e.pointer.startsWith(pointer)),
          res.body,
        )
    }
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM records`.execute(db().db)).rows[0]!.n, before)
  })

  test('a batch stores the good lines and reports each bad line; an oversized batch writes nothing', async () => {
    const lines = [
      JSON.stringify(records.penalty()),
      '{not json',
      JSON.stringify({ ...records.penalty(), kind: 'nope' }),
      JSON.stringify(records.penalty()),
    ]
    const res = await post('/v1/records/batch', lines.join('\n') + '\n', sourceKey, 'application/x-ndjson')
    assert.equal(res.statusCode, 200, res.body)
    const body = json(res.body)
    assert.equal(body.accepted, 2)
    assert.equal(body.rejected, 2)
    assert.deepEqual(
      (body.errors as { line: number; code: string }[]).map((e) => [e.line, e.code]),
      [
        [2, 'parse.invalid_json'],
        [3, 'record.kind_not_in_catalogue'],
      ],
    )
    assert.deepEqual(
      (body.results as { line: number }[]).map((r) => r.line),
      [1, 4],
    )
    assert.equal(body.subjectsRegistered, undefined, 'a batch does not say whether its subjects were known')

    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM records`.execute(db().db)).rows[0]!.n
    const tooMany = Array.from({ length: 6 }, () => JSON.stringify(records.penalty())).join('\n')
    const big = await post('/v1/records/batch', tooMany, sourceKey, 'application/x-ndjson')
    assert.equal(big.statusCode, 413)
    assert.equal(json(big.body).code, 'record.batch_too_large')
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM records`.execute(db().db)).rows[0]!.n, before)
  })

  test('the credit file and the lookup show a person only masked, and never the identity number', async () => {
    const residentId = newResidentId()
    const created = await post('/v1/records', records.loan(residentId), sourceKey)
    assert.equal(created.statusCode, 201, created.body)
    const { subjectId } = json(created.body) as { subjectId: string }
    const file = await app.inject({
      method: 'GET',
      url: `/v1/subjects/${subjectId}/file?history=true`,
      headers: { authorization: `Bearer ${officerKey}` },
    })
    assert.equal(file.statusCode, 200, file.body)
    const subject = json(file.body).subject as Record<string, unknown>
    assert.equal(subject.residentIdMasked, residentId.slice(0, 6) + '********' + residentId.slice(14))
    assert.equal(subject.name, '王*')
    assert.ok(!file.body.includes(residentId))
    const lookup = await post('/v1/subjects/lookup', { residentId }, officerKey)
    assert.equal(lookup.statusCode, 200, lookup.body)
    assert.equal(json(lookup.body).subjectId, subjectId)
    assert.ok(!lookup.body.includes(residentId))
    const bySource = await post('/v1/subjects/lookup', { residentId }, sourceKey)
    assert.equal(bySource.statusCode, 403, 'only an officer may look a person up')
    assert.equal((json(bySource.body).errors as { pointer: string }[])[0]!.pointer, '/residentId')
    const lookups = await sql<{
      actor_type: string
    }>`SELECT actor_type FROM audit_events WHERE action = 'subject.looked_up' AND subject_id = ${subjectId}`.execute(
      db().db,
    )
    assert.deepEqual(
      lookups.rows,
      [{ actor_type: 'officer' }],
      "the officer's lookup is recorded for the person to see",
    )
    const unknown = await post('/v1/subjects/lookup', { residentId: newResidentId() }, officerKey)
    assert.equal(unknown.statusCode, 404)
    assert.equal(json(unknown.body).code, 'subject.not_found')
    const noKey = await app.inject({ method: 'GET', url: `/v1/subjects/${subjectId}/file` })
    assert.equal(noKey.statusCode, 401)
  })

  test('a subject can be registered explicitly: 201 the first time, 200 after, refused with the field at fault when invalid', async () => {
    const residentId = newResidentId()
    const bySource = await post('/v1/subjects', { residentId, name: '赵敏' }, sourceKey)
    assert.equal(bySource.statusCode, 403, "whether a person is known is not a source's to learn")
    assert.equal((json(bySource.body).errors as { pointer: string }[])[0]!.pointer, '/residentId')
    const first = await post('/v1/subjects', { residentId, name: '赵敏' }, officerKey)
    assert.equal(first.statusCode, 201, first.body)
    assert.equal(json(first.body).subjectType, 'person')
    assert.ok(!first.body.includes(residentId))
    const again = await post('/v1/subjects', { residentId, name: '赵敏' }, officerKey)
    assert.equal(again.statusCode, 200)
    assert.equal(json(again.body).subjectId, json(first.body).subjectId)
    const organisation = await post('/v1/subjects', { uscc: newUscc(), name: '福州台江贸易有限公司' }, sourceKey)
    assert.equal(organisation.statusCode, 201, 'organisations are public registry data')
    const bad = await post(
      '/v1/subjects',
      { residentId: residentId.slice(0, 17) + (residentId.endsWith('1') ? '2' : '1'), name: '赵敏' },
      sourceKey,
    )
    assert.equal(bad.statusCode, 422)
    assert.equal(json(bad.body).code, 'subject.invalid_resident_id')
    assert.equal((json(bad.body).errors as { pointer: string }[])[0]!.pointer, '/residentId')
    const events = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'subject.registered' AND subject_id = ${json(first.body).subjectId as string}`.execute(
      db().db,
    )
    assert.equal(events.rows[0]!.n, 1)
  })

  test('the OpenAPI document describes the routes, and unknown routes are problem+json 404', async () => {
    const doc = await app.inject({ method: 'GET', url: '/docs/json' })
    assert.equal(doc.statusCode, 200)
    const paths = Object.keys(json(doc.body).paths as object)
    for (const path of [
      '/v1/records',
      '/v1/records/batch',
      '/v1/subjects',
      '/v1/subjects/{subjectId}/file',
      '/v1/subjects/lookup',
      '/v1/catalogue',
    ])
      assert.ok(paths.includes(path), path)
    const missing = await app.inject({ method: 'GET', url: '/v1/nothing-here' })
    assert.equal(missing.statusCode, 404)
    assert.equal(json(missing.body).code, 'route.not_found')
  })
})
