import { sql } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { StoredCatalogueVersion } from './catalogue.ts'

export async function findCatalogueVersion(db: Db, version: string): Promise<{ contentHash: string } | undefined> {
  const row = await db
    .selectFrom('catalogue_versions')
    .select('content_hash')
    .where('catalogue_version', '=', version)
    .executeTakeFirst()
  return row ? { contentHash: row.content_hash } : undefined
}

export async function insertCatalogueVersion(
  tx: Tx,
  row: { version: string; publishedOn: string; contentJson: string; contentHash: string; loadedAt: Date },
): Promise<void> {
  await tx.db
    .insertInto('catalogue_versions')
    .values({
      catalogue_version: row.version,
      published_on: row.publishedOn,
      content: row.contentJson,
      content_hash: row.contentHash,
      loaded_at: row.loadedAt,
    })
    .execute()
}

// dates as text on both engines
const versionColumns = [
  'catalogue_version',
  sql<string>`published_on::text`.as('published_on'),
  'content_hash',
  'loaded_at',
] as const

const versionOf = (r: {
  catalogue_version: string
  published_on: string
  content_hash: string
  loaded_at: Date | string
}): StoredCatalogueVersion => ({
  version: r.catalogue_version,
  publishedOn: r.published_on,
  contentHash: r.content_hash,
  loadedAt: new Date(r.loaded_at),
})

/** Every stored version, newest first (by when it was loaded). */
export async function listCatalogueVersions(db: Db): Promise<StoredCatalogueVersion[]> {
  const rows = await db
    .selectFrom('catalogue_versions')
    .select(versionColumns)
    .orderBy('loaded_at', 'desc')
    .orderBy('catalogue_version', 'desc')
    .execute()
  return rows.map(versionOf)
}

/** One stored version with its content as loaded. */
export async function findCatalogueVersionContent(
  db: Db,
  version: string,
): Promise<(StoredCatalogueVersion & { content: unknown }) | undefined> {
  const row = await db
    .selectFrom('catalogue_versions')
    .select([...versionColumns, 'content'])
    .where('catalogue_version', '=', version)
    .executeTakeFirst()
  return row ? { ...versionOf(row), content: row.content } : undefined
}

/** The content of every stored version, oldest first (by when it was loaded). */
export async function storedCatalogueContents(db: Db): Promise<unknown[]> {
  return (await db.selectFrom('catalogue_versions').select(['content']).orderBy('loaded_at').execute()).map(
    (r) => r.content,
  )
}
