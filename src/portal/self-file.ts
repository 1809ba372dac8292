/**
 * What the subject's own file says, in words (pure, for /me): each record's fields by the formatter the
 * relying party's report and the source's console use (report-fields.ts: labels from the data-element
 * dictionary, amounts formatted in their currency, dates readable, account numbers masked, a repayment
 * history as a grid with its legend), so that every reader sees one record alike; an organisation's
 * grade and the reasons that moved it; who looked, grouped by day and party, the looks the subject set
 * going apart from others' inquiries; and each notice as a sentence with its dates, reasons and a link
 * to the form it calls for.
 */
import type { Lang, Messages, Text } from './i18n.ts'
import { basisLapseText, durationText, pick, purposeText, standingText, statusText, t } from './i18n.ts'
import { esc } from './layout.ts'
import { dayText, recordFieldsHtml } from './report-fields.ts'
import type { CreditFile, Inquiries, Notices, OwnRating, PersonScores, PublishedCatalogue } from './api.ts'
import { noticeWords, type NoticeKind } from '../modules/notices/index.ts'
import type { LookKind } from '../modules/access/index.ts'
import { DECISION_WORKING_DAYS, TAKE_DOWN_WORKING_DAYS } from '../modules/repair/index.ts'

export const TEXT = {
  noContent: {
    zh: '保存期满，内容已删除，仅保留记录的类别和日期。',
    en: 'Its retention ended: the content is erased; only its kind and dates remain.',
  },
  // the printable file
  printHint: {
    zh: '如需打印或保存为 PDF，请使用浏览器的打印功能，快捷键',
    en: "To print or save as PDF, use the browser's print, shortcut",
  },
  decided: { zh: '决定日期', en: 'Decided on' },
  source: { zh: '来源机构', en: 'Source' },
  standing: { zh: '状态', en: 'Standing' },
  backToFile: { zh: '返回我的信用档案', en: 'Back to my credit file' },
  // the grade
  yourGrade: { zh: '信用等级', en: 'Credit grade' },
  notRated: {
    zh: '尚未评级：评级每天根据公开的模型重新计算。',
    en: 'Not rated yet: ratings are worked out every day by the published model.',
  },
  gradeLine: (grade: string, day: string, model: string) => ({
    zh: `信用等级 ${grade}（${day}评定，评级模型：${model}）`,
    en: `Grade ${grade} (rated on ${day} by the model ${model})`,
  }),
  score: (n: string) => ({ zh: `得分：${n}`, en: `Score: ${n}` }),
  inspection: { zh: '监管检查频次', en: 'How often you are inspected' },
  whatMovedIt: { zh: '影响等级的原因', en: 'What moved the grade' },
  // the credit scores given about a person
  scoresAboutMe: { zh: '关于我的信用评分', en: 'Credit scores about me' },
  noScores: { zh: '还没有机构获取过您的信用评分。', en: 'No one has obtained a credit score about you.' },
  scoreLine: (by: string, day: string, purpose: string, score: number, band: string, model: string) => ({
    zh: `${day}，${by}为“${purpose}”获取了您的信用评分：${score}（${band}），评分模型 ${model}`,
    en: `On ${day} ${by} obtained your credit score for ${purpose}: ${score} (${band}), by the model ${model}`,
  }),
  scoreReasons: { zh: '分数未能更高的主要原因', en: 'The main reasons the score was not higher' },
  pointsOff: (n: number) => ({ zh: `扣 ${n} 分`, en: `${n} points off` }),
  valuesUsed: { zh: '评分所用的信息', en: 'What the score used' },
  item: { zh: '项目', en: 'Item' },
  valueHeading: { zh: '数值', en: 'Value' },
  whereFrom: { zh: '来源', en: 'From' },
  fromFile: { zh: '根据您的信用档案计算', en: 'computed from your credit file' },
  fromLender: { zh: '由放款机构提供', en: 'given by the lender' },
  noReasons: { zh: '没有扣分或加分的记录。', en: 'No record took points off or added them.' },
  lost: (points: string, records: number) => ({
    zh: `扣 ${points} 分（${records} 条记录）`,
    en: `${points} points off (${records} ${records === 1 ? 'record' : 'records'})`,
  }),
  added: (points: string, records: number) => ({
    zh: `加 ${points} 分（${records} 条记录）`,
    en: `${points} points added (${records} ${records === 1 ? 'record' : 'records'})`,
  }),
  gradeChanges: { zh: '等级变化', en: 'Changes of grade' },
  gradeChanged: (from: string | null, to: string) =>
    from === null
      ? { zh: `首次评为 ${to}`, en: `first rated ${to}` }
      : { zh: `由 ${from} 变为 ${to}`, en: `from ${from} to ${to}` },
  // who looked
  othersLooked: { zh: '其他机构和人员的查询', en: 'Inquiries by others' },
  youStarted: {
    zh: '因您本人的申请而进行的查看（如处理您的异议、修复申请或您提交的文件）',
    en: 'Looks you set going (handling your own objection, repair application or document)',
  },
  day: { zh: '日期', en: 'Day' },
  who: { zh: '查看方', en: 'Who' },
  what: { zh: '查看了什么、为什么', en: 'What and why' },
  times: { zh: '次数', en: 'Times' },
  creditOfficer: { zh: '信用管理部门工作人员', en: 'a credit officer' },
  auditor: { zh: '审计人员', en: 'an auditor' },
  report: (purpose: string) => ({ zh: `为“${purpose}”查询信用报告`, en: `a credit report for ${purpose}` }),
  scored: (purpose: string) => ({ zh: `为“${purpose}”计算信用评分`, en: `a credit score for ${purpose}` }),
  checked: { zh: '核查是否适用联合奖惩措施', en: 'checked whether a linked measure applies' },
  ratingRead: {
    zh: '查看您的信用等级及原因（信用分级分类监管）',
    en: 'read your credit grade and its reasons (risk-based supervision)',
  },
  fileRead: { zh: '查看您的信用档案（监督管理）', en: 'read your credit file (supervision)' },
  fileAudited: { zh: '查看您的信用档案（审计）', en: 'read your credit file (audit)' },
  lookedUp: { zh: '按身份证号码查找您', en: 'looked you up by identity number' },
  consentsRead: { zh: '查看您的授权', en: 'read your consents' },
  objectionRead: { zh: '处理您的异议时查看', en: 'read your objection to handle it' },
  repairRead: { zh: '处理您的信用修复申请时查看', en: 'read your repair application to handle it' },
  entryRead: { zh: '查看关于您的名单条目', en: 'read a list entry about you' },
  evidenceRead: { zh: '打开您提交的证明文件', en: 'opened a document you gave as evidence' },
  claimDocumentRead: {
    zh: '打开随认领您档案的账户申请提交的身份证件',
    en: 'opened an identity document given with a claim to your file',
  },
  // notices
  theRecord: (kind: string) => ({ zh: `“${kind}”记录`, en: `the record "${kind}"` }),
  aRecord: { zh: '一条记录', en: 'a record' },
  corrected: (what: string, version: number) => ({
    zh: `来源机构更正了${what}（现为第 ${version} 版）。`,
    en: `The source corrected ${what} (now version ${version}).`,
  }),
  objectionFiled: (what: string, due: string) => ({
    zh: `您对${what}的异议已受理。来源机构须在 ${due} 前答复；在此期间，该记录在所有展示处标注为“异议处理中”。`,
    en: `Your objection to ${what} was received. The source must answer by ${due}; meanwhile the record is marked as under objection wherever it is shown.`,
  }),
  objectionAnswered: (what: string, outcome: string) => ({
    zh: `来源机构已答复您对${what}的异议：${outcome}。`,
    en: `The source answered your objection to ${what}: ${outcome}.`,
  }),
  objectionOverdue: (due: string) => ({
    zh: `来源机构未在 ${due} 前答复您的异议：在其答复之前，该记录只向您本人和信用管理部门展示。`,
    en: `The source did not answer your objection by ${due}: until it does, the record is shown to no one but you and the credit authority.`,
  }),
  objectionEscalated: (what: string) => ({
    zh: `您对${what}的异议已提交信用管理部门决定。`,
    en: `Your objection to ${what} went to the credit authority to decide.`,
  }),
  objectionDecided: (what: string, outcome: string) => ({
    zh: `信用管理部门对您就${what}提出的异议作出决定：${outcome}。`,
    en: `The credit authority decided your objection to ${what}: ${outcome}.`,
  }),
  howToAppeal: {
    zh: '如不服，可以依法申请行政复议或者提起行政诉讼。',
    en: 'If you disagree, you may ask for an administrative review or bring an administrative lawsuit.',
  },
  takenDown: (what: string) => ({
    zh: `${what}公示期满，已停止向公众展示。`,
    en: `${what} reached the end of its public display and is no longer shown to the public.`,
  }),
  erased: (what: string) => ({
    zh: `${what}保存期满，内容已删除。`,
    en: `${what} reached the end of its retention and its content was erased.`,
  }),
  entryNoticed: (list: string, criterion: string, term: string, until: string) => ({
    zh: `书面告知：拟因“${criterion}”将您列入“${list}”，拟定期限${term}。${until}（含）之前可以提出异议；在此之前不作决定，异议经听证后才作决定。`,
    en: `Written notice: you may be put on the ${list} for "${criterion}", for ${term}. You may object until ${until} (inclusive); nothing is decided before then, and an objection is heard before any decision.`,
  }),
  objectHere: { zh: '提出异议', en: 'Object' },
  entryListed: (list: string, from: string, to: string, agency: string) => ({
    zh: `决定：自 ${from} 至 ${to} 将您列入“${list}”（决定机关：${agency}）。`,
    en: `Decision: you are on the ${list} from ${from} to ${to} (decided by ${agency}).`,
  }),
  entryRejected: (list: string) => ({
    zh: `决定：不将您列入“${list}”。`,
    en: `Decision: you are not put on the ${list}.`,
  }),
  entryEnded: (list: string, on: string, how: string) => ({
    zh: `您在“${list}”上的条目已于 ${on} 结束（${how}）。`,
    en: `Your entry on the ${list} ended on ${on} (${how}).`,
  }),
  legalBasis: (basis: string) => ({ zh: `法律依据：${basis}。`, en: `Legal basis: ${basis}.` }),
  repairReceived: (due: string) => ({
    zh: `您的信用修复申请已受理，将在 ${due} 前给予反馈；反馈后${DECISION_WORKING_DAYS}个工作日内作出决定，批准后${TAKE_DOWN_WORKING_DAYS}个工作日内停止公示。`,
    en: `Your repair application was received: feedback by ${due}, then a decision within ${DECISION_WORKING_DAYS} working days, and if approved the publication ends within ${TAKE_DOWN_WORKING_DAYS} working days.`,
  }),
  repairFeedback: (due: string) => ({
    zh: `信用管理部门对您的信用修复申请给予了反馈，将在 ${due} 前作出决定。`,
    en: `The credit authority gave feedback on your repair application and will decide by ${due}.`,
  }),
  repairApproved: (on: string) => ({
    zh: `您的信用修复申请已获批准，自 ${on} 起停止公示。`,
    en: `Your repair application was approved: the publication ended on ${on}.`,
  }),
  repairRefused: { zh: '您的信用修复申请未获批准。', en: 'Your repair application was refused.' },
  reasonsGiven: { zh: '理由：', en: 'Reasons: ' },
  theirWords: { zh: '说明：', en: 'Explanation: ' },
} satisfies Messages

