import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
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

const json = (text: string) => JSON.parse(text) as Record<string, unknown>
const withoutInstance = (text: string) => {
  const { instance: _, ...rest } = json(text)
  return rest
}

describeEachEngine('a source reads a person only if it holds a record about them', (db) => {
  let app: App
  let holderKey: string
  let strangerKey: string
  let personId: string
  let organisationId: string

  before(async () => {
    const ctx = await recordsContext(db())
    app = await testApp(ctx)
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const holder = await makeSource(ctx, [loan.code], 'lender')
    const stranger = await makeSource(ctx, [loan.code], 'lender')
    holderKey = holder.apiKey
    strangerKey = stranger.apiKey
    personId = (
      await submitRecord(
        ctx,
        holder,
        { type: 'source', id: holder.name },
        organisationRecord(loan, { subject: { residentId: newResidentId(), name: '林静' }, decidedOn: '2025-03-01' }),
      )
    ).subjectId
    organisationId = (
      await submitRecord(
        ctx,
        holder,
        { type: 'source', id: holder.name },
        organisationRecord(loan, {
          subject: { uscc: newUscc(), name: '福州榕树贸易有限公司' },
          decidedOn: '2025-03-01',
        }),
      )
    ).subjectId
  })

  const get = (url: string, key: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })

  test('the source that submitted about the person reads the masked summary and its file', async () => {
    const summary = await get(`/v1/subjects/${personId}`, holderKey)
    assert.equal(summary.statusCode, 200, summary.body)
    assert.equal(json(summary.body).subjectType, 'person')
    assert.equal((await get(`/v1/subjects/${personId}/file`, holderKey)).statusCode, 200)
  })

  test('another source gets exactly what an unknown id gets, for the summary and the file: no oracle', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    for (const path of ['', '/file']) {
      const other = await get(`/v1/subjects/${personId}${path}`, strangerKey)
      const none = await get(`/v1/subjects/${unknown}${path}`, strangerKey)
      assert.equal(other.statusCode, 404, `${path}: ${other.body}`)
      assert.deepEqual(withoutInstance(other.body), withoutInstance(none.body), path)
    }
  })

  test('an organisation (public registry data) is read by any source', async () => {
    assert.equal((await get(`/v1/subjects/${organisationId}`, strangerKey)).statusCode, 200)
  })
})
