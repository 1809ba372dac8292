// What the `fides` commands share: the context a command runs in (the configuration, the database migrated
// to the latest, the catalogue in force), the operator as the actor of what it changes, and usage errors.
import { loadConfig, type Config } from '../config.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { migrateToLatest } from '../db/migrator.ts'
import { systemClock } from '../platform/clock.ts'
import type { Actor } from '../platform/audit.ts'
import { activateCatalogue, type ActiveCatalogue } from '../modules/catalogue/index.ts'

export const operatorOf = (config: Readonly<Config>): Actor => ({ type: 'operator', id: config.operator })

export class UsageError extends Error {}

export interface Context {
  config: Readonly<Config>
  database: Database
  catalogue: ActiveCatalogue
}

export async function withContext<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  const config = await loadConfig()
  const database = await openDatabase(config.database)
  try {
    await migrateToLatest(database)
    const catalogue = await activateCatalogue(database, systemClock, config.catalogueFile)
    return await fn({ config, database, catalogue })
  } finally {
    await database.close()
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`)
  return value
}
