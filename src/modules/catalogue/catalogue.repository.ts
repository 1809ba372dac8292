import type { Db, Tx } from '../../db/database.ts'

export async function findCatalogueVersion(db: Db, version: string): Promise<{ contentHash: string } | undefined> {
  const row = await db.selectFrom('catalogue_versions').select('content_hash').where('catalogue_version', '=', version).executeTakeFirst()
  return row ? { contentHash: row.content_hash } : undefined
}

export async function insertCatalogueVersion(tx: Tx, row: { version: string; publishedOn: string; contentJson: string; contentHash: string; loadedAt: Date }): Promise<void> {
  await tx.db.insertInto('catalogue_versions').values({
    catalogue_version: row.version, published_on: row.publishedOn, content: row.contentJson, content_hash: row.contentHash, loaded_at: row.loadedAt,
  }).execute()
}
