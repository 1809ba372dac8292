import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { citusViolations } from '../src/db/citus.ts'
import { distribution } from '../src/db/schema.ts'
import { describeEachEngine } from './support/databases.ts'

describeEachEngine('schema is Citus-ready', (db) => {
  test('every per-subject table leads its primary key and unique indexes with subject_id', async () => {
    assert.deepEqual(await citusViolations(db().db, distribution), [])
  })

  test('the check catches a per-subject key that does not start with subject_id, and unclassified tables', async () => {
    await sql`CREATE TABLE bad_notes (note_id uuid, subject_id uuid, body text, PRIMARY KEY (note_id, subject_id))`.execute(
      db().db,
    )
    await sql`CREATE TABLE bad_links (subject_id uuid PRIMARY KEY, other uuid UNIQUE)`.execute(db().db)
    await sql`CREATE TABLE stray (id int PRIMARY KEY)`.execute(db().db)
    try {
      const violations = await citusViolations(db().db, {
        ...distribution,
        bad_notes: 'by-subject',
        bad_links: 'by-subject',
      })
      assert.ok(
        violations.some((v) => v.startsWith('bad_notes: primary key') && v.includes('(note_id, subject_id)')),
        violations.join('\n'),
      )
      assert.ok(
        violations.some((v) => v.startsWith('bad_links: unique index') && v.includes('(other)')),
        violations.join('\n'),
      )
      assert.ok(
        violations.includes('stray: not classified in distribution (by-subject, reference, global-log or coordinator)'),
        violations.join('\n'),
      )
      const asReference = await citusViolations(db().db, {
        ...distribution,
        bad_notes: 'reference',
        bad_links: 'by-subject',
        stray: 'reference',
      })
      assert.ok(
        asReference.includes('bad_notes: holds subject_id but is classified as a reference table'),
        asReference.join('\n'),
      )
    } finally {
      await sql`DROP TABLE bad_notes, bad_links, stray`.execute(db().db)
    }
  })
})
