/**
 * The department check: does a measure apply to a subject in one of the department's domains? It
 * answers from the subject's entries in force and records an inquiry the subject sees, committed
 * before the answer leaves; under load, checks run in groups (one statement, one commit for many).
 */
import type { Database } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import type { Actor, AuditPayloads } from '../../platform/audit.ts'
import { addDays, chinaDate } from '../../platform/calendar.ts'
import { GroupRunner } from '../../platform/group.ts'
import type { DepartmentPrincipal } from '../../platform/principal.ts'
import { addDuration, earliestStartRunningOn, type Measure } from '../catalogue/index.ts'
import * as repo from './lists.repository.ts'
import { kindOf, type ListsContext } from './lists.service.ts'

export interface CheckResult {
  subjectId: string
  domain: string
  checkedAt: string
  /** whether any measure applies now */
  applies: boolean
  measures: {
    measure: string
    effect: Measure['effect']
    name: { zh: string; en: string }
    legalProvision: { zh: string; en: string }
    department: { zh: string; en: string }
    /** the sub-list items restricted (high consumption); empty for other measures */
    items: { code: string; name: { zh: string; en: string } }[]
    listEntry: {
      entryId: string
      listKind: string
      listName: { zh: string; en: string }
      legalBasis: { zh: string; en: string }
      startsOn: string
      endsOn: string
    }
    /** the last day the measure applies: the entry's end, or the measure's own maximum term if shorter */
    appliesUntil: string
  }[]
}

const checkers = new WeakMap<Database, GroupRunner<repo.CheckRequest, repo.CheckHit[]>>()

/** Checks run in groups under load: one statement and one commit for the lookups and inquiries of many. */
function checker(database: Database): GroupRunner<repo.CheckRequest, repo.CheckHit[]> {
  let runner = checkers.get(database)
  if (!runner) {
    runner = new GroupRunner((requests) => repo.checkAndRecord(database.db, requests))
    checkers.set(database, runner)
  }
  return runner
}

/**
 * A department asks whether a measure applies to a subject in one of its domains. Every check is an
 * inquiry the subject sees, committed before the answer leaves.
 */
export async function checkSubject(
  ctx: ListsContext,
  department: DepartmentPrincipal,
  actor: Actor,
  subjectId: string,
  domain: string,
): Promise<CheckResult> {
  if (!department.domains.has(domain))
    throw new AppError(
      'check.domain_not_registered',
      `${department.name} is registered for ${[...department.domains].join(', ')}, not ${domain}`,
      [{ pointer: '/domain', detail: "not one of this department's domains" }],
    )
  const now = ctx.clock.now()
  const today = chinaDate(now)
  const inDomain = ctx.lists.measures.filter((m) => m.domain === domain)
  // a measure lasts no longer than its own maximum, counted from the entry's start: it still applies
  // today to entries that started on or after the earliest start whose maximum has not run out
  const measures = inDomain.map((m) => ({
    code: m.code,
    listKind: m.listKind,
    area: m.area,
    minStart: earliestStartRunningOn(today, m.maxTerm),
  }))
  const payload = { department: department.name, departmentName: department.displayName, domain } satisfies Omit<
    AuditPayloads['check.made'],
    'applies' | 'entries'
  >
  const hits = await checker(ctx.database).submit({ subjectId, today, measures, at: now, actor, payload })
  const found: CheckResult['measures'] = hits.map((hit) => {
    // one measure type may follow several list kinds and areas: the selection is the one the entry matched
    const m = inDomain.find(
      (x) => x.code === hit.measure && x.listKind === hit.list_kind && (x.area === null || x.area === hit.area),
    )!
    const kind = kindOf(ctx, hit.list_kind)
    const until = addDuration(hit.starts_on, m.maxTerm)
    const endsOn = until < hit.ends_on ? until : hit.ends_on
    return {
      measure: m.code,
      effect: m.effect,
      name: m.name,
      legalProvision: m.legalProvision,
      department: m.department,
      items: m.items.map((x) => ({ code: x.code, name: x.name })),
      listEntry: {
        entryId: hit.entry_id,
        listKind: kind.code,
        listName: kind.name,
        legalBasis: kind.legalBasis,
        startsOn: hit.starts_on,
        endsOn: hit.ends_on,
      },
      appliesUntil: addDays(endsOn, -1),
    }
  })
  return { subjectId, domain, checkedAt: now.toISOString(), applies: found.length > 0, measures: found }
}