/** Data, not the page's words: a name, an identifier, an amount, what someone wrote. */
const data = (s: string) => `<span translate="no">${esc(s)}</span>`

type PublishedKind = PublishedCatalogue['kinds'][number]
type FileRecord = CreditFile['categories'][number]['records'][number]

/** A record's contents, labelled from the dictionary (report-fields.ts); an erased record's, that they are gone. */
export function recordContents(lang: Lang, record: FileRecord, kind: PublishedKind | undefined): string {
  if (record.standing === 'erased' || Object.keys(record.fields).length === 0)
    return `<p class="muted">${esc(pick(lang, TEXT.noContent))}</p>`
  return recordFieldsHtml(lang, new Map((kind?.elements ?? []).map((e) => [e.code, e])), record.fields)
}

/**
 * The subject's file to print or keep as PDF (/me/print): each record with its dates, source and
 * standing and its contents as /me and a relying party's report show them (report-fields.ts), then who
 * looked; nothing to click in print.
 */
export function printableFile(
  lang: Lang,
  file: CreditFile,
  kinds: ReadonlyMap<string, PublishedKind>,
  looked: string,
  title: string,
): string {
  const records = file.categories.flatMap((c) => c.records)
  const article = (r: FileRecord) =>
    `<article class="record"><h3>${esc(pick(lang, r.kindName))}</h3><dl class="facts"><dt>${esc(pick(lang, TEXT.decided))}</dt><dd>${esc(dayText(lang, r.decidedOn))}</dd><dt>${esc(pick(lang, TEXT.source))}</dt><dd>${data(r.source.displayName)}</dd><dt>${esc(pick(lang, TEXT.standing))}</dt><dd>${esc(standingText(lang, r.standing))}</dd></dl>${recordContents(lang, r, kinds.get(r.kind))}</article>`
  return `<article class="report"><h1>${esc(title)}: ${data(file.subject.name)}</h1>
<p class="no-print"><a href="/me">${esc(pick(lang, TEXT.backToFile))}</a></p>
<p class="no-print muted">${esc(pick(lang, TEXT.printHint))} <kbd translate="no">Ctrl+P</kbd></p>
<h2>${esc(t(lang, 'records'))}</h2>${records.length === 0 ? `<p>${esc(t(lang, 'noRecords'))}</p>` : records.map(article).join('')}
<h2>${esc(t(lang, 'whoLooked'))}</h2>${looked || `<p>${esc(t(lang, 'noInquiries'))}</p>`}</article>`
}

