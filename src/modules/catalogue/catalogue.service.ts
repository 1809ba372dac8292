import type { Database } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvents, listCatalogueEvents, systemActor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { canonicalJson, sha256 } from '../../platform/crypto.ts'
import { prepareCatalogue, type ActiveCatalogue } from './active.ts'
import type { StoredCatalogueVersion } from './catalogue.ts'
import type {
  CatalogueDiffView,
  CatalogueType,
  PublishedCatalogue,
  StoredVersionView,
  VersionContent,
  Versions,
} from './catalogue.schemas.ts'
import { DATA_ELEMENTS, DICTIONARY_VERSION } from './dictionary/index.ts'
import { kindAsWritten } from './dictionary/kinds.ts'
import { diffListCatalogues, diffRecordKinds, type ElementRef } from './diff.ts'
import type { ListCatalogue } from './list-catalogue.ts'
import { loadCatalogue, CatalogueError } from './load.ts'
import { publishedCatalogue } from './published.ts'
import * as repo from './catalogue.repository.ts'

/**
 * Loads the catalogue file, refuses it unless it passes the charter validator, and records its version
 * (content and hash, with an audit event) the first time it is seen. A version number is published
 * once: a file that reuses a stored version number with different content is refused.
 */
export async function activateCatalogue(database: Database, clock: Clock, path?: string): Promise<ActiveCatalogue> {
  const catalogue = await loadCatalogue(path)
  // the file as written (what the dictionaries give — the field schemas, a kind's name, legal basis, category,
  // polarity and severity — left out), so that a new release of the dictionaries does not
  // make an unchanged catalogue file look like a reused version number
  const contentJson = canonicalJson({ ...catalogue, kinds: catalogue.kinds.map(kindAsWritten) })
  const contentHash = sha256(contentJson).toString('hex')
  const stored = await repo.findCatalogueVersion(database.db, catalogue.catalogueVersion)
  if (stored && stored.contentHash !== contentHash) {
    throw new CatalogueError(path ?? 'catalogue', [
      {
        code: 'catalogue.version_reused',
        path: '/catalogueVersion',
        message: `catalogue version ${catalogue.catalogueVersion} was published with other content; a changed catalogue needs a new version`,
      },
    ])
  }
  if (!stored) {
    const now = clock.now()
    await database.transaction(async (tx) => {
      await repo.insertCatalogueVersion(tx, {
        version: catalogue.catalogueVersion,
        publishedOn: catalogue.publishedOn,
        contentJson,
        contentHash,
        loadedAt: now,
      })
      await appendAuditEvents(tx, now, [
        {
          action: 'catalogue.loaded',
          actor: systemActor,
          subjectId: null,
          objectType: 'catalogue',
          objectId: catalogue.catalogueVersion,
          payload: {
            catalogueVersion: catalogue.catalogueVersion,
            contentHash,
            kinds: catalogue.kinds.length,
            dictionaryVersion: DICTIONARY_VERSION,
          },
        },
      ])
    })
  }
  return prepareCatalogue(catalogue)
}

type StoredWithContent = StoredCatalogueVersion & { content: unknown }

/** What the public catalogue routes read: the catalogues in force, and the stores and log the other modules own. */
export interface CatalogueContext {
  database: Database
  active: ActiveCatalogue
  lists: ListCatalogue
  /** the list catalogue's stored versions (owned by the lists module) */
  listVersions: {
    list(): Promise<StoredCatalogueVersion[]>
    find(version: string): Promise<StoredWithContent | undefined>
  }
  /** where audit events are in the transparency log (owned by the transparency module); absent until appended */
  logPositions(seqs: readonly number[]): Promise<ReadonlyMap<number, { leafIndex: number; canonical: string }>>
}

/** The catalogue in force, resolved for reading. */
export function catalogueInForce(ctx: Pick<CatalogueContext, 'active' | 'lists'>): PublishedCatalogue {
  return publishedCatalogue(ctx.active.catalogue, ctx.lists, DATA_ELEMENTS, DICTIONARY_VERSION)
}

