import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, newUscc, organisationRecord, recordsContext, testApp } from './support/context.ts'

describeEachEngine('public search of organisations by name or USCC', (db) => {
  let app: App
  const textile = { uscc: newUscc(), name: '福州长乐纺织有限公司' }
  const trading = { uscc: newUscc(), name: 'Xiamen Harbour Trading Co., Ltd.' }
  const search = async (q: string) => (await app.inject({ method: 'GET', url: `/v1/public/search?q=${encodeURIComponent(q)}` })).json<{ results: { name: string; uscc: string }[] }>().results.map((r) => r.name)

  before(async () => {
    const ctx = await recordsContext(db())
    app = await testApp(ctx)
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [licence.code, loan.code])
    const actor = { type: 'source', id: source.name } as const
    for (const subject of [textile, trading, { uscc: newUscc(), name: '长乐纺织品进出口公司' }]) await submitRecord(ctx, source, actor, organisationRecord(licence, { subject }))
    await submitRecord(ctx, source, actor, organisationRecord(loan, { subject: { residentId: newResidentId(), name: '长乐纺' } }))
  })

  test('part of a Chinese name finds it, prefix first; a person of that name never', async () => {
    assert.deepEqual(await search('长乐纺织'), ['长乐纺织品进出口公司', '福州长乐纺织有限公司'])
    assert.deepEqual(await search('长乐纺'), ['长乐纺织品进出口公司', '福州长乐纺织有限公司'], 'the person 长乐纺 is not found')
  })

  test('Latin names ignore case and forgive a typo; the USCC finds exactly one', async () => {
    assert.deepEqual(await search('harbour trad'), ['Xiamen Harbour Trading Co., Ltd.'])
    assert.deepEqual(await search('Xiamen Harbor Trading'), ['Xiamen Harbour Trading Co., Ltd.'])
    assert.deepEqual(await search(textile.uscc.toLowerCase()), ['福州长乐纺织有限公司'])
    assert.deepEqual(await search('%'), [], 'wildcards are literal')
  })

  test('an empty or overlong query is a 400 with the field', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/public/search?q=' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /querystring\/q|\/q/)
  })
})