/** An organisation's grade, what moved it, and how it changed. */
export function ratingSection(lang: Lang, own: OwnRating | null): string {
  const r = own?.rating
  if (!r) return `<p>${esc(pick(lang, TEXT.notRated))}</p>`
  const reasons =
    r.reasons.length === 0
      ? `<p>${esc(pick(lang, TEXT.noReasons))}</p>`
      : `<ul>${r.reasons
          .map((x) => {
            const points = String(Math.abs(Math.round(x.points * 10) / 10))
            const moved = x.points < 0 ? TEXT.lost(points, x.records) : TEXT.added(points, x.records)
            return `<li>${esc(pick(lang, x.text))}: ${esc(pick(lang, moved))}</li>`
          })
          .join('')}</ul>`
  const changes = (own?.history ?? []).slice(0, 10)
  return `<p><span class="grade" translate="no">${esc(r.grade)}</span></p><p>${esc(pick(lang, TEXT.gradeLine(r.grade, dayText(lang, r.ratedOn), pick(lang, r.model.name))))} · ${esc(pick(lang, TEXT.score(String(Math.round(r.score * 10) / 10))))}</p>
<dl class="facts"><dt>${esc(pick(lang, TEXT.inspection))}</dt><dd>${esc(pick(lang, r.inspection.text))}</dd></dl>
<h3>${esc(pick(lang, TEXT.whatMovedIt))}</h3>${reasons}${
    changes.length > 0
      ? `<h3>${esc(pick(lang, TEXT.gradeChanges))}</h3><ul>${changes.map((c) => `<li>${esc(dayText(lang, chinaDayOf(c.at)))}: ${esc(pick(lang, TEXT.gradeChanged(c.previousGrade, c.grade)))}</li>`).join('')}</ul>`
      : ''
  }`
}

