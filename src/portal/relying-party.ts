/**
 * The relying party's view: its staff (accounts bound to the relying party) ask for a credit report
 * for one of the party's registered purposes, on a person by identity number and name, or on an
 * organisation by its USCC, and get it as a page that prints cleanly to PDF from the browser (the print
 * style sheet drops the navigation and the forms). The report is the API's `POST /v1/reports`: the
 * same purpose rules, the same consent check for a person, and the same inquiry, which the subject
 * sees. The request is a POST (an identity number never in a URL), so a reload does not look again
 * unasked. The report shows every field the purpose opens, labelled from the catalogue, with the
 * repayment history as a grid (report-fields.ts).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Me, Report } from './api.ts'
import { chinaTime, categoryText, type Lang, type Messages, pick, purposeText, standingText, t } from './i18n.ts'
import {
  portalBasics,
  callApi,
  cookie,
  CSRF_COOKIE,
  errorPage,
  field,
  formAlert,
  formRoute,
  formState,
  type FormState,
  formTokenOk,
  languageOf,
  pageRoute,
  sendPrivate,
} from './http.ts'
import { parseProblem, problemWords } from './problems.ts'
import { barChart, esc, page, table } from './layout.ts'
import { catalogueWords, dayText, recordFieldsHtml } from './report-fields.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  creditReports: { zh: '信用报告查询', en: 'Credit reports' },
  everyReportIsRecordedAndThe: {
    zh: '每次查询都会记录，被查询人可以看到查询机构、时间和目的。',
    en: 'Every report is recorded: the subject sees who looked, when and why.',
  },
  aPerson: { zh: '查询个人', en: 'A person' },
  aPersonHint: {
    zh: '须有本人对本机构、对所选目的的有效授权。身份证号码和姓名须与本人证件一致。',
    en: "Needs the person's valid consent to your organisation for the purpose chosen. Give the identity number and the name as on their identity card.",
  },
  residentId: { zh: '身份证号码', en: 'Identity number' },
  residentIdHint: { zh: '18 位，最后一位可能是字母。', en: '18 characters; the last may be a letter.' },
  personName: { zh: '姓名', en: 'Name' },
  anOrganisation: { zh: '查询企业或机构', en: 'An organisation' },
  uscc: { zh: '统一社会信用代码', en: 'Unified Social Credit Code' },
  usccHint: { zh: '18 位，由数字和大写字母组成。', en: '18 characters, digits and capital letters.' },
  getTheReport: { zh: '查询报告', en: 'Get the report' },
  noConsentTitle: { zh: '没有本人授权，无法查询', en: 'No consent: the report cannot be given' },
  noConsentWhy: (purpose: string) => ({
    zh: `查询个人信用报告须经本人授权。本机构没有这位当事人对“${purpose}”的有效授权，或者所填身份证号码与姓名不符。`,
    en: `A person's credit report needs their consent. Your organisation holds no valid consent of this person for "${purpose}", or the identity number and the name do not match.`,
  }),
  noConsentWhatToDo: {
    zh: '请先核对身份证号码和姓名。如尚未授权，当事人可以登录本平台“我的信用档案”，选择本机构和这一目的给予授权；也可以签署书面授权书，由信用管理人员登记。授权后即可查询。',
    en: 'Check the identity number and the name first. If the person has not consented yet, they can sign in to "My file" on this platform and give your organisation consent for this purpose, or sign a written consent for a credit officer to register. You can then ask again.',
  },
  nothingWasRecorded: {
    zh: '这次查询没有进行，也没有记录。',
    en: 'No report was given, and nothing was recorded.',
  },
  creditReport: { zh: '信用报告', en: 'Credit report' },
  subject: { zh: '被查询主体', en: 'Subject' },
  for: { zh: '查询机构', en: 'Asked for by' },
  consent: { zh: '授权', en: 'Consent' },
  consentOnFile: {
    zh: '有本人对本机构、对这一目的的有效授权',
    en: "The person's valid consent to your organisation for this purpose",
  },
  consentNotNeeded: { zh: '无需授权（企业和机构）', en: 'Not needed (an organisation)' },
  consentGiven: {
    zh: '有该主体对本机构、对这一目的的有效授权',
    en: "The subject's valid consent to your organisation for this purpose",
  },
  generated: { zh: '报告时间', en: 'Generated' },
  thisLookIsRecordedTheSubject: {
    zh: '本次查询已记录，被查询方可以看到查询机构、时间和目的。报告仅含该目的允许的记录类别，每条记录的全部内容如下。',
    en: 'This look is recorded: the subject sees who looked, when and why. The report holds only the categories this purpose allows, each record in full.',
  },
  toPrintOrSaveAsPdf: {
    zh: '打印或另存为 PDF：使用浏览器的打印功能，快捷键',
    en: "To print or save as PDF, use the browser's print, shortcut",
  },
  recordsByCategory: { zh: '各类记录数', en: 'Records by category' },
  negative: { zh: '负面', en: 'negative' },
  positiveOrNeutral: { zh: '正面及中性', en: 'positive or neutral' },
  summary: { zh: '记录概要', en: 'Summary' },
  noRecordsForThisPurpose: { zh: '该目的下没有记录。', en: 'No records for this purpose.' },
  category: { zh: '信息分类', en: 'Category' },
  recordKind: { zh: '记录名称', en: 'Kind of record' },
  negativeRecord: { zh: '负面记录', en: 'negative record' },
  sourceAgency: { zh: '报送机构', en: 'Reported by' },
  theSubjectSStatement: { zh: '当事人声明', en: "The subject's statement" },
  recordCount: (n: number) => ({ zh: `${n} 条`, en: `${n} record${n === 1 ? '' : 's'}` }),
  anotherReport: { zh: '查询另一份报告', en: 'Another report' },
} satisfies Messages

type Root = () => FastifyInstance

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** Which form a field of POST /v1/reports belongs to: /subject/residentId → residentId, /purpose → purpose. */
const fieldOf = (pointer: string): string | undefined =>
  /^\/(?:body\/)?subject\/(residentId|name|uscc)/.exec(pointer)?.[1] ??
  (/^\/(?:body\/|query\/)?purpose/.test(pointer) ? 'purpose' : undefined)

