/**
 * "Double publicity": anyone browses the administrative licences and penalties decided on
 * organisations, newest first, by agency, region and date, each linking to the organisation's page.
 * What is shown is what the organisation's public file shows (the same visibility rule, access/views.ts):
 * public kinds inside their display window, in good standing; never a person.
 */
import { chinaDate, dayNumberOf, dateOfDayNumber } from '../../platform/calendar.ts'
import { decideVisibility } from '../access/index.ts'
import { publicDisplayEndsOn, type RecordKind } from '../catalogue/index.ts'
import type { SubjectType } from '../subjects/index.ts'
import type { RecordsContext } from './records.context.ts'
import { factsOf, indexObjections } from './records.read.ts'
import * as repo from './records.repository.ts'

/** The two kinds of decision double publicity shows, as catalogue categories. */
export const PUBLICITY_CATEGORIES = ['licensing', 'administrative_penalties'] as const
export type PublicityCategory = (typeof PUBLICITY_CATEGORIES)[number]

export interface PublicityFilter {
  category: PublicityCategory
  sourceId?: string
  /** the first 2, 4 or 6 digits of the organisations' administrative division */
  region?: string
  from?: string
  to?: string
  page: number
  size: number
}

export interface PublicityItem {
  recordId: string
  kind: string
  kindName: { zh: string; en: string }
  decidedOn: string
  publicUntil: string
  source: { sourceId: string; displayName: string }
  subject: { subjectId: string; name: string; uscc: string | null; subjectType: string }
  fields: Record<string, unknown>
  underObjection: boolean
}

/**
 * The first decision day of `kind` still on public display today (its window is a period added to the
 * decision day, so the days still shown are those from this one on), found by halving: the rule stays
 * `publicDisplayEndsOn`'s alone.
 */
export function firstDayShown(kind: RecordKind, today: string): string | undefined {
  if (publicDisplayEndsOn(kind, today) === null) return undefined
  let lo = dayNumberOf(today) - 366 * 200
  let hi = dayNumberOf(today)
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (publicDisplayEndsOn(kind, dateOfDayNumber(mid))! > today) hi = mid
    else lo = mid + 1
  }
  return dateOfDayNumber(lo)
}

/** A page of public licences or penalties, newest first, and whether there are more. */
export async function browsePublicRecords(
  ctx: RecordsContext,
  filter: PublicityFilter,
): Promise<{ records: PublicityItem[]; page: number; more: boolean }> {
  const today = chinaDate(ctx.clock.now())
  const kinds = [...ctx.catalogue.kinds.values()].filter(
    (k) => k.category === filter.category && k.disclosure === 'public',
  )
  const shown = kinds.flatMap((k) => {
    const from = firstDayShown(k, today)
    return from === undefined ? [] : [{ code: k.code, from }]
  })
  const offset = (filter.page - 1) * filter.size
  // one more than the page, to know whether another follows
  const rows = await repo.publicVersionsPage(ctx.database.db, {
    kinds: shown,
    ...(filter.sourceId === undefined ? {} : { sourceId: filter.sourceId }),
    ...(filter.region === undefined ? {} : { division: filter.region }),
    ...(filter.from === undefined ? {} : { decidedFrom: filter.from }),
    ...(filter.to === undefined ? {} : { decidedTo: filter.to }),
    limit: filter.size + 1,
    offset,
  })
  const records: PublicityItem[] = []
  for (const v of rows.slice(0, filter.size)) {
    const kind = ctx.catalogue.kinds.get(v.kind_code)
    if (!kind) continue
    const ofRecord = indexObjections(v.objections ?? []).get(v.record_id)
    const decision = decideVisibility(
      { role: 'public' },
      factsOf(kind, { subjectType: v.subject_type as SubjectType }, v, ofRecord, true),
      today,
    )
    // withdrawn, or hidden while its source is late to answer an objection: not shown, as on the organisation's page
    if (!decision.visible || decision.publicUntil === undefined) continue
    records.push({
      recordId: v.record_id,
      kind: kind.code,
      kindName: kind.name,
      decidedOn: v.decided_on,
      publicUntil: decision.publicUntil,
      source: { sourceId: v.source_id, displayName: v.source_display_name },
      subject: { subjectId: v.subject_id, name: v.subject_name, uscc: v.subject_uscc, subjectType: v.subject_type },
      fields: v.fields,
      underObjection: decision.standing === 'under_objection',
    })
  }
  return { records, page: filter.page, more: rows.length > filter.size }
}

/** The agencies that have published decisions of this category (for the filter), by display name. */
export async function publicityAgencies(
  ctx: RecordsContext,
  category: PublicityCategory,
): Promise<{ sourceId: string; displayName: string }[]> {
  const kinds = [...ctx.catalogue.kinds.values()].filter((k) => k.category === category && k.disclosure === 'public')
  return (
    await repo.sourcesOfKinds(
      ctx.database.db,
      kinds.map((k) => k.code),
    )
  ).map((s) => ({ sourceId: s.source_id, displayName: s.display_name }))
}