const CHINA_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
const chinaDayOf = (iso: string): string => {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : CHINA_DAY.format(at)
}

type Look = Inquiries[number]

/** What a look was, in words (never the API's English). */
function lookText(lang: Lang, l: Look): string {
  const purpose = purposeText(lang, l.purposeCode ?? '')
  switch (l.look as LookKind) {
    case 'report':
      return pick(lang, TEXT.report(purpose))
    case 'score':
      return pick(lang, TEXT.scored(purpose))
    case 'check':
      return pick(lang, TEXT.checked)
    case 'rating':
      return pick(lang, TEXT.ratingRead)
    case 'file':
      return pick(lang, l.byType === 'auditor' ? TEXT.fileAudited : TEXT.fileRead)
    case 'lookup':
      return pick(lang, TEXT.lookedUp)
    case 'consents':
      return pick(lang, TEXT.consentsRead)
    case 'objection':
      return pick(lang, TEXT.objectionRead)
    case 'repair':
      return pick(lang, TEXT.repairRead)
    case 'list_entry':
      return pick(lang, TEXT.entryRead)
    case 'evidence':
      return pick(lang, TEXT.evidenceRead)
    case 'claim_document':
      return pick(lang, TEXT.claimDocumentRead)
  }
}

/** Who looked: a party by its name (data); an officer or auditor by role, in words. */
const whoHtml = (lang: Lang, l: Look): string =>
  l.byType === 'officer'
    ? esc(pick(lang, TEXT.creditOfficer))
    : l.byType === 'auditor'
      ? esc(pick(lang, TEXT.auditor))
      : data(l.by)

