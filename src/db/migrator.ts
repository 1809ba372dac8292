import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration'
import type { Database } from './database.ts'
import * as m0001 from './migrations/0001-foundation.ts'
import * as m0002 from './migrations/0002-relying-parties-consents.ts'
import * as m0003 from './migrations/0003-accounts-sessions.ts'
import * as m0004 from './migrations/0004-departments.ts'
import * as m0005 from './migrations/0005-transparency-log.ts'
import * as m0006 from './migrations/0006-objections-retention.ts'
import * as m0007 from './migrations/0007-lists.ts'
import * as m0008 from './migrations/0008-repair.ts'
import * as m0009 from './migrations/0009-score-models.ts'
import * as m0010 from './migrations/0010-ratings.ts'
import * as m0011 from './migrations/0011-name-search.ts'
import * as m0012 from './migrations/0012-source-accounts-imports.ts'
import * as m0013 from './migrations/0013-list-step-reasons.ts'
import * as m0014 from './migrations/0014-model-reasons.ts'
import * as m0015 from './migrations/0015-relying-party-accounts.ts'
import * as m0016 from './migrations/0016-evidence-documents.ts'
import * as m0017 from './migrations/0017-list-catalogue-versions.ts'
import * as m0018 from './migrations/0018-catalogue-events-index.ts'
import * as m0019 from './migrations/0019-sign-in-throttles.ts'
import * as m0025 from './migrations/0025-log-cosignatures.ts'
import * as m0026 from './migrations/0026-import-interrupted.ts'
import * as m0027 from './migrations/0027-search-indexes.ts'
import * as m0028 from './migrations/0028-name-pinyin.ts'
import * as m0029 from './migrations/0029-public-browsing.ts'
import * as m0030 from './migrations/0030-claim-decisions.ts'
import * as m0032 from './migrations/0032-name-pinyin-words.ts'
import * as m0034 from './migrations/0034-given-scores.ts'

/** Migrations in order. Never edit one that has landed: add the next. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-relying-parties-consents': m0002,
  '0003-accounts-sessions': m0003,
  '0004-departments': m0004,
  '0005-transparency-log': m0005,
  '0006-objections-retention': m0006,
  '0007-lists': m0007,
  '0008-repair': m0008,
  '0009-score-models': m0009,
  '0010-ratings': m0010,
  '0011-name-search': m0011,
  '0012-source-accounts-imports': m0012,
  '0013-list-step-reasons': m0013,
  '0014-model-reasons': m0014,
  '0015-relying-party-accounts': m0015,
  '0016-evidence-documents': m0016,
  '0017-list-catalogue-versions': m0017,
  '0018-catalogue-events-index': m0018,
  '0019-sign-in-throttles': m0019,
  '0025-log-cosignatures': m0025,
  '0026-import-interrupted': m0026,
  '0027-search-indexes': m0027,
  '0028-name-pinyin': m0028,
  '0029-public-browsing': m0029,
  '0030-claim-decisions': m0030,
  '0032-name-pinyin-words': m0032,
  '0034-given-scores': m0034,
}

const migratorOf = (database: Database) =>
  new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'fides_migrations',
    migrationLockTableName: 'fides_migrations_lock',
  })

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const result = await migratorOf(database).migrateToLatest()
  if (result.error) throw result.error
  return result
}

/** Up (or down) to the named migration: for tests of an upgrade from a database with data of an earlier version. */
export async function migrateTo(database: Database, name: keyof typeof migrations): Promise<MigrationResultSet> {
  const result = await migratorOf(database).migrateTo(name)
  if (result.error) throw result.error
  return result
}
