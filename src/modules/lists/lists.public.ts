/**
 * The public's browsing of the red and black lists: entries in force on publicly disclosed list kinds,
 * about organisations (a person has no public file), latest decision first, by list, agency, region
 * and date, each naming its organisation so that a page can link to it.
 */
import { chinaDate } from '../../platform/calendar.ts'
import * as repo from './lists.repository.ts'
import type { ListsContext } from './lists.service.ts'

export interface PublicEntriesFilter {
  listType?: 'red' | 'black'
  listKind?: string
  agency?: string
  /** the first 2, 4 or 6 digits of the organisations' administrative division */
  region?: string
  from?: string
  to?: string
  page: number
  size: number
}

export interface PublicEntryItem {
  entryId: string
  listKind: string
  listType: 'red' | 'black'
  listName: { zh: string; en: string }
  legalBasis: { zh: string; en: string }
  criterion: { code: string; name: { zh: string; en: string } }
  decidedOn: string | null
  decidingAgency: string | null
  startsOn: string | null
  endsOn: string | null
  subject: { subjectId: string; name: string; uscc: string | null; subjectType: string; divisionCode: string | null }
}

/** A page of public entries in force, the kinds there are to choose from, the agencies, and whether more follow. */
export async function browsePublicEntries(
  ctx: ListsContext,
  filter: PublicEntriesFilter,
): Promise<{
  entries: PublicEntryItem[]
  page: number
  more: boolean
  listKinds: { code: string; type: 'red' | 'black'; name: { zh: string; en: string } }[]
  agencies: string[]
}> {
  const today = chinaDate(ctx.clock.now())
  const publicKinds = ctx.lists.listKinds.filter(
    (k) => k.disclosure === 'public' && (filter.listType === undefined || k.type === filter.listType),
  )
  const kinds = publicKinds.map((k) => k.code).filter((c) => filter.listKind === undefined || c === filter.listKind)
  const [rows, agencies] = await Promise.all([
    repo.publicEntriesPage(ctx.database.db, {
      kinds,
      today,
      ...(filter.listType === undefined ? {} : { listType: filter.listType }),
      ...(filter.agency === undefined ? {} : { agency: filter.agency }),
      ...(filter.region === undefined ? {} : { division: filter.region }),
      ...(filter.from === undefined ? {} : { decidedFrom: filter.from }),
      ...(filter.to === undefined ? {} : { decidedTo: filter.to }),
      limit: filter.size + 1,
      offset: (filter.page - 1) * filter.size,
    }),
    repo.agenciesInForce(
      ctx.database.db,
      publicKinds.map((k) => k.code),
      today,
    ),
  ])
  const entries = rows.slice(0, filter.size).flatMap((row): PublicEntryItem[] => {
    const kind = publicKinds.find((k) => k.code === row.list_kind)
    if (!kind) return []
    const criterion = kind.criteria.find((c) => c.code === row.criterion)
    return [
      {
        entryId: row.entry_id,
        listKind: row.list_kind,
        listType: row.list_type,
        listName: kind.name,
        legalBasis: kind.legalBasis,
        criterion: { code: row.criterion, name: criterion?.name ?? { zh: row.criterion, en: row.criterion } },
        decidedOn: row.decided_on,
        decidingAgency: row.deciding_agency,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        subject: {
          subjectId: row.subject_id,
          name: row.subject_name,
          uscc: row.subject_uscc,
          subjectType: row.subject_type,
          divisionCode: row.division_code,
        },
      },
    ]
  })
  return {
    entries,
    page: filter.page,
    more: rows.length > filter.size,
    listKinds: publicKinds.map((k) => ({ code: k.code, type: k.type, name: k.name })),
    agencies,
  }
}