/**
 * Who looked, readable: looks by the same party, of the same kind and purpose, on the same China day
 * are one row with a count; the looks the subject set going are apart from others' inquiries.
 */
export function looksSection(lang: Lang, looks: Inquiries, table: (headers: string[], rows: string[][]) => string) {
  const group = (started: boolean) => {
    const rows = new Map<string, { day: string; look: Look; n: number }>()
    for (const l of looks) {
      if (l.startedBySubject !== started) continue
      const day = chinaDayOf(l.at)
      const key = JSON.stringify([day, l.byType, l.by, l.look, l.purposeCode])
      const row = rows.get(key)
      if (row) row.n += 1
      else rows.set(key, { day, look: l, n: 1 })
    }
    return [...rows.values()].map((r) => [
      esc(dayText(lang, r.day)),
      whoHtml(lang, r.look),
      esc(lookText(lang, r.look)),
      esc(String(r.n)),
    ])
  }
  const headers = [pick(lang, TEXT.day), pick(lang, TEXT.who), pick(lang, TEXT.what), pick(lang, TEXT.times)]
  const others = group(false)
  const mine = group(true)
  return {
    others: others.length > 0 ? table(headers, others) : '',
    mine: mine.length > 0 ? `<h3>${esc(pick(lang, TEXT.youStarted))}</h3>${table(headers, mine)}` : '',
    othersHeading: pick(lang, TEXT.othersLooked),
  }
}

