import { readFile } from 'node:fs/promises'
import type { Database } from '../../db/database.ts'
import { appendAuditEvents, systemActor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { canonicalJson, sha256 } from '../../platform/crypto.ts'
import {
  CatalogueError,
  loadListCatalogue,
  type ListCatalogue,
  type StoredCatalogueVersion,
} from '../catalogue/index.ts'
import * as repo from './lists.repository.ts'
import { workingCalendarOf, type WorkingCalendar } from '../../platform/working-days.ts'

export interface Lists {
  lists: ListCatalogue
  calendar: WorkingCalendar
}

/** The list catalogue (refused unless within the charter) and the working-day calendar, from their files. */
export async function loadLists(
  recordKinds: ReadonlySet<string>,
  files: { listCatalogue: string; holidays: string },
): Promise<Lists> {
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
  const stored = await repo.findListCatalogueHash(database.db, lists.listCatalogueVersion)
  if (stored !== undefined && stored !== contentHash) {
    throw new CatalogueError('list catalogue', [
      {
        code: 'catalogue.version_reused',
        path: '/listCatalogueVersion',
        message: `list catalogue version ${lists.listCatalogueVersion} was loaded with other content; changed rules need a new version`,
      },
    ])
  }
  if (stored !== undefined) return
  const now = clock.now()
  await database.transaction(async (tx) => {
    // another process recorded it first: nothing to add
    if (
      !(await repo.insertListCatalogueVersion(tx, {
        version: lists.listCatalogueVersion,
        publishedOn: lists.publishedOn,
        contentJson,
        contentHash,
        loadedAt: now,
      }))
    )
      return
    await appendAuditEvents(tx, now, [
      {
        action: 'list_catalogue.loaded',
        actor: systemActor,
        subjectId: null,
        objectType: 'list_catalogue',
        objectId: lists.listCatalogueVersion,
        payload: {
          listCatalogueVersion: lists.listCatalogueVersion,
          contentHash,
          listKinds: lists.listKinds.length,
          measures: lists.measures.length,
        },
      },
    ])
  })
}

/** The stored list catalogue versions (for the public history), newest first, and one with its content. */
export const listCatalogueVersions = {
  list: (database: Database): Promise<StoredCatalogueVersion[]> => repo.listListCatalogueVersions(database.db),
  find: (database: Database, version: string): Promise<(StoredCatalogueVersion & { content: unknown }) | undefined> =>
    repo.findListCatalogueVersion(database.db, version),
}
