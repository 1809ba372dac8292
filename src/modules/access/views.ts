/**
 * Who may see which record: decided here and nowhere else, from the catalogue's disclosure and
 * display window and the declared purpose — never by a list of kinds. Pure: `today` comes in.
 *
 * - public: organisations only; kinds disclosed to the public, inside their display window.
 *   A kind without a public display window (warning-only penalties, restricted kinds) is never public.
 * - relying party: the categories its declared purpose opens for this type of subject; a natural
 *   person's records, and consent-required kinds, only with a valid consent.
 * - subject: everything held on it. Officer and auditor: everything (every look is recorded).
 * - source: the records it submitted itself.
 *
 * On top of that, a record's standing: past its retention period (erased, or due to be) it shows only
 * as a tombstone, and only to the subject, officers and auditors; so does a record its source withdrew
 * or an officer's decision took back; an objection makes it "under objection" wherever it shows, and
 * once the source's answer is overdue it is suppressed from every view but the subject's and the
 * officers' (and auditors') until answered.
 */
import { erasureDueOn, publicDisplayEndsOn, type RecordKind, type SubjectType } from '../catalogue/index.ts'
import { purposeRules, type Purpose } from './purposes.ts'

export type Viewer =
  | { role: 'public' }
  | { role: 'relying_party'; purpose: Purpose; hasConsent: boolean }
  | { role: 'subject' }
  | { role: 'officer' }
  | { role: 'auditor' }
  | { role: 'source'; sourceId: string }

export interface RecordFacts {
  kind: Pick<RecordKind, 'category' | 'disclosure' | 'display' | 'retention' | 'polarity'>
  subjectType: SubjectType
  decidedOn: string
  conductEndedOn?: string | null
  sourceId: string
  /** what happened to the record after it was stored; absent: nothing */
  lifecycle?: RecordLifecycle
}

export interface RecordLifecycle {
  /** its content has been erased (a tombstone) */
  erased?: boolean
  /** withdrawn by its source, or taken back by an officer's decision on an objection */
  withdrawn?: boolean
  /** the undecided objection against it, with the last day its answer is due */
  objection?: { dueOn: string } | null
  /** it has left public display: its window ended, or its publication was ended early by credit repair */
  takenDown?: boolean
}

/**
 * - current: nothing against it
 * - under_objection: an objection awaits the source's answer (shown, and marked)
 * - suppressed: the answer is overdue (shown only to the subject, officers and auditors)
 * - withdrawn: taken back by the source or by an officer's decision (likewise)
 * - erased: past its retention period; only its tombstone remains (likewise, without content)
 */
export type Standing = 'current' | 'under_objection' | 'suppressed' | 'withdrawn' | 'erased'

/** A record's standing on `today` (YYYY-MM-DD, China Standard Time). */
export function standingOf(
  record: Pick<RecordFacts, 'kind' | 'decidedOn' | 'conductEndedOn' | 'lifecycle'>,
  today: string,
): Standing {
  const life = record.lifecycle
  if (life?.erased) return 'erased'
  const due = erasureDueOn(record.kind, record)
  if (due !== null && today >= due) return 'erased'
  if (life?.withdrawn) return 'withdrawn'
  if (life?.objection) return today > life.objection.dueOn ? 'suppressed' : 'under_objection'
  return 'current'
}

export type HiddenReason =
  | 'public_sees_organisations_only'
  | 'kind_not_public'
  | 'outside_display_window'
  | 'purpose_does_not_cover'
  | 'consent_required'
  | 'subject_only_purpose'
  | 'not_own_record'
  | 'retention_expired'
  | 'taken_down'
  | 'withdrawn'
  | 'suppressed_objection_unanswered'

export type Visibility =
  | { visible: true; standing: Standing; publicUntil?: string }
  | { visible: false; reason: HiddenReason }

const hiddenBecause: Record<Exclude<Standing, 'current' | 'under_objection'>, HiddenReason> = {
  erased: 'retention_expired',
  withdrawn: 'withdrawn',
  suppressed: 'suppressed_objection_unanswered',
}

export function decideVisibility(viewer: Viewer, record: RecordFacts, today: string): Visibility {
  const standing = standingOf(record, today)
  const seesEverything = viewer.role === 'subject' || viewer.role === 'officer' || viewer.role === 'auditor'
  if (seesEverything) return { visible: true, standing }
  if (standing !== 'current' && standing !== 'under_objection')
    return { visible: false, reason: hiddenBecause[standing] }
  const decision = disclosure(viewer, record, today)
  return decision.visible ? { ...decision, standing } : decision
}

/** Whether the viewer may see a record in good standing at all. */
function disclosure(
  viewer: Exclude<Viewer, { role: 'subject' | 'officer' | 'auditor' }>,
  record: RecordFacts,
  today: string,
): { visible: true; publicUntil?: string } | { visible: false; reason: HiddenReason } {
  switch (viewer.role) {
    case 'public': {
      if (record.subjectType === 'person') return { visible: false, reason: 'public_sees_organisations_only' }
      const until = publicDisplayEndsOn(record.kind, record.decidedOn)
      if (until === null) return { visible: false, reason: 'kind_not_public' }
      if (record.lifecycle?.takenDown) return { visible: false, reason: 'taken_down' }
      if (today >= until) return { visible: false, reason: 'outside_display_window' }
      return { visible: true, publicUntil: until }
    }
    case 'relying_party': {
      const rule = purposeRules[viewer.purpose]
      if (rule.subjectOnly) return { visible: false, reason: 'subject_only_purpose' }
      const isPerson = record.subjectType === 'person'
      const open = isPerson ? rule.persons : rule.organisations
      if (!open.has(record.kind.category)) return { visible: false, reason: 'purpose_does_not_cover' }
      if ((isPerson || record.kind.disclosure === 'consent_required') && !viewer.hasConsent)
        return { visible: false, reason: 'consent_required' }
      return { visible: true }
    }
    case 'source':
      return record.sourceId === viewer.sourceId ? { visible: true } : { visible: false, reason: 'not_own_record' }
  }
}
