// Upgrades of a database that holds data: a migration that only ever ran on empty databases in the
// suite can fail on a deployment's. Migration 0028 did (a column alias `full`, a reserved word in
// PostgreSQL, in the statement that runs only when organisations exist).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { migrateTo, migrateToLatest } from '../src/db/migrator.ts'
import { createTestDatabase, engines } from './support/databases.ts'

for (const engine of engines) {
  test(`[${engine}] a database with organisations registered before pinyin search upgrades, and their names are found by pinyin`, async () => {
    const t = await createTestDatabase(engine, { migrate: false })
    try {
      await migrateTo(t.database, '0027-search-indexes')
      await sql`INSERT INTO subjects (subject_id, subject_type, uscc, name, division_code, created_at) VALUES
        ('00000000-0000-4000-8000-000000000001', 'enterprise', '91350100M000100Y43', '福州银行股份有限公司', '350100', now()),
        ('00000000-0000-4000-8000-000000000002', 'enterprise', '91500000MA5U7J4A0K', '重庆长乐纺织有限公司', '500000', now())`.execute(
        t.database.db,
      )
      await migrateToLatest(t.database)
      const { rows } = await sql<{ name: string; name_pinyin: string; name_initials: string }>`
        SELECT name, name_pinyin, name_initials FROM subjects ORDER BY subject_id`.execute(t.database.db)
      assert.equal(rows.length, 2)
      assert.match(rows[0]!.name_pinyin, /^fuzhouyinhang/)
      assert.match(rows[1]!.name_pinyin, /^chongqing/)
      assert.match(rows[1]!.name_initials, /^cq/)
    } finally {
      await t.drop()
    }
  })
}
