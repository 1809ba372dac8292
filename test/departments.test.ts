import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { addDepartment } from '../src/modules/access/index.ts'
import { authenticateApiKey } from '../src/modules/sources/index.ts'
import { AppError } from '../src/platform/app-error.ts'
import { describeEachEngine } from './support/databases.ts'
import { recordsContext, testApp } from './support/context.ts'

const operator = { type: 'operator', id: 'test' } as const

describeEachEngine('departments: the role that carries out measures, in its own domains', (db) => {
  let app: App
  let ctx: Awaited<ReturnType<typeof recordsContext>>

  before(async () => {
    ctx = await recordsContext(db())
    app = await testApp(ctx)
  })

  const count = async (table: 'departments' | 'api_keys' | 'audit_events') =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db().db)).rows[0]!.n

  test('a registered department authenticates as itself, with its domains, and its registration is audited', async () => {
    const name = `procurement-${process.pid}`
    const { department, apiKey } = await addDepartment(db(), ctx.clock, operator, {
      name,
      displayName: '福建省政府采购中心',
      domains: ['public_procurement', 'public_procurement'],
    })
    assert.deepEqual(department.domains, ['public_procurement'])
    const principal = await authenticateApiKey(db(), apiKey)
    assert.equal(principal?.role, 'department')
    assert.ok(
      principal?.role === 'department' &&
        principal.department.domains.has('public_procurement') &&
        principal.department.name === name,
    )
    const events = await sql<{
      action: string
    }>`SELECT action FROM audit_events WHERE object_id = ${department.departmentId} OR (action = 'api_key.issued' AND payload->>'label' = ${`${name} key`}) ORDER BY seq`.execute(
      db().db,
    )
    assert.deepEqual(
      events.rows.map((e) => e.action),
      ['department.added', 'api_key.issued'],
    )

    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${apiKey}` } })
    assert.deepEqual(JSON.parse(me.body), { role: 'department', name })
    // a department reads no credit file and no report: its one question (does a measure apply?) comes with the list checks
    const report = await app.inject({
      method: 'GET',
      url: '/v1/reports/00000000-0000-8000-8000-000000000000?purpose=credit_application',
      headers: { authorization: `Bearer ${apiKey}` },
    })
    assert.equal(JSON.parse(report.body).code, 'auth.forbidden')
  })

  test('a domain outside the closed list (welfare, healthcare, schooling...) is refused and nothing is written', async () => {
    const before = await Promise.all([count('departments'), count('api_keys'), count('audit_events')])
    for (const domains of [['welfare'], ['healthcare', 'licensing'], ['compulsory_education'], ['__proto__'], []]) {
      await assert.rejects(
        addDepartment(db(), ctx.clock, operator, { name: `bad-${process.pid}`, displayName: 'x', domains }),
        (e: unknown) =>
          e instanceof AppError && e.code === 'department.domain_unknown' && e.problems[0]?.pointer === '/domains',
      )
    }
    assert.deepEqual(await Promise.all([count('departments'), count('api_keys'), count('audit_events')]), before)
  })

  test('names are unique and well formed', async () => {
    const name = `licensing-${process.pid}`
    await addDepartment(db(), ctx.clock, operator, { name, displayName: '许可局', domains: ['licensing'] })
    await assert.rejects(
      addDepartment(db(), ctx.clock, operator, { name, displayName: 'again', domains: ['licensing'] }),
      (e: unknown) => e instanceof AppError && e.code === 'department.name_taken',
    )
    await assert.rejects(
      addDepartment(db(), ctx.clock, operator, { name: 'Not A Name', displayName: 'x', domains: ['licensing'] }),
      (e: unknown) => e instanceof AppError && e.code === 'request.invalid',
    )
  })
})