/** Words for the catalogue's codes in a notice: a record kind's or a list's name, never the code. */
export type NoticeNames = {
  kind: (code: unknown) => string | undefined
  list: (code: unknown) => string | undefined
  /** where on /me the form to object to a list entry is */
  entryForm: (entryId: string) => string | undefined
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const localised = (lang: Lang, v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)[lang] === 'string'
    ? ((v as Record<string, string>)[lang] as string)
    : undefined

/** Someone else's words (a source's explanation, an officer's reasons), quoted as they wrote them. */
const quoted = (lang: Lang, label: Text, v: unknown) =>
  str(v) ? ` ${esc(pick(lang, label))}<q translate="no">${esc(str(v))}</q>` : ''

/** One notice as a sentence in the reader's language, with its dates, reasons and what to do. */
export function noticeHtml(
  lang: Lang,
  notice: Pick<Notices['notices'][number], 'kind' | 'body' | 'objectId'>,
  names: NoticeNames,
): string {
  const { kind, body } = notice
  const kindName = names.kind(body.kind)
  const what = kindName ? pick(lang, TEXT.theRecord(kindName)) : pick(lang, TEXT.aRecord)
  const day = (v: unknown) => dayText(lang, str(v) ?? '—')
  const list = localised(lang, body.listName) ?? names.list(body.listKind) ?? ''
  switch (kind as NoticeKind) {
    case 'record.corrected':
      return esc(pick(lang, TEXT.corrected(what, Number(body.version))))
    case 'objection.filed':
      return esc(pick(lang, TEXT.objectionFiled(what, day(body.dueOn))))
    case 'objection.answered':
      return (
        esc(pick(lang, TEXT.objectionAnswered(what, statusText(lang, str(body.outcome) ?? '')))) +
        quoted(lang, TEXT.theirWords, body.explanation)
      )
    case 'objection.overdue':
      return esc(pick(lang, TEXT.objectionOverdue(day(body.dueOn))))
    case 'objection.escalated':
      return esc(pick(lang, TEXT.objectionEscalated(what)))
    case 'objection.decided':
      return (
        esc(pick(lang, TEXT.objectionDecided(what, statusText(lang, str(body.outcome) ?? '')))) +
        quoted(lang, TEXT.reasonsGiven, body.reasons) +
        ` ${esc(pick(lang, TEXT.howToAppeal))}`
      )
    case 'record.taken_down':
      return esc(pick(lang, TEXT.takenDown(what)))
    case 'record.erased':
      return esc(pick(lang, TEXT.erased(what)))
    case 'list_entry.noticed': {
      const criterion = localised(lang, body.criterion) ?? ''
      const term = str(body.proposedTerm) ? durationText(lang, str(body.proposedTerm)!) : '—'
      const form = names.entryForm(notice.objectId)
      const basis = localised(lang, body.legalBasis)
      return `${esc(pick(lang, TEXT.entryNoticed(list, criterion, term, day(body.objectUntil))))}${basis ? ` ${esc(pick(lang, TEXT.legalBasis(basis)))}` : ''}${form ? ` <a href="${esc(form)}">${esc(pick(lang, TEXT.objectHere))}</a>` : ''}`
    }
    case 'list_entry.decided': {
      const basis = localised(lang, body.legalBasis)
      const sentence =
        body.outcome === 'listed'
          ? pick(lang, TEXT.entryListed(list, day(body.startsOn), day(body.endsOn), str(body.decidingAgency) ?? '—'))
          : pick(lang, TEXT.entryRejected(list))
      return `${esc(sentence)}${basis ? ` ${esc(pick(lang, TEXT.legalBasis(basis)))}` : ''}${body.outcome === 'listed' ? ` ${esc(pick(lang, TEXT.howToAppeal))}` : ''}`
    }
    case 'list_entry.ended': {
      // an entry annulled with its basis record says why (the record withdrawn, corrected, revoked or erased)
      const lapse = basisLapseText(lang, body.reason)
      return (
        esc(pick(lang, TEXT.entryEnded(list, day(body.endedOn), statusText(lang, str(body.how) ?? '')))) +
        (lapse ? ` ${esc(lapse)}` : '')
      )
    }
    case 'repair.received':
      return esc(pick(lang, TEXT.repairReceived(day(body.feedbackDueOn))))
    case 'repair.feedback':
      return (
        esc(pick(lang, TEXT.repairFeedback(day(body.decisionDueOn)))) + quoted(lang, TEXT.theirWords, body.feedback)
      )
    case 'repair.decided':
      return (
        esc(
          body.outcome === 'approved'
            ? pick(lang, TEXT.repairApproved(day(body.publicationEndedOn)))
            : pick(lang, TEXT.repairRefused),
        ) + quoted(lang, TEXT.reasonsGiven, body.reasons)
      )
    case 'account.another_verified':
      return esc(pick(lang, noticeWords['account.another_verified'])) + quoted(lang, TEXT.reasonsGiven, body.reasons)
    case 'account.claim_refused':
      return esc(pick(lang, noticeWords['account.claim_refused']))
    default:
      return esc(pick(lang, { zh: '您的信用档案有变化。', en: 'A change to your credit file.' }))
  }
}

export type { Notices }

/** The credit scores given about the person: who, when, why, the score, what cost points and every value used, in the visitor's language. */
export function scoresSection(
  lang: Lang,
  scores: PersonScores['scores'],
  table: (caption: string, headers: string[], rows: string[][]) => string,
): string {
  if (scores.length === 0) return `<p>${esc(pick(lang, TEXT.noScores))}</p>`
  return `<ul class="plain">${scores
    .map((s) => {
      const line = TEXT.scoreLine(
        s.by,
        dayText(lang, chinaDayOf(s.at)),
        pick(lang, s.purpose),
        s.score,
        pick(lang, s.band.name),
        `${s.model.name} v${s.model.version}`,
      )
      const reasons =
        s.reasons.length === 0
          ? ''
          : `<h3>${esc(pick(lang, TEXT.scoreReasons))}</h3><ol>${s.reasons.map((r) => `<li>${esc(pick(lang, r.label))}: ${esc(pick(lang, TEXT.pointsOff(r.pointsLost)))}</li>`).join('')}</ol>`
      const values =
        s.values.length === 0
          ? ''
          : table(
              pick(lang, TEXT.valuesUsed),
              [pick(lang, TEXT.item), pick(lang, TEXT.valueHeading), pick(lang, TEXT.whereFrom)],
              s.values.map((v) => [
                esc(pick(lang, v.label)),
                esc(pick(lang, v.value)),
                esc(pick(lang, v.fromFile ? TEXT.fromFile : TEXT.fromLender)),
              ]),
            )
      return `<li><p>${esc(pick(lang, line))}</p>${reasons}${values}</li>`
    })
    .join('')}</ul>`
}
