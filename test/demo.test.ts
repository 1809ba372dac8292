import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { seedDemo } from '../src/demo/seed.ts'
import { loadLists } from '../src/modules/lists/index.ts'
import { authenticateApiKey } from '../src/modules/sources/index.ts'
import { login } from '../src/modules/access/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { recordsContext } from './support/context.ts'

describeEachEngine('demo data', (db) => {
  test('an empty database gets organisations, public bodies, persons and records of every kind, once', async () => {
    const ctx = await recordsContext(db())
    const lists = await loadLists(new Set(ctx.catalogue.kinds.keys()), {
      listCatalogue: 'catalogue/lists.json',
      holidays: 'catalogue/holidays.json',
    })
    const demo = await seedDemo({ ...ctx, lists }, { organisations: 120, persons: 20 })
    assert.ok(demo)
    for (const department of demo.departments)
      assert.equal((await authenticateApiKey(db(), department.apiKey))?.role, 'department')
    const noticed = await sql<{ status: string }>`SELECT status FROM list_entries`.execute(db().db)
    assert.deepEqual(
      noticed.rows.map((r) => r.status),
      ['noticed'],
      'one entry under notice, its objection window open',
    )
    const kinds = await sql<{ kind_code: string }>`SELECT DISTINCT kind_code FROM records ORDER BY 1`.execute(db().db)
    assert.deepEqual(
      kinds.rows.map((r) => r.kind_code),
      [...ctx.catalogue.kinds.keys()].sort(),
    )
    const types = await sql<{ subject_type: string }>`SELECT DISTINCT subject_type FROM subjects ORDER BY 1`.execute(
      db().db,
    )
    for (const type of ['enterprise', 'individual_business', 'person', 'public_body'])
      assert.ok(
        types.rows.some((r) => r.subject_type === type),
        type,
      )
    assert.equal((await authenticateApiKey(db(), demo.officerKey))?.role, 'officer')
    for (const source of demo.sources) assert.equal((await authenticateApiKey(db(), source.apiKey))?.role, 'source')
    for (const party of demo.relyingParties)
      assert.equal((await authenticateApiKey(db(), party.apiKey))?.role, 'relying_party')
    const consents = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM consents WHERE subject_id = ${demo.samplePersonId} AND revoked_at IS NULL`.execute(
      db().db,
    )
    assert.equal(consents.rows[0]!.n, 1, 'the sample person has consented to the demo bank')
    for (const account of demo.accounts)
      assert.ok(
        (
          await login(db(), ctx.clock, ctx.keys, {
            username: account.username,
            password: account.password,
            address: '127.0.0.1',
          })
        ).sessionToken,
      )
    assert.deepEqual(
      demo.accounts.map((a) => a.role),
      ['officer', 'auditor', 'subject', 'source', 'relying_party'],
      'a sign-in for every console',
    )
    const sample = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM records WHERE subject_id = ${demo.sampleSubjectId}`.execute(db().db)
    assert.ok(sample.rows[0]!.n > 0, 'the sample subject printed at start has records')
    assert.equal(await seedDemo({ ...ctx, lists }), undefined, 'a database with data is never seeded again')
  })
})
