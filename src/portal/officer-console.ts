/**
 * What the officer console's parts share: their pages (the console's navigation first, an error page
 * the same way), a step posted to the API, the audit trail of an entry or application, and the form of
 * a step with its reasons.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ListEntry, TrailEvent } from './api.ts'
import { chinaTime, type Lang, type Messages, pick, t } from './i18n.ts'
import { errorPage, languageOf, sendPrivate, submitForm } from './http.ts'
import { esc, page, table } from './layout.ts'
import { officerNav } from './officer.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  auditTrail: { zh: '审计记录', en: 'Audit trail' },
  event: { zh: '事件', en: 'Event' },
  reasonsRequiredKeptAndToldTo: {
    zh: '理由（必填，告知当事人并保存）',
    en: 'Reasons (required; kept, and told to the subject)',
  },
} satisfies Messages

export type Root = () => FastifyInstance

export const day = (d: string | null) => d ?? '—'

export function trailTable(lang: Lang, trail: readonly TrailEvent[]): string {
  return (
    `<h2>${esc(pick(lang, TEXT.auditTrail))}</h2>` +
    table(
      [t(lang, 'when'), pick(lang, TEXT.event), t(lang, 'who')],
      trail.map((h) => [esc(chinaTime(lang, h.at)), esc(h.event ? `${h.action} (${h.event})` : h.action), esc(h.by)]),
    )
  )
}

/** A form with the visitor's token, a required reason and a button; `fields` go before the reason. */
export function stepForm(lang: Lang, csrf: string, action: string, title: string, fields = ''): string {
  const id = action.replace(/[^a-z0-9]/gi, '-')
  return `<h2>${esc(title)}</h2><form method="post" action="${esc(action)}"><input type="hidden" name="csrf" value="${esc(csrf)}">${fields}
<p><label for="${id}-reasons">${esc(pick(lang, TEXT.reasonsRequiredKeptAndToldTo))}</label><br><textarea id="${id}-reasons" name="reasons" required maxlength="4000" rows="3" cols="50"></textarea></p>
<button type="submit">${esc(title)}</button></form>`
}

export const signedOut = (status: number): boolean => status === 401 || status === 403

/** A console page, an error page and a posted step, each with the console's navigation. */
export function officerPage(root: Root) {
  const failed = (reply: FastifyReply, lang: Lang, status: number, message: string, back: string) =>
    errorPage(reply, lang, status, message, back, officerNav(lang, back))
  const show = (request: FastifyRequest, reply: FastifyReply, title: string, path: string, body: string) =>
    sendPrivate(
      reply,
      200,
      page(languageOf(request), { title, path, body: officerNav(languageOf(request), path) + body }),
    )
  /** Posts a form's fields to the API and goes back to `back` (a new entry: to its page), or shows the problem. */
  const act = (request: FastifyRequest, reply: FastifyReply, url: string, json: unknown, back: string) =>
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
    })
  return { failed, show, act }
}
