/**
 * PREPARED (db/database.ts) keeps each marked statement's text prepared on every PostgreSQL connection
 * for the connection's life, named by the text's digest. That is safe only while a marked statement's
 * text is the same whatever its arguments (no IN list that grows with them): otherwise every new
 * argument would leave one more prepared statement on each connection. This runs every marked
 * statement with arguments of different sizes and shapes over one connection and counts what stays
 * prepared; and it fails when a statement is marked that this test does not run.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { openPostgres, type Database } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrator.ts'
import { subjectWithCurrentVersionsQuery } from '../src/modules/records/records.repository.ts'
import { organisationEntriesInForce } from '../src/modules/lists/lists.repository.ts'
import { findRatingRow } from '../src/modules/ratings/ratings.repository.ts'
import { createPostgresDatabase } from './support/databases.ts'

/** The statements marked PREPARED in src, by the function that holds each. */
const MARKED = ['subjectWithCurrentVersionsQuery', 'organisationEntriesInForce', 'findRatingRow']

let pg: { url: string; drop(): Promise<void> }
let database: Database

before(async () => {
  pg = await createPostgresDatabase()
  database = await openPostgres(pg.url, 1)
  await migrateToLatest(database)
})
after(async () => {
  await database.close()
  await pg.drop()
})

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

test('every statement marked PREPARED in src is one this test runs', async () => {
  const found: string[] = []
  for (const file of await sourceFiles('src')) {
    const text = await readFile(file, 'utf8')
    // the function each marked template is in: the nearest `function name` above the mark
    for (const m of text.matchAll(/\$\{PREPARED\}/g)) {
      const above = text.slice(0, m.index)
      found.push([...above.matchAll(/function (\w+)/g)].at(-1)?.[1] ?? file)
    }
  }
  assert.deepEqual(found.sort(), [...MARKED].sort())
})

test('a marked statement keeps one text whatever its arguments: one prepared statement each on a connection', async () => {
  const prepared = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'fides_%'`.execute(
        database.db,
      )
    ).rows[0]!.n
  for (const [i, kinds] of [['judgment_defaulters'], ['a', 'b', 'c'], ['x', 'y', 'z', 'w', 'v', 'u', 't']].entries()) {
    const subjectId = randomUUID()
    await subjectWithCurrentVersionsQuery(subjectId).execute(database.db)
    await organisationEntriesInForce(database.db, subjectId, `2026-0${i + 1}-15`, kinds)
    await findRatingRow(database.db, subjectId, i === 0 ? 'enterprise' : `model-${i}`)
  }
  assert.equal(await prepared(), MARKED.length)
})
