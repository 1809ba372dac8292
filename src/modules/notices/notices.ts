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
  /** an officer verified another account for the subject while one was verified already: told to the holders */
  'account.another_verified',
  /** an officer refused someone's claim to the subject's file: told to the subject, whoever claimed */
  'account.claim_refused',
] as const
export type NoticeKind = (typeof noticeKinds)[number]

/** What each notice says, in the subject's language (a page never shows the kind's code). */
export const noticeWords: Readonly<Record<NoticeKind, { zh: string; en: string }>> = {
  'record.corrected': { zh: '一条关于您的记录已被来源更正', en: 'A source corrected a record about you' },
  'objection.filed': { zh: '您的异议已受理', en: 'Your objection was received' },
  'objection.answered': { zh: '来源已答复您的异议', en: 'The source answered your objection' },
  'objection.overdue': {
    zh: '来源逾期未答复您的异议，该记录暂停展示',
    en: 'The source did not answer your objection in time: the record is no longer shown',
  },
  'objection.escalated': { zh: '您的异议已提交信用官员决定', en: 'Your objection went to a credit officer to decide' },
  'objection.decided': { zh: '信用官员已对您的异议作出决定', en: 'A credit officer decided on your objection' },
  'record.taken_down': {
    zh: '一条关于您的记录公示期满，已停止公示',
    en: 'A record about you reached the end of its display and is no longer public',
  },
  'record.erased': {
    zh: '一条关于您的记录保存期满，已删除',
    en: 'A record about you reached the end of its retention and was erased',
  },
  'list_entry.noticed': {
    zh: '拟将您列入名单的书面告知（可在异议期内提出异议）',
    en: 'Written notice that you may be listed (you may object within the window)',
  },
  'list_entry.decided': { zh: '关于将您列入名单的决定', en: 'The decision on listing you' },
  'list_entry.ended': { zh: '关于您的名单条目已结束', en: 'A list entry about you has ended' },
  'repair.received': { zh: '您的信用修复申请已受理', en: 'Your credit repair application was received' },
  'repair.feedback': { zh: '信用修复申请的反馈', en: 'Feedback on your credit repair application' },
  'repair.decided': { zh: '信用修复申请的决定', en: 'The decision on your credit repair application' },
  'account.another_verified': {
    zh: '信用官员为您又核验了一个账户：现在有多个账户可以查看您的信用档案。如果这不是您本人申请的，请立即联系信用管理部门。',
    en: 'A credit officer verified another account for you: more than one account can now see your credit file. If you did not ask for it, contact the credit authority at once.',
  },
  'account.claim_refused': {
    zh: '有人申请以您的身份查看您的信用档案，信用官员未能核实其身份，已拒绝该申请，申请人看不到您的档案。如果不是您本人申请的，请联系信用管理部门。',
    en: 'Someone asked to see your credit file as you; a credit officer could not verify their identity and refused, so they cannot see it. If it was not you, contact the credit authority.',
  },
}

export interface Notice {
  subjectId: string
  kind: NoticeKind
  objectType: 'record' | 'objection' | 'list_entry' | 'repair' | 'account'
  objectId: string
  /** plain facts for the subject: kind codes, versions, dates, outcomes, how to object */
  body: Record<string, unknown>
}
