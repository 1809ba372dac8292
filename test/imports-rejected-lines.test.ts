import { test } from 'node:test'
import assert from 'node:assert/strict'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, recordsContext, recordsCsv, testApp } from './support/context.ts'

interface Lines {
  lines: { line: number; code: string; pointer: string; sourceRecordId: string | null }[]
  more: boolean
}

describeEachEngine("an import's rejected lines as JSON, a page at a time (for a page that words them)", (db) => {
  test('in line order, with their code, field and source record id; paged with after; only to the source that sent them', async () => {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const app = await testApp(ctx)
    const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const source = await makeSource(ctx, [kind.code])
    const other = await makeSource(ctx, [kind.code])
    const get = (url: string, key = source.apiKey) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })
    const csv = recordsCsv(kind, [
      { source_record_id: 'L-1', decided_on: '2026-13-01' },
      { source_record_id: 'L-2' },
      { source_record_id: 'L-3', 'fields.fineAmount': 'a lot' },
      { source_record_id: 'L-4', kind: 'no_such_kind' },
    ])
    const started = await app.inject({
      method: 'POST',
      url: '/v1/imports?fileName=penalties.csv',
      headers: { authorization: `Bearer ${source.apiKey}`, 'content-type': 'text/csv' },
      payload: csv,
    })
    assert.equal(started.statusCode, 202, started.body)
    const jobId = (JSON.parse(started.body) as { jobId: string }).jobId
    for (;;) {
      const job = JSON.parse((await get(`/v1/imports/${jobId}`)).body) as { status: string }
      if (job.status !== 'running') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const first = await get(`/v1/imports/${jobId}/rejected-lines?limit=2`)
    assert.equal(first.statusCode, 200, first.body)
    const page1 = JSON.parse(first.body) as Lines
    assert.deepEqual(
      page1.lines.map((l) => [l.line, l.code, l.pointer, l.sourceRecordId]),
      [
        [2, 'record.invalid_envelope', '/decidedOn', 'L-1'],
        [4, 'record.invalid_fields', '/fields/fineAmount', 'L-3'],
      ],
    )
    assert.equal(page1.more, true)
    const page2 = JSON.parse((await get(`/v1/imports/${jobId}/rejected-lines?after=4`)).body) as Lines
    assert.deepEqual(
      page2.lines.map((l) => [l.line, l.code]),
      [[5, 'record.kind_not_in_catalogue']],
    )
    assert.equal(page2.more, false)
    const theirs = await get(`/v1/imports/${jobId}/rejected-lines`, other.apiKey)
    assert.deepEqual([theirs.statusCode, (JSON.parse(theirs.body) as { code: string }).code], [404, 'import.not_found'])
    await app.close()
  })
})
