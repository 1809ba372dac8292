import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { ingest, type Rejection } from '../src/modules/records/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, organisationRecord, recordsContext } from './support/context.ts'

/** A valid record with one part replaced by arbitrary JSON (or arbitrary text), as a careless or hostile source might send. */
const mutation = fc.record({
  path: fc.constantFrom(
    'sourceRecordId',
    'kind',
    'subject',
    'subject.uscc',
    'subject.name',
    'decidedOn',
    'conductEndedOn',
    'fields',
    'fields.*',
    'extra',
  ),
  value: fc.oneof(
    fc.jsonValue(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.constant('\u0000'),
    fc.constant('\ud800'),
  ),
})

function mutate(record: Record<string, unknown>, path: string, value: unknown): unknown {
  const copy = structuredClone(record)
  const [head, tail] = path.split('.') as [string, string | undefined]
  if (tail === undefined) copy[head] = value
  else {
    const inner = copy[head] as Record<string, unknown>
    inner[tail === '*' ? (Object.keys(inner)[0] ?? 'x') : tail] = value
  }
  return copy
}

describeEachEngine('ingestion under arbitrary input', (db) => {
  test('no input crashes an ingest: every item is stored or rejected with a code, and the summary adds up', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const source = await makeSource(ctx, [kind.code])
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 8 }), async (mutations) => {
        const items = mutations.map((m, i) => ({
          line: i + 1,
          input: mutate(organisationRecord(kind), m.path, m.value),
        }))
        const rejections: Rejection[] = []
        const summary = await ingest(ctx, source, { type: 'source', id: source.name }, items, {
          chunkSize: 3,
          onRejected: (r) => rejections.push(r),
        })
        assert.equal(summary.received, items.length)
        assert.equal(summary.accepted + summary.versioned + summary.unchanged + summary.rejected, items.length)
        assert.equal(rejections.length, summary.rejected)
        for (const r of rejections) assert.match(r.code, /^(record|subject|parse|text)\.[a-z_]+$/)
      }),
      { numRuns: 60 },
    )
  })
})
