/**
 * What the officer console's parts share: their pages (the console's navigation first, an error page
 * the same way), the door (signed out: to sign-in; signed in but not an officer: told so), a step
 * posted to the API, the audit trail of an entry, objection or application in words (each event and
 * who acted by name), and the form of a step with its reasons.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ListEntry, Me, TrailEvent } from './api.ts'
import { chinaTime, type Lang, type Messages, pick, type Text, t } from './i18n.ts'
import { callApi, errorPage, languageOf, sendPrivate, submitForm } from './http.ts'
import { esc, page, table } from './layout.ts'
import { officerNav } from './officer.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  auditTrail: { zh: '审计记录', en: 'Audit trail' },
  event: { zh: '事件', en: 'Event' },
  actor: { zh: '操作人', en: 'By' },
  reasonsRequiredKeptAndToldTo: {
    zh: '理由（必填，告知当事人并保存）',
    en: 'Reasons (required; kept, and told to the subject)',
  },
  officersOnly: {
    zh: '此页面仅供信用官员使用。请以信用官员账户登录。',
    en: 'This page is for credit officers only. Sign in with a credit officer’s account.',
  },
  creditOfficer: (name: string) => ({ zh: `信用官员 ${name}`, en: `credit officer ${name}` }),
  anOfficer: { zh: '信用官员', en: 'a credit officer' },
  theSubject: { zh: '当事人', en: 'the subject' },
  aSource: { zh: '信息提供单位', en: 'the source' },
  thePlatform: { zh: 'Fides 平台（自动）', en: 'Fides (automatically)' },
  anAuditor: { zh: '审计人员', en: 'an auditor' },
  anOperator: { zh: '系统管理员', en: 'an operator' },
  aRelyingParty: { zh: '信息使用者', en: 'a relying party' },
  aDepartment: { zh: '联合奖惩部门', en: 'a department' },
  somethingHappened: { zh: '其他操作', en: 'another step' },
} satisfies Messages

/** Every event an officer's trail can show, in words. */
const ACTION_WORDS: Readonly<Record<string, Text>> = {
  'objection.filed': { zh: '提出异议', en: 'Objection filed' },
  'objection.answered': { zh: '信息提供单位答复', en: 'The source answered' },
  'objection.escalated': { zh: '提交决定', en: 'Escalated for a decision' },
  'objection.decided': { zh: '作出决定', en: 'Decided' },
  'objection.overdue': { zh: '答复逾期，暂停展示', en: 'Answer overdue: the record is hidden' },
  'objection.lapsed': { zh: '异议失效', en: 'The objection lapsed' },
  'objection.viewed': { zh: '查阅', en: 'Read' },
  'list_entry.proposed': { zh: '提议列入', en: 'Proposed' },
  'list_entry.changed': { zh: '程序步骤', en: 'A step' },
  'list_entry.viewed': { zh: '查阅', en: 'Read' },
  'list_entry.erased': { zh: '删除', en: 'Erased' },
  'repair.applied': { zh: '申请修复', en: 'Applied for repair' },
  'repair.feedback': { zh: '反馈意见', en: 'Feedback given' },
  'repair.decided': { zh: '作出决定', en: 'Decided' },
  'repair.viewed': { zh: '查阅', en: 'Read' },
  'evidence.viewed': { zh: '打开证据文件', en: 'Opened a document' },
  'record.publication_ended': { zh: '停止公示', en: 'Publication ended' },
}

/** A list entry's steps (the state machine's events, and the proposal), in words. */
const STEP_WORDS: Readonly<Record<string, Text>> = {
  propose: { zh: '提议列入', en: 'Proposal' },
  notify: { zh: '书面告知', en: 'Written notice' },
  object: { zh: '当事人提出异议', en: 'Objection by the subject' },
  hear: { zh: '听证', en: 'Hearing' },
  decide: { zh: '决定', en: 'Decision' },
  report_removal_condition: { zh: '提前移出条件已满足', en: 'Early-removal condition met' },
  remove_early: { zh: '提前移出', en: 'Early removal' },
  annul: { zh: '撤销', en: 'Annulment' },
  expire: { zh: '期满移出', en: 'Expiry' },
}

/** An event of a trail in words: a list entry's step by its name, anything else by what it was. */
export const actionText = (lang: Lang, action: string, event: string | null = null): string => {
  const words = (event !== null ? STEP_WORDS[event] : undefined) ?? ACTION_WORDS[action]
  return words ? pick(lang, words) : pick(lang, TEXT.somethingHappened)
}

/** A list entry's step in words. */
export const stepText = (lang: Lang, step: string): string => pick(lang, STEP_WORDS[step] ?? TEXT.somethingHappened)

/** Who acted, as a person reads it: the officer or source by name where the API named them, else what they are. */
export function actorText(lang: Lang, type: string | undefined, name: string | null | undefined): string {
  if (type === 'officer') return name ? pick(lang, TEXT.creditOfficer(name)) : pick(lang, TEXT.anOfficer)
  if (type === 'source') return name ?? pick(lang, TEXT.aSource)
  if (type === 'auditor') return name ?? pick(lang, TEXT.anAuditor)
  const words: Record<string, Text> = {
    subject: TEXT.theSubject,
    system: TEXT.thePlatform,
    operator: TEXT.anOperator,
    relying_party: TEXT.aRelyingParty,
    department: TEXT.aDepartment,
  }
  return pick(lang, (type !== undefined ? words[type] : undefined) ?? TEXT.somethingHappened)
}

