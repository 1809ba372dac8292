import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { createStaffAccount } from '../src/modules/access/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, recordsContext, recordsCsv, testApp } from './support/context.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachEngine('uploads: a source sends a file and follows its import', (db) => {
  async function setup(env: Record<string, string> = {}) {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const app = await testApp(ctx, env)
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const source = await makeSource(ctx, [kind.code])
    const upload = (body: string, type = 'text/csv', key = source.apiKey, fileName = 'penalties.csv') =>
      app.inject({
        method: 'POST',
        url: `/v1/imports?fileName=${encodeURIComponent(fileName)}`,
        headers: { authorization: `Bearer ${key}`, 'content-type': type },
        payload: body,
      })
    const get = async (url: string, key = source.apiKey) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })
    const finished = async (jobId: string): Promise<Json> => {
      for (;;) {
        const job = JSON.parse((await get(`/v1/imports/${jobId}`)).body) as Json
        if (job.status !== 'running') return job
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    const jobs = async () =>
      (
        await sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM import_jobs WHERE source_id = ${source.sourceId}`.execute(db().db)
      ).rows[0]!.n
    return { ctx, app, kind, source, upload, get, finished, jobs }
  }

  test('every good line is stored, every bad one is listed in the rejects with its line and reason, and the job says so', async () => {
    const { app, kind, source, upload, get, finished } = await setup()
    const csv = recordsCsv(kind, [
      { source_record_id: 'U-1' },
      { source_record_id: 'U-2', decided_on: '2026-13-01' },
      { source_record_id: 'U-3' },
    ])
    const res = await upload(csv)
    assert.equal(res.statusCode, 202, res.body)
    const started = JSON.parse(res.body) as Json
    assert.equal(res.headers.location, `/v1/imports/${started.jobId}`)
    assert.deepEqual(
      [started.fileName, started.format, started.bytesTotal],
      ['penalties.csv', 'csv', Buffer.byteLength(csv)],
    )
    const job = await finished(started.jobId)
    assert.deepEqual(
      [job.status, job.percent, job.accepted, job.rejected, job.bytesRead],
      ['done', 100, 2, 1, Buffer.byteLength(csv)],
    )
    const rejects = await get(`/v1/imports/${started.jobId}/rejects`)
    assert.match(String(rejects.headers['content-type']), /^text\/csv/)
    assert.match(String(rejects.headers['content-disposition']), /attachment; filename="penalties.rejects.csv"/)
    const lines = rejects.body.trim().split('\n')
    assert.equal(lines[0], 'line,code,pointer,detail,source_record_id')
    assert.equal(lines.length, 2)
    assert.match(
      lines[1]!,
      /^3,record\.invalid_envelope,\/decidedOn,.*,U-2$/,
      'line 3 of the file (the header is line 1)',
    )
    const stored = await sql<{
      id: string
    }>`SELECT source_record_id AS id FROM records WHERE source_id = ${source.sourceId} ORDER BY 1`.execute(db().db)
    assert.deepEqual(
      stored.rows.map((r) => r.id),
      ['U-1', 'U-3'],
    )
    const events = await sql<{
      action: string
      payload: Json
    }>`SELECT action, payload FROM audit_events WHERE object_id = ${started.jobId} ORDER BY seq`.execute(db().db)
    assert.deepEqual(
      events.rows.map((e) => [e.action, e.payload.status ?? null, e.payload.rejected ?? null]),
      [
        ['import.started', null, null],
        ['import.finished', 'done', 1],
      ],
    )
    assert.ok(!JSON.stringify(events.rows).includes('penalties'), 'the file name is not in the audit trail')
    const list = JSON.parse((await get('/v1/imports')).body) as Json
    assert.deepEqual(
      list.imports.map((j: Json) => j.jobId),
      [started.jobId],
    )
    // the same file again: nothing new, every good line unchanged
    const again = await finished((JSON.parse((await upload(csv)).body) as Json).jobId)
    assert.deepEqual([again.accepted, again.unchanged, again.rejected], [0, 2, 1])
    await app.close()
  })

  test('a line refused for an identity number in its source record id is listed without that id: nothing stores the number', async () => {
    const { app, kind, upload, get, finished } = await setup()
    const number = newResidentId()
    const other = newResidentId()
    const job = await finished(
      (
        JSON.parse(
          (
            await upload(
              recordsCsv(kind, [
                { source_record_id: `R-${number}` },
                { source_record_id: 'OK-1' },
                { source_record_id: 'K-1', kind: other },
              ]),
              'text/csv',
              undefined,
              `records-${number}.csv`,
            )
          ).body,
        ) as Json
      ).jobId,
    )
    assert.ok(!job.fileName.includes(number) && job.fileName.startsWith('records-'), job.fileName)
    assert.deepEqual([job.accepted, job.rejected], [1, 2])
    const rejects = (await get(`/v1/imports/${job.jobId}/rejects`)).body
    assert.match(
      rejects,
      /^2,record\.invalid_envelope,\/sourceRecordId,.*may not contain a resident identity number.*,$/m,
    )
    assert.ok(!rejects.includes(number))
    assert.match(
      rejects,
      /^4,record\.kind_not_in_catalogue,\/kind,.*\*{8}.*,K-1$/m,
      'a reason quoting the line masks the number in it',
    )
    assert.ok(!rejects.includes(other))
    const stored = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM import_rejects WHERE source_record_id LIKE ${'%' + number + '%'} OR detail LIKE ${'%' + number + '%'} OR detail LIKE ${'%' + other + '%'}`.execute(
      db().db,
    )
    assert.equal(
      (
        await sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM import_jobs WHERE file_name LIKE ${'%' + number + '%'}`.execute(db().db)
      ).rows[0]!.n,
      0,
    )
    assert.equal(stored.rows[0]!.n, 0)
    await app.close()
  })

  test('NDJSON too; another source sees neither the job nor its rejects', async () => {
    const { ctx, app, kind, upload, get, finished } = await setup()
    const good = {
      sourceRecordId: 'N-1',
      kind: kind.code,
      subject: { uscc: '91350100M000100Y43', name: '福州测试有限公司' },
      decidedOn: '2026-03-02',
      fields: {},
    }
    const res = await upload(
      `${JSON.stringify(good)}\n{not json\n`,
      'application/x-ndjson',
      undefined,
      'records.ndjson',
    )
    assert.equal(res.statusCode, 202, res.body)
    const job = await finished((JSON.parse(res.body) as Json).jobId)
    assert.equal(job.format, 'ndjson')
    assert.equal(job.rejected, job.accepted === 1 ? 1 : 2, 'the broken line is rejected')
    const other = await makeSource(ctx, [kind.code])
    assert.equal((await get(`/v1/imports/${job.jobId}`, other.apiKey)).statusCode, 404)
    const theirs = await get(`/v1/imports/${job.jobId}/rejects`, other.apiKey)
    assert.deepEqual([theirs.statusCode, JSON.parse(theirs.body).code], [404, 'import.not_found'])
    await app.close()
  })

  test('a wrong type, an empty file or one over the limit is refused with problem+json, and no job is written', async () => {
    const { app, kind, upload, jobs } = await setup({ FIDES_UPLOAD_MAX_BYTES: '2000' })
    const wrong = await upload('a,b\n', 'text/plain')
    assert.deepEqual([wrong.statusCode, JSON.parse(wrong.body).code], [415, 'request.unsupported_media_type'])
    const empty = await upload('')
    assert.deepEqual([empty.statusCode, JSON.parse(empty.body).code], [422, 'import.empty'])
    const big = await upload(
      recordsCsv(
        kind,
        Array.from({ length: 20 }, () => ({})),
      ),
    )
    assert.deepEqual(
      [big.statusCode, JSON.parse(big.body).code, big.headers['content-type']],
      [413, 'request.too_large', 'application/problem+json; charset=utf-8'],
    )
    assert.equal(await jobs(), 0)
    await app.close()
  })

  test("a source's staff sign in with an account bound to the source and upload as the source; other roles cannot", async () => {
    const { ctx, app, kind, source, finished } = await setup()
    const { password } = await createStaffAccount(
      db(),
      ctx.clock,
      { type: 'operator', id: 'test' },
      {
        username: `clerk.${source.sourceId.slice(0, 8)}`,
        displayName: '录入员',
        role: 'source',
        sourceName: source.name,
      },
    )
    const signIn = await app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: `clerk.${source.sourceId.slice(0, 8)}`, password }),
    })
    assert.equal(signIn.statusCode, 200, signIn.body)
    const session = JSON.parse(signIn.body) as Json
    assert.equal(session.role, 'source')
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: { cookie, 'content-type': 'text/csv' },
      payload: recordsCsv(kind, [{}]),
    })
    assert.equal(noCsrf.statusCode, 403, 'a browser session needs its CSRF token')
    const res = await app.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: { cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'text/csv' },
      payload: recordsCsv(kind, [{ source_record_id: 'S-1' }]),
    })
    assert.equal(res.statusCode, 202, res.body)
    assert.equal((await finished((JSON.parse(res.body) as Json).jobId)).accepted, 1)
    const me = JSON.parse((await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } })).body) as Json
    assert.deepEqual(me, { role: 'source', name: source.name })
    await app.close()
  })

  test('a job whose process stopped (no progress for a minute) shows as interrupted, not as running forever', async () => {
    const { ctx, app, source, get } = await setup()
    const jobId = '00000000-0000-4000-8000-' + String(process.pid).padStart(12, '0')
    const at = ctx.clock.now()
    await sql`INSERT INTO import_jobs (job_id, source_id, uploaded_by, file_name, format, bytes_total, bytes_read, status, started_at, updated_at)
      VALUES (${jobId}, ${source.sourceId}, 'test', 'big.csv', 'csv', 1000, 400, 'running', ${at.toISOString()}, ${at.toISOString()})`.execute(
      db().db,
    )
    const status = async () => (JSON.parse((await get(`/v1/imports/${jobId}`)).body) as Json).status
    ctx.clock.set(new Date(at.getTime() + 59_000).toISOString())
    assert.equal(await status(), 'running')
    ctx.clock.set(new Date(at.getTime() + 61_000).toISOString())
    assert.equal(await status(), 'interrupted')
    await app.close()
  })

  test('finished jobs go after 90 days with their rejects, in the maintenance pass', async () => {
    const { ctx, app, kind, upload, finished, jobs } = await setup()
    await finished((JSON.parse((await upload(recordsCsv(kind, [{ decided_on: 'x' }]))).body) as Json).jobId)
    assert.equal(await jobs(), 1)
    ctx.clock.set('2027-02-28T02:00:00Z')
    assert.equal((await runMaintenance(ctx)).importsDeleted, 0)
    ctx.clock.set('2027-03-02T03:00:00Z')
    assert.ok((await runMaintenance(ctx)).importsDeleted >= 1, "this job, and the other tests' jobs of the same day")
    assert.equal(await jobs(), 0)
    assert.equal(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_rejects`.execute(db().db)).rows[0]!.n,
      0,
      'the rejects went with their jobs',
    )
    await app.close()
  })
})
