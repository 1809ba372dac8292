import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration'
import type { Database } from './database.ts'
import * as m0001 from './migrations/0001-foundation.ts'
import * as m0002 from './migrations/0002-relying-parties-consents.ts'

/** Migrations in order. Never edit one that has landed: add the next. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-relying-parties-consents': m0002,
}

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'fides_migrations',
    migrationLockTableName: 'fides_migrations_lock',
  })
  const result = await migrator.migrateToLatest()
  if (result.error) throw result.error
  return result
}