export function relyingPartyRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    const whoAmI = async (request: FastifyRequest): Promise<Me | null> => {
      const res = await callApi(root, request, 'GET', '/v1/me')
      const me = res.statusCode === 200 ? (JSON.parse(res.body) as Me) : null
      return me?.role === 'relying_party' ? me : null
    }

    /** The two ways to ask (a person; an organisation), each keeping what was typed when refused. */
    const askForms = (lang: Lang, me: Me, csrf: string, state?: FormState) => {
      const purposes = (me.purposes ?? []).map((p) => [p, purposeText(lang, p)] as const)
      const purpose = (form: string) =>
        field(state, form, { name: 'purpose', label: t(lang, 'purpose'), options: purposes, required: true })
      return `<section class="no-print" aria-labelledby="ask-person"><h2 id="ask-person">${esc(pick(lang, TEXT.aPerson))}</h2>
<p class="muted">${esc(pick(lang, TEXT.aPersonHint))}</p>
<form method="post" action="/relying-party/report">${formAlert(state, 'person')}<input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="form" value="person">
${field(state, 'person', { name: 'residentId', label: pick(lang, TEXT.residentId), hint: pick(lang, TEXT.residentIdHint), required: true, maxlength: 18, autocomplete: 'off', data: true })}
${field(state, 'person', { name: 'name', label: pick(lang, TEXT.personName), required: true, maxlength: 200, autocomplete: 'off', data: true })}
${purpose('person')}
<button type="submit">${esc(pick(lang, TEXT.getTheReport))}</button></form></section>
<section class="no-print" aria-labelledby="ask-organisation"><h2 id="ask-organisation">${esc(pick(lang, TEXT.anOrganisation))}</h2>
<form method="post" action="/relying-party/report">${formAlert(state, 'organisation')}<input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="form" value="organisation">
${field(state, 'organisation', { name: 'uscc', label: pick(lang, TEXT.uscc), hint: pick(lang, TEXT.usccHint), required: true, maxlength: 18, data: true })}
${purpose('organisation')}
<button type="submit">${esc(pick(lang, TEXT.getTheReport))}</button></form></section>
<p class="muted no-print">${esc(pick(lang, TEXT.everyReportIsRecordedAndThe))}</p>`
    }

    /** The console: the forms (again, with what was typed and what was wrong, after a refusal). */
    const consolePage = (
      request: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      me: Me,
      status: number,
      state?: FormState,
      before = '',
    ) => {
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const body = `<h1>${esc(pick(lang, TEXT.creditReports))}: <span translate="no">${esc(me.displayName ?? me.name)}</span></h1>${before}${askForms(lang, me, csrf, state)}
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>`
      return sendPrivate(
        reply,
        status,
        page(lang, { title: pick(lang, TEXT.creditReports), path: '/relying-party', body }),
      )
    }

    app.get('/relying-party', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const me = await whoAmI(request)
      if (!me) return reply.redirect('/signin', 303)
      return consolePage(request, reply, lang, me, 200)
    })

    app.post('/relying-party/report', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const f = (request.body ?? {}) as Record<string, string>
      if (!formTokenOk(request, f.csrf))
        return errorPage(reply, lang, 403, problemWords(lang, 'auth.csrf'), '/relying-party')
      const me = await whoAmI(request)
      if (!me) return reply.redirect('/signin', 303)
      const form = f.form === 'person' ? 'person' : 'organisation'
      const values: Record<string, string> =
        form === 'person'
          ? { residentId: (f.residentId ?? '').trim(), name: (f.name ?? '').trim(), purpose: f.purpose ?? '' }
          : { uscc: (f.uscc ?? '').trim(), purpose: f.purpose ?? '' }
      const subject =
        form === 'person'
          ? { residentId: (values.residentId ?? '').toUpperCase(), name: values.name ?? '' }
          : { uscc: (values.uscc ?? '').toUpperCase() }
      const res = await callApi(root, request, 'POST', '/v1/reports', {
        json: { purpose: values.purpose, subject },
      })
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode >= 500 || res.statusCode === 429)
        return errorPage(reply, lang, res.statusCode, t(lang, 'error'), '/relying-party')
      if (res.statusCode !== 200) {
        const problem = parseProblem(res.body)
        if (problem?.code === 'access.consent_required') {
          const told = `<section class="form-error" role="alert" aria-labelledby="no-consent"><h2 id="no-consent">${esc(pick(lang, TEXT.noConsentTitle))}</h2>
<p>${esc(pick(lang, TEXT.noConsentWhy(purposeText(lang, values.purpose ?? ''))))}</p><p>${esc(pick(lang, TEXT.noConsentWhatToDo))}</p><p>${esc(pick(lang, TEXT.nothingWasRecorded))}</p></section>`
          return consolePage(request, reply, lang, me, 403, { form, values, errors: {}, message: '' }, told)
        }
        const state = formState(lang, form, values, res.body, fieldOf)
        // a refusal of the subject as a whole (no such organisation) stands by the identifier's field
        const key = form === 'person' ? 'residentId' : 'uscc'
        const errors = Object.keys(state.errors).length === 0 ? { [key]: state.message } : state.errors
        return consolePage(request, reply, lang, me, res.statusCode, { ...state, errors })
      }
      const r = JSON.parse(res.body) as Report
      return sendPrivate(reply, 200, await reportPage(request, lang, me, r))
    })

    async function reportPage(request: FastifyRequest, lang: Lang, me: Me, r: Report): Promise<string> {
      const catalogue = (await catalogueWords(root, request)).elements
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
      const summary = records.map((x) => [
        `<span${x.polarity === 'negative' ? ' class="negative"' : ''}>${esc(pick(lang, x.kindName))}</span>`,
        esc(categoryText(lang, x.category)),
        esc(dayText(lang, x.decidedOn)),
        `<span translate="no">${esc(x.source.displayName)}</span>`,
        esc(standingText(lang, x.standing)),
      ])
      const details = r.categories
        .map(
          (c) =>
            `<h2>${esc(capitalised(categoryText(lang, c.category)))} <small class="muted">${esc(pick(lang, TEXT.recordCount(c.records.length)))}</small></h2>${c.records
              .map(
                (
                  x,
                ) => `<article class="record${x.polarity === 'negative' ? ' negative' : ''}"><h3>${esc(pick(lang, x.kindName))}${x.polarity === 'negative' ? ` <span class="badge">${esc(pick(lang, TEXT.negativeRecord))}</span>` : ''}</h3>
<dl class="facts"><dt>${esc(pick(lang, TEXT.sourceAgency))}</dt><dd translate="no">${esc(x.source.displayName)}</dd><dt>${esc(t(lang, 'decidedOn'))}</dt><dd>${esc(dayText(lang, x.decidedOn))}</dd><dt>${esc(t(lang, 'standing'))}</dt><dd>${esc(standingText(lang, x.standing))}</dd></dl>
${recordFieldsHtml(lang, catalogue.get(x.kind), x.fields)}${x.statement ? `<p><strong>${esc(pick(lang, TEXT.theSubjectSStatement))}</strong>: <span translate="no">${esc(x.statement)}</span></p>` : ''}</article>`,
              )
              .join('')}`,
        )
        .join('')
      const isPerson = r.subject.subjectType === 'person'
      const id = r.subject.uscc ?? r.subject.residentIdMasked ?? ''
      const consent = r.consentId
        ? pick(lang, isPerson ? TEXT.consentOnFile : TEXT.consentGiven)
        : pick(lang, TEXT.consentNotNeeded)
      const body = `<h1>${esc(pick(lang, TEXT.creditReport))}: <span translate="no">${esc(r.subject.name)}</span></h1>
<dl class="facts"><dt>${esc(pick(lang, TEXT.subject))}</dt><dd translate="no">${esc(r.subject.name)}${id ? ` · ${esc(id)}` : ''}</dd><dt>${esc(pick(lang, TEXT.for))}</dt><dd translate="no">${esc(me.displayName ?? me.name)}</dd>
<dt>${esc(t(lang, 'purpose'))}</dt><dd>${esc(purposeText(lang, r.purpose))}</dd><dt>${esc(pick(lang, TEXT.consent))}</dt><dd>${esc(consent)}</dd><dt>${esc(pick(lang, TEXT.generated))}</dt><dd>${esc(chinaTime(lang, r.generatedAt))}</dd></dl>
<p>${esc(pick(lang, TEXT.thisLookIsRecordedTheSubject))}</p>
<p class="no-print muted">${esc(pick(lang, TEXT.toPrintOrSaveAsPdf))} <kbd translate="no">Ctrl+P</kbd></p>
${chart}
<h2>${esc(pick(lang, TEXT.summary))} (${records.length})</h2>${
        records.length === 0
          ? `<p>${esc(pick(lang, TEXT.noRecordsForThisPurpose))}</p>`
          : `<div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.summary))}">${table(
              [
                t(lang, 'kind'),
                pick(lang, TEXT.category),
                t(lang, 'decidedOn'),
                pick(lang, TEXT.sourceAgency),
                t(lang, 'standing'),
              ],
              summary,
            )}</div>`
      }
${details}
<h2 class="no-print">${esc(pick(lang, TEXT.anotherReport))}</h2>${askForms(lang, me, cookie(request, CSRF_COOKIE) ?? '')}`
      return page(lang, { title: pick(lang, TEXT.creditReport), path: '/relying-party', body })
    }
  }
}