/** The history of both catalogues, newest first, each version with the audit event that recorded it and its place in the log. */
export async function catalogueVersions(ctx: CatalogueContext): Promise<Versions> {
  const [kinds, lists, kindEvents, listEvents] = await Promise.all([
    repo.listCatalogueVersions(ctx.database.db),
    ctx.listVersions.list(),
    listCatalogueEvents(ctx.database.db, 'catalogue.loaded'),
    listCatalogueEvents(ctx.database.db, 'list_catalogue.loaded'),
  ])
  const positions = await ctx.logPositions([...kindEvents, ...listEvents].map((e) => e.seq))
  const view = (events: typeof kindEvents, inForce: string) => {
    // the first event recorded a version; there is one per version
    const byVersion = new Map<string, (typeof kindEvents)[number]>()
    for (const e of events) if (!byVersion.has(e.objectId)) byVersion.set(e.objectId, e)
    return (v: StoredCatalogueVersion): StoredVersionView => {
      const e = byVersion.get(v.version)
      const p = e ? positions.get(e.seq) : undefined
      return {
        version: v.version,
        publishedOn: v.publishedOn,
        loadedAt: v.loadedAt.toISOString(),
        contentHash: v.contentHash,
        inForce: v.version === inForce,
        recordedBy: e
          ? {
              seq: e.seq,
              action: e.action,
              occurredAt: e.occurredAt,
              leafIndex: p?.leafIndex ?? null,
              canonical: p?.canonical ?? null,
            }
          : null,
      }
    }
  }
  return {
    recordKinds: kinds.map(view(kindEvents, ctx.active.version)),
    lists: lists.map(view(listEvents, ctx.lists.listCatalogueVersion)),
  }
}

async function storedVersion(
  ctx: CatalogueContext,
  type: CatalogueType,
  version: string,
  pointer: string,
): Promise<StoredWithContent> {
  const stored =
    type === 'kinds'
      ? await repo.findCatalogueVersionContent(ctx.database.db, version)
      : await ctx.listVersions.find(version)
  if (!stored) {
    throw new AppError(
      'catalogue.version_not_found',
      `no ${type === 'kinds' ? 'record-kind' : 'list'} catalogue version ${version} has been loaded here`,
      [{ pointer, detail: 'not a stored version' }],
    )
  }
  return stored
}

/** A stored version with its content as it was loaded. */
export async function getCatalogueVersion(
  ctx: CatalogueContext,
  type: CatalogueType,
  version: string,
): Promise<VersionContent> {
  const v = await storedVersion(ctx, type, version, '/version')
  const inForce = type === 'kinds' ? ctx.active.version : ctx.lists.listCatalogueVersion
  return {
    type,
    version: v.version,
    publishedOn: v.publishedOn,
    loadedAt: v.loadedAt.toISOString(),
    contentHash: v.contentHash,
    inForce: v.version === inForce,
    content: v.content,
  }
}

/** What changed from one stored version to another, with the elements named from the dictionary in force. */
export async function diffCatalogueVersions(
  ctx: CatalogueContext,
  type: CatalogueType,
  from: string,
  to: string,
): Promise<CatalogueDiffView> {
  const [a, b] = await Promise.all([
    storedVersion(ctx, type, from, '/querystring/from'),
    storedVersion(ctx, type, to, '/querystring/to'),
  ])
  const sections = type === 'kinds' ? diffRecordKinds(a.content, b.content) : diffListCatalogues(a.content, b.content)
  const nameOf = (code: string) => DATA_ELEMENTS.get(code)?.name ?? null
  const labelsOf = (code: string): Record<string, { zh: string; en: string }> => {
    const value = DATA_ELEMENTS.get(code)?.value
    return value?.type === 'code' || value?.type === 'codes'
      ? Object.fromEntries(Object.entries(value.values).map(([c, [zh, en]]) => [c, { zh, en }]))
      : {}
  }
  const named = (r: ElementRef) => ({ ...r, name: nameOf(r.element) })
  return {
    type,
    from: { version: a.version, publishedOn: a.publishedOn },
    to: { version: b.version, publishedOn: b.publishedOn },
    sections: sections.map((s) => ({
      ...s,
      changed: s.changed.map((c) => ({
        ...c,
        elements: c.elements && {
          ...c.elements,
          added: c.elements.added.map(named),
          removed: c.elements.removed.map(named),
          narrowed: c.elements.narrowed.map((n) => ({ ...n, name: nameOf(n.element), labels: labelsOf(n.element) })),
        },
      })),
    })),
  }
}
