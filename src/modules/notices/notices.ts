/**
 * Notices to subjects: what happened to their file that they must know about — a source corrected
 * one of their records, an objection was answered or went unanswered, a record left public display
 * or was erased. A notice names the record or objection and says why; it never repeats a record's
 * content or a personal identifier. Stored per subject and shown in the subject's own view;
 * delivery channels (mail, SMS) can read the same rows later.
 */
export const noticeKinds = [
  'record.corrected',
  'objection.filed',
  'objection.answered',
  'objection.overdue',
  'objection.escalated',
  'objection.decided',
  'record.taken_down',
  'record.erased',
  'list_entry.noticed',
  'list_entry.decided',
  'list_entry.ended',
  'repair.received',
  'repair.feedback',
  'repair.decided',
] as const
export type NoticeKind = (typeof noticeKinds)[number]

export interface Notice {
  subjectId: string
  kind: NoticeKind
  objectType: 'record' | 'objection' | 'list_entry' | 'repair'
  objectId: string
  /** plain facts for the subject: kind codes, versions, dates, outcomes, how to object */
  body: Record<string, unknown>
}
