import type { Database } from '../../db/database.ts'
import { appendAuditEvents, systemActor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { canonicalJson, sha256 } from '../../platform/crypto.ts'
import { prepareCatalogue, type ActiveCatalogue } from './active.ts'
import { DICTIONARY_VERSION } from './dictionary/index.ts'
import { loadCatalogue, CatalogueError } from './load.ts'
import * as repo from './catalogue.repository.ts'

/**
 * Loads the catalogue file, refuses it unless it passes the charter validator, and records its version
 * (content and hash, with an audit event) the first time it is seen. A version number is published
 * once: a file that reuses a stored version number with different content is refused.
 */
export async function activateCatalogue(database: Database, clock: Clock, path?: string): Promise<ActiveCatalogue> {
  const catalogue = await loadCatalogue(path)
  // the file as written (the derived field schemas left out), so that a new release of the dictionary does not
  // make an unchanged catalogue file look like a reused version number
  const contentJson = canonicalJson({ ...catalogue, kinds: catalogue.kinds.map(({ fields: _derived, ...kind }) => kind) })
  const contentHash = sha256(contentJson).toString('hex')
  const stored = await repo.findCatalogueVersion(database.db, catalogue.catalogueVersion)
  if (stored && stored.contentHash !== contentHash) {
    throw new CatalogueError(path ?? 'catalogue', [{
      code: 'catalogue.version_reused', path: '/catalogueVersion',
      message: `catalogue version ${catalogue.catalogueVersion} was published with other content; a changed catalogue needs a new version`,
    }])
  }
  if (!stored) {
    const now = clock.now()
    await database.transaction(async (tx) => {
      await repo.insertCatalogueVersion(tx, { version: catalogue.catalogueVersion, publishedOn: catalogue.publishedOn, contentJson, contentHash, loadedAt: now })
      await appendAuditEvents(tx, now, [{ action: 'catalogue.loaded', actor: systemActor, subjectId: null, objectType: 'catalogue', objectId: catalogue.catalogueVersion, payload: { catalogueVersion: catalogue.catalogueVersion, contentHash, kinds: catalogue.kinds.length, dictionaryVersion: DICTIONARY_VERSION } }])
    })
  }
  return prepareCatalogue(catalogue)
}
