/**
 * The relying party's view: its staff (accounts bound to the relying party) ask for a credit report
 * for one of the party's registered purposes, and get it as a page that prints cleanly to PDF from
 * the browser (the print style sheet drops the navigation and the forms). The report is the API's
 * `GET /v1/reports/{id}`: the same purpose rules, the same consent check for a person, and the same
 * inquiry, which the subject sees. The request is a POST, so that a reload does not look again unasked.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Me, Report, SearchResults } from './api.ts'
import { chinaTime, categoryText, type Lang, type Messages, pick, purposeText, standingText, t } from './i18n.ts'
import {
  portalBasics,
  callApi,
  cookie,
  CSRF_COOKIE,
  errorPage,
  formRoute,
  formTokenOk,
  languageOf,
  pageRoute,
  problemText,
  sendPrivate,
} from './http.ts'
import { barChart, esc, page, table } from './layout.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  subjectAUsccOrASubject: {
    zh: '主体：统一社会信用代码或主体编号（个人须已授权）',
    en: 'Subject: a USCC, or a subject id (a person must have consented)',
  },
  everyReportIsRecordedAndThe: {
    zh: '每次查询都会记录，并告知被查询方。',
    en: 'Every report is recorded, and the subject sees who looked and why.',
  },
  getTheReport: { zh: '查询报告', en: 'Get the report' },
  creditReports: { zh: '信用报告', en: 'Credit reports' },
  noOrganisationHasThatUnifiedSocial: {
    zh: '没有这个统一社会信用代码的组织。',
    en: 'No organisation has that Unified Social Credit Code.',
  },
  recordsByCategory: { zh: '各类记录数', en: 'Records by category' },
  negative: { zh: '负面', en: 'negative' },
  positiveOrNeutral: { zh: '正面及中性', en: 'positive or neutral' },
  theSubjectSStatement: { zh: '当事人声明', en: "The subject's statement" },
  creditReport: { zh: '信用报告', en: 'Credit report' },
  subject: { zh: '主体', en: 'Subject' },
  for: { zh: '查询机构', en: 'For' },
  consent: { zh: '授权', en: 'consent' },
  generated: { zh: '生成时间', en: 'Generated' },
  thisLookIsRecordedTheSubject: {
    zh: '本次查询已记录，被查询方可以看到查询机构、时间和目的。报告仅含该目的允许的记录类别。',
    en: 'This look is recorded: the subject sees who looked, when and why. The report holds only the categories this purpose allows.',
  },
  toPrintOrSaveAsPdf: {
    zh: '打印或另存为 PDF：使用浏览器的打印功能（Ctrl+P）。',
    en: "To print or save as PDF, use the browser's print (Ctrl+P).",
  },
  noRecordsForThisPurpose: { zh: '该目的下没有记录。', en: 'No records for this purpose.' },
  category: { zh: '类别', en: 'Category' },
  details: { zh: '内容', en: 'Details' },
  anotherReport: { zh: '另一份报告', en: 'Another report' },
} satisfies Messages

type Root = () => FastifyInstance

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function fieldsText(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ')
}

export function relyingPartyRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    const whoAmI = async (request: FastifyRequest): Promise<Me | null> => {
      const res = await callApi(root, request, 'GET', '/v1/me')
      const me = res.statusCode === 200 ? (JSON.parse(res.body) as Me) : null
      return me?.role === 'relying_party' ? me : null
    }
    const askForm = (
      lang: Lang,
      me: Me,
      csrf: string,
      subject = '',
    ) => `<form method="post" action="/relying-party/report" class="no-print"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="subject">${esc(pick(lang, TEXT.subjectAUsccOrASubject))}</label><br><input id="subject" name="subject" required maxlength="40" size="40" value="${esc(subject)}"></p>
<p><label for="purpose">${esc(t(lang, 'purpose'))}</label><br><select id="purpose" name="purpose">${(me.purposes ?? []).map((p) => `<option value="${esc(p)}">${esc(purposeText(lang, p))}</option>`).join('')}</select></p>
<p class="muted">${esc(pick(lang, TEXT.everyReportIsRecordedAndThe))}</p>
<button type="submit">${esc(pick(lang, TEXT.getTheReport))}</button></form>`
    const failed = (reply: FastifyReply, lang: Lang, status: number, message: string) =>
      errorPage(reply, lang, status, message, '/relying-party')

    app.get('/relying-party', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const me = await whoAmI(request)
      if (!me) return reply.redirect('/signin', 303)
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const body = `<h1>${esc(pick(lang, TEXT.creditReports))}: ${esc(me.displayName ?? me.name)}</h1>${askForm(lang, me, csrf)}
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>`
      return sendPrivate(
        reply,
        200,
        page(lang, { title: pick(lang, TEXT.creditReports), path: '/relying-party', body }),
      )
    })

    app.post('/relying-party/report', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const f = (request.body ?? {}) as Record<string, string>
      if (!formTokenOk(request, f.csrf)) return failed(reply, lang, 403, t(lang, 'error'))
      const me = await whoAmI(request)
      if (!me) return reply.redirect('/signin', 303)
      const asked = (f.subject ?? '').trim()
      let subjectId = UUID.test(asked) ? asked.toLowerCase() : undefined
      if (!subjectId) {
        // an organisation by its code: the public search (persons are never found there)
        // (in the body: what was typed, perhaps a person's identity number, stays out of URLs and logs)
        const code = asked.toUpperCase().slice(0, 100)
        const found =
          code === ''
            ? undefined
            : await callApi(root, request, 'POST', '/v1/public/search', { json: { q: code } }, { session: false })
        const hit =
          found?.statusCode === 200
            ? (JSON.parse(found.body) as SearchResults).results.find((r) => r.uscc === asked.toUpperCase())
            : undefined
        if (!hit) return failed(reply, lang, 404, pick(lang, TEXT.noOrganisationHasThatUnifiedSocial))
        subjectId = hit.subjectId
      }
      const res = await callApi(
        root,
        request,
        'GET',
        `/v1/reports/${encodeURIComponent(subjectId)}?purpose=${encodeURIComponent(f.purpose ?? '')}`,
      )
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, problemText(res.body, lang))
      const r = JSON.parse(res.body) as Report
      const records = r.categories.flatMap((c) => c.records.map((x) => ({ ...x, category: c.category })))
      const chart =
        r.categories.length === 0
          ? ''
          : barChart(
              pick(lang, TEXT.recordsByCategory),
              r.categories.map((c) => ({
                label: categoryText(lang, c.category),
                values: [
                  {
                    name: pick(lang, TEXT.negative),
                    value: c.records.filter((x) => x.polarity === 'negative').length,
                    colour: '#b3261e',
                  },
                  {
                    name: pick(lang, TEXT.positiveOrNeutral),
                    value: c.records.filter((x) => x.polarity !== 'negative').length,
                    colour: '#0b57d0',
                  },
                ],
              })),
            )
      const rows = records.map((x) => [
        `<span${x.polarity === 'negative' ? ' class="negative"' : ''}>${esc(pick(lang, x.kindName))}</span>`,
        esc(categoryText(lang, x.category)),
        esc(x.decidedOn),
        esc(x.source.displayName),
        `${esc(standingText(lang, x.standing))}${x.statement ? `<br><em>${esc(pick(lang, TEXT.theSubjectSStatement))}: ${esc(x.statement)}</em>` : ''}`,
        `<small>${esc(fieldsText(x.fields))}</small>`,
      ])
      const id = r.subject.uscc ?? r.subject.residentIdMasked ?? ''
      const body = `<h1>${esc(pick(lang, TEXT.creditReport))}: ${esc(r.subject.name)}</h1>
<dl class="facts"><dt>${esc(pick(lang, TEXT.subject))}</dt><dd>${esc(r.subject.name)}${id ? ` · ${esc(id)}` : ''}</dd><dt>${esc(pick(lang, TEXT.for))}</dt><dd>${esc(me.displayName ?? me.name)}</dd>
<dt>${esc(t(lang, 'purpose'))}</dt><dd>${esc(purposeText(lang, r.purpose))}${r.consentId ? ` · ${esc(pick(lang, TEXT.consent))} ${esc(r.consentId)}` : ''}</dd><dt>${esc(pick(lang, TEXT.generated))}</dt><dd>${esc(chinaTime(lang, r.generatedAt))}</dd></dl>
<p>${esc(pick(lang, TEXT.thisLookIsRecordedTheSubject))}</p>
<p class="no-print muted">${esc(pick(lang, TEXT.toPrintOrSaveAsPdf))}</p>
${chart}
<h2>${esc(t(lang, 'records'))} (${records.length})</h2>${records.length === 0 ? `<p>${esc(pick(lang, TEXT.noRecordsForThisPurpose))}</p>` : table([t(lang, 'kind'), pick(lang, TEXT.category), t(lang, 'decidedOn'), t(lang, 'source'), t(lang, 'standing'), pick(lang, TEXT.details)], rows)}
<h2 class="no-print">${esc(pick(lang, TEXT.anotherReport))}</h2>${askForm(lang, me, cookie(request, CSRF_COOKIE) ?? '')}`
      return sendPrivate(
        reply,
        200,
        page(lang, { title: `${pick(lang, TEXT.creditReport)}: ${r.subject.name}`, path: '/relying-party', body }),
      )
    })
  }
}
