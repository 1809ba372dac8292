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
 */
import { publicDisplayEndsOn, type RecordKind, type SubjectType } from '../catalogue/index.ts'
import { purposeRules, type Purpose } from './purposes.ts'

export type Viewer =
  | { role: 'public' }
  | { role: 'relying_party'; purpose: Purpose; hasConsent: boolean }
  | { role: 'subject' }
  | { role: 'officer' }
  | { role: 'auditor' }
  | { role: 'source'; sourceId: string }

export interface RecordFacts {
  kind: Pick<RecordKind, 'category' | 'disclosure' | 'display'>
  subjectType: SubjectType
  decidedOn: string
  sourceId: string
}

export type HiddenReason =
  | 'public_sees_organisations_only'
  | 'kind_not_public'
  | 'outside_display_window'
  | 'purpose_does_not_cover'
  | 'consent_required'
  | 'subject_only_purpose'
  | 'not_own_record'

export type Visibility = { visible: true; publicUntil?: string } | { visible: false; reason: HiddenReason }

export function decideVisibility(viewer: Viewer, record: RecordFacts, today: string): Visibility {
  switch (viewer.role) {
    case 'public': {
      if (record.subjectType === 'person') return { visible: false, reason: 'public_sees_organisations_only' }
      const until = publicDisplayEndsOn(record.kind, record.decidedOn)
      if (until === null) return { visible: false, reason: 'kind_not_public' }
      if (today >= until) return { visible: false, reason: 'outside_display_window' }
      return { visible: true, publicUntil: until }
    }
    case 'relying_party': {
      const rule = purposeRules[viewer.purpose]
      if (rule.subjectOnly) return { visible: false, reason: 'subject_only_purpose' }
      const isPerson = record.subjectType === 'person'
      const open = isPerson ? rule.persons : rule.organisations
      if (!open.has(record.kind.category)) return { visible: false, reason: 'purpose_does_not_cover' }
      if ((isPerson || record.kind.disclosure === 'consent_required') && !viewer.hasConsent) return { visible: false, reason: 'consent_required' }
      return { visible: true }
    }
    case 'subject':
    case 'officer':
    case 'auditor':
      return { visible: true }
    case 'source':
      return record.sourceId === viewer.sourceId ? { visible: true } : { visible: false, reason: 'not_own_record' }
  }
}
