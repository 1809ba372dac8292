import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { migrateToLatest } from '../src/db/migrator.ts'
import { describeEachEngine } from './support/databases.ts'

describeEachEngine('migrations that land out of order', (db) => {
  test('a database that ran 0025 before 0020 landed runs 0020 when it comes, and nothing twice', async () => {
    // as a database migrated before 0020-search-indexes was merged: without it, with 0025 and later run
    await sql`DROP INDEX subjects_uscc`.execute(db().db)
    await sql`DROP INDEX subjects_name_order`.execute(db().db)
    await sql`DELETE FROM fides_migrations WHERE name = '0020-search-indexes'`.execute(db().db)
    const result = await migrateToLatest(db())
    assert.deepEqual(result.results?.map((r) => [r.migrationName, r.status]), [['0020-search-indexes', 'Success']])
    const indexes = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'subjects' AND indexname IN ('subjects_uscc', 'subjects_name_order') ORDER BY indexname`.execute(db().db)
    assert.deepEqual(indexes.rows.map((r) => r.indexname), ['subjects_name_order', 'subjects_uscc'])
    assert.deepEqual((await migrateToLatest(db())).results, [])
  })
})