/** Who acted, in a table cell: a name is data (translate="no"), a word is the page's own. */
export const actorCell = (lang: Lang, type: string | undefined, name: string | null | undefined): string =>
  name && (type === 'officer' || type === 'source' || type === 'auditor')
    ? type === 'officer'
      ? `${esc(pick(lang, TEXT.anOfficer))} <span translate="no">${esc(name)}</span>`
      : `<span translate="no">${esc(name)}</span>`
    : esc(actorText(lang, type, undefined))

export type Root = () => FastifyInstance

export const day = (d: string | null) => d ?? '—'

/** A wide table that scrolls inside itself on a phone (the page itself never scrolls sideways). */
export const scrolling = (label: string, html: string): string =>
  `<div class="scroll" tabindex="0" role="region" aria-label="${esc(label)}">${html}</div>`

export function trailTable(lang: Lang, trail: readonly TrailEvent[]): string {
  return (
    `<h2>${esc(pick(lang, TEXT.auditTrail))}</h2>` +
    scrolling(
      pick(lang, TEXT.auditTrail),
      table(
        [t(lang, 'when'), pick(lang, TEXT.event), pick(lang, TEXT.actor)],
        trail.map((h) => [
          esc(chinaTime(lang, h.at)),
          esc(actionText(lang, h.action, h.event)),
          actorCell(lang, h.actorType, h.actorName),
        ]),
      ),
    )
  )
}

/** A form with the visitor's token, a required reason and a button; `fields` go before the reason. */
export function stepForm(
  lang: Lang,
  csrf: string,
  action: string,
  title: string,
  fields = '',
  kept: { reasons?: string; error?: string; alert?: string } = {},
): string {
  const id = action.replace(/[^a-z0-9]/gi, '-')
  const error = kept.error ? `<small class="field-error" id="${id}-reasons-error">${esc(kept.error)}</small>` : ''
  return `<h2>${esc(title)}</h2>${kept.alert ? `<p class="form-error" role="alert">${esc(kept.alert)}</p>` : ''}<form method="post" action="${esc(action)}"><input type="hidden" name="csrf" value="${esc(csrf)}">${fields}
<p class="field${kept.error ? ' invalid' : ''}"><label for="${id}-reasons">${esc(pick(lang, TEXT.reasonsRequiredKeptAndToldTo))}</label><textarea id="${id}-reasons" name="reasons" required maxlength="4000" rows="3" translate="no"${kept.error ? ` aria-invalid="true" aria-describedby="${id}-reasons-error"` : ''}>${esc(kept.reasons ?? '')}</textarea>${error}</p>
<button type="submit">${esc(title)}</button></form>`
}

export const signedOut = (status: number): boolean => status === 401 || status === 403

/**
 * The console's door, from the API's answer to the page's first call: no session goes to sign-in; a
 * session that is not an officer's is told the page is for officers only. Undefined: come in.
 */
export function notOfficer(reply: FastifyReply, lang: Lang, status: number): FastifyReply | undefined {
  if (status === 401) return reply.redirect('/signin', 303)
  if (status === 403) return errorPage(reply, lang, 403, pick(lang, TEXT.officersOnly), '/')
  return undefined
}

/**
 * The console's door for a page whose API answers anyone (the models, say): asks the API who is
 * calling, and turns away whoever is not an officer as `notOfficer` does. Undefined: come in.
 */
export async function officerDoor(
  root: Root,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const res = await callApi(root, request, 'GET', '/v1/me')
  const lang = languageOf(request)
  if (res.statusCode !== 200) return notOfficer(reply, lang, res.statusCode === 403 ? 403 : 401)
  return (JSON.parse(res.body) as Me).role === 'officer' ? undefined : notOfficer(reply, lang, 403)
}

/** A console page, an error page and a posted step, each with the console's navigation. */
export function officerPage(root: Root) {
  const failed = (reply: FastifyReply, lang: Lang, status: number, message: string, back: string) =>
    errorPage(reply, lang, status, message, back, officerNav(lang, back))
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    path: string,
    body: string,
    status = 200,
  ) =>
    sendPrivate(
      reply,
      status,
      page(languageOf(request), { title, path, body: officerNav(languageOf(request), path) + body }),
    )
  /**
   * Posts a form's fields to the API and goes back to `back` (a new entry: to its page), or shows the
   * problem; with `again`, a refusal of what was typed shows the form again with it kept.
   */
  const act = (
    request: FastifyRequest,
    reply: FastifyReply,
    url: string,
    json: unknown,
    back: string,
    again?: Parameters<typeof submitForm>[3]['again'],
  ) =>
    submitForm(root, request, reply, {
      token: ((request.body ?? {}) as Record<string, string>).csrf,
      url,
      json,
      back,
      before: officerNav(languageOf(request), back),
      next: (body) => {
        const created = (JSON.parse(body) as Partial<ListEntry>).entryId
        return created ? `/officer/lists/${created}` : back
      },
      ...(again ? { again } : {}),
    })
  return { failed, show, act }
}
