import { sql, type Kysely } from 'kysely'
import { pinyinKeys } from '../../modules/subjects/pinyin.ts'

/**
 * Public search by pinyin: each organisation's name as Latin letters, full (`name_pinyin`,
 * chongqingchanglefangzhi...) and initials (`name_initials`, cqclfz...), computed when the subject is
 * registered (subjects/pinyin.ts) and here for the organisations already registered. Indexed like the
 * names (migration 0027): in byte order for "starts with" (a range of the index), and by trigrams for
 * "holds" and "alike" (pinyin is plain ASCII, so every query of three letters or more has trigrams).
 * Persons have no name in clear and are in no index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE subjects ADD COLUMN name_pinyin text, ADD COLUMN name_initials text`.execute(db)
  // the organisations already registered, a thousand at a time in id order
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const { rows } = await sql<{ subject_id: string; name: string }>`
      SELECT subject_id, name FROM subjects WHERE subject_type <> 'person' AND name IS NOT NULL AND subject_id > ${after}::uuid
      ORDER BY subject_id LIMIT 1000`.execute(db)
    if (rows.length === 0) break
    const keys = rows.map((r) => pinyinKeys(r.name))
    await sql`UPDATE subjects SET name_pinyin = k.pinyin, name_initials = k.initials
      FROM unnest(${rows.map((r) => r.subject_id)}::uuid[], ${keys.map((k) => k.full)}::text[], ${keys.map((k) => k.initials)}::text[]) AS k(id, pinyin, initials)
      WHERE subjects.subject_id = k.id`.execute(db)
    after = rows.at(-1)!.subject_id
  }
  for (const statement of [
    `CREATE INDEX subjects_pinyin_order ON subjects ((name_pinyin COLLATE "C"), subject_id) WHERE subject_type <> 'person'`,
    `CREATE INDEX subjects_initials_order ON subjects ((name_initials COLLATE "C"), subject_id) WHERE subject_type <> 'person'`,
    `CREATE INDEX subjects_pinyin_trgm ON subjects USING gin (name_pinyin gin_trgm_ops) WHERE subject_type <> 'person'`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX subjects_pinyin_trgm`.execute(db)
  await sql`DROP INDEX subjects_initials_order`.execute(db)
  await sql`DROP INDEX subjects_pinyin_order`.execute(db)
  await sql`ALTER TABLE subjects DROP COLUMN name_initials, DROP COLUMN name_pinyin`.execute(db)
}
