import { sql, type Kysely } from 'kysely'
import { pinyinKeys } from '../../modules/subjects/pinyin.ts'

/**
 * Pinyin read by words (issue 18): an organisation's name has one reading now, its words' (银行 yinhang,
 * never yinxing as well; 长沙 changsha after 湖南省 too), where migration 0028 stored a second reading,
 * character by character, beside it. The keys of the organisations already registered are computed
 * again (subjects/pinyin.ts), a thousand at a time in id order; a name whose keys are unchanged is not
 * written. The indexes of 0028 stay as they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const { rows } = await sql<{
      subject_id: string
      name: string
      name_pinyin: string | null
      name_initials: string | null
    }>`
      SELECT subject_id, name, name_pinyin, name_initials FROM subjects
      WHERE subject_type <> 'person' AND name IS NOT NULL AND subject_id > ${after}::uuid
      ORDER BY subject_id LIMIT 1000`.execute(db)
    if (rows.length === 0) break
    const changed = rows.flatMap((r) => {
      const keys = pinyinKeys(r.name)
      return keys.full === r.name_pinyin && keys.initials === r.name_initials ? [] : [{ id: r.subject_id, ...keys }]
    })
    if (changed.length > 0)
      await sql`UPDATE subjects SET name_pinyin = k.pinyin, name_initials = k.initials
        FROM unnest(${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.full)}::text[], ${changed.map((c) => c.initials)}::text[]) AS k(id, pinyin, initials)
        WHERE subjects.subject_id = k.id`.execute(db)
    after = rows.at(-1)!.subject_id
  }
}

/** The keys stay as they are: the reading of 0028 is not wanted back. */
export async function down(): Promise<void> {}
