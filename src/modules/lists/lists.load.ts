import { readFile } from 'node:fs/promises'
import type { Database } from '../../db/database.ts'
import { appendAuditEvents, systemActor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { canonicalJson, sha256 } from '../../platform/crypto.ts'
import { CatalogueError, loadListCatalogue, type ListCatalogue } from '../catalogue/index.ts'
import { workingCalendarOf, type WorkingCalendar } from '../../platform/working-days.ts'

export interface Lists { lists: ListCatalogue; calendar: WorkingCalendar }

/** The list catalogue (refused unless within the charter) and the working-day calendar, from their files. */
export async function loadLists(recordKinds: ReadonlySet<string>, files: { listCatalogue: string; holidays: string }): Promise<Lists> {
  const lists = await loadListCatalogue(recordKinds, files.listCatalogue)
  const calendar = workingCalendarOf(JSON.parse(await readFile(files.holidays, 'utf8')))
  return { lists, calendar }
}

/**
 * Records the list catalogue in force as a version (once per version, with its content and hash and a
 * `list_catalogue.loaded` event); a version already recorded with other content is refused: changed
 * rules need a new version number.
 */
export async function activateListCatalogue(database: Database, clock: Clock, lists: ListCatalogue): Promise<void> {
  const contentJson = canonicalJson(lists)
  const contentHash = sha256(contentJson).toString('hex')
  const stored = await database.db.selectFrom('list_catalogue_versions').select('content_hash').where('list_catalogue_version', '=', lists.listCatalogueVersion).executeTakeFirst()
  if (stored && stored.content_hash !== contentHash) {
    throw new CatalogueError('list catalogue', [{ code: 'catalogue.version_reused', path: '/listCatalogueVersion', message: `list catalogue version ${lists.listCatalogueVersion} was loaded with other content; changed rules need a new version` }])
  }
  if (stored) return
  const now = clock.now()
  await database.transaction(async (tx) => {
    const inserted = await tx.db.insertInto('list_catalogue_versions')
      .values({ list_catalogue_version: lists.listCatalogueVersion, published_on: lists.publishedOn, content: contentJson, content_hash: contentHash, loaded_at: now })
      .onConflict((oc) => oc.column('list_catalogue_version').doNothing()).returning('list_catalogue_version').execute()
    // another process recorded it first: nothing to add
    if (inserted.length === 0) return
    await appendAuditEvents(tx, now, [{ action: 'list_catalogue.loaded', actor: systemActor, subjectId: null, objectType: 'list_catalogue', objectId: lists.listCatalogueVersion, payload: { listCatalogueVersion: lists.listCatalogueVersion, contentHash, listKinds: lists.listKinds.length, measures: lists.measures.length } }])
  })
}
