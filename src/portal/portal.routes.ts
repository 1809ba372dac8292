/**
 * The portal, server-rendered. Every page is built from the public HTTP API, called in-process
 * (`app.inject`, with the visitor's own cookies): the same routes, policies and audit events as any
 * client — no private back door. Pages are plain HTML with no script: fast on a slow connection,
 * usable by keyboard and screen reader, printable.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { chinaTime, type Lang, type Messages, pick, t } from './i18n.ts'
import { DATA_ELEMENTS, describeFields } from '../modules/catalogue/index.ts'
import { dayText, provinceText, subjectTypeText } from './public-words.ts'
import { barChart, esc, monthlyChart, page, table as htmlTable } from './layout.ts'
import { redactIdentifiers } from '../modules/identifiers/index.ts'
import type { PublicProfile, SearchResults, Statistics } from './api.ts'
import { portalBasics, callApi, formRoute, languageOf } from './http.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  objections: { zh: '异议', en: 'objections' },
  repairApplications: { zh: '信用修复申请', en: 'repair applications' },
  all: { zh: '全部', en: 'all' },
  decidingAgency: { zh: '决定机关', en: 'Deciding agency' },
  show: { zh: '显示', en: 'Show' },
  monthByMonthTheLast24: { zh: '按月变化（近24个月）', en: 'Month by month (the last 24 months)' },
  listingsRemovalsAnnulmentsObjectionsAndRepair: {
    zh: '按月的列入、移出、撤销、异议和信用修复申请',
    en: 'Listings, removals, annulments, objections and repair applications by month',
  },
  listingsRemovalsAndAnnulmentsFollowThe: {
    zh: '列入、移出和撤销按所选名单和决定机关统计；异议和信用修复申请为全部。',
    en: 'Listings, removals and annulments follow the list kind and agency chosen; objections and repair applications are all of them.',
  },
  theFiguresByMonth: { zh: '按月数据表', en: 'The figures by month' },
  month: { zh: '月份', en: 'Month' },
  searchTitle: { zh: '查询结果', en: 'Search results' },
  found: (n: number) => ({
    zh: `找到 ${n} 个组织。`,
    en: n === 1 ? 'One organisation found.' : `${n} organisations found.`,
  }),
  foundCapped: (n: number) => ({
    zh: `找到 ${n} 个以上的组织，可翻阅前 ${n} 个；请输入更完整的名称缩小范围。`,
    en: `More than ${n} organisations found; the first ${n} can be paged through. Type more of the name to narrow it.`,
  }),
  pageOf: (page: number, pages: number) => ({ zh: `第 ${page} 页，共 ${pages} 页`, en: `Page ${page} of ${pages}` }),
  previousPage: { zh: '上一页', en: 'Previous page' },
  nextPage: { zh: '下一页', en: 'Next page' },
  pages: { zh: '翻页', en: 'Pages' },
  type: { zh: '类型', en: 'Type' },
  region: { zh: '所在地区', en: 'Region' },
  notRated: { zh: '尚未评级', en: 'not rated' },
  searchPinyinHint: {
    zh: '可输入中文名称、名称的拼音（全拼或首字母均可）或统一社会信用代码。',
    en: 'Type the Chinese name, its pinyin (in full or initials, such as fuzhou or fz), or the Unified Social Credit Code.',
  },
  orgTitle: { zh: '组织的公共信用信息', en: "An organisation's public credit information" },
  details: { zh: '内容', en: 'Details' },
  downloadReport: { zh: '下载信用报告（PDF）', en: 'Download the credit report (PDF)' },
  downloadHint: {
    zh: '打开可打印的报告后，在浏览器中选择“打印”，再选“另存为 PDF”。',
    en: "Open the printable report, choose Print in your browser, then 'Save as PDF'.",
  },
  reportTitle: { zh: '公共信用信息报告', en: 'Public credit information report' },
  reportGenerated: (at: string) => ({ zh: `报告生成时间：${at}`, en: `Report made at ${at}` }),
  reportNote: {
    zh: '本报告载明该组织在本平台公示的全部公共信用信息：公开的信用记录、所列名单和信用等级。信息以生成时为准。',
    en: 'This report holds all the public credit information the platform shows on this organisation: its public records, the lists it is on and its credit grade, as they stood when it was made.',
  },
  printHint: {
    zh: '如需 PDF 文件，请使用浏览器的“打印”功能，选择“另存为 PDF”。',
    en: "For a PDF file, use your browser's Print and choose 'Save as PDF'.",
  },
  backToPage: { zh: '返回该组织的页面', en: "Back to the organisation's page" },
  decidedBy: { zh: '决定机关', en: 'Decided by' },
  listTerm: (from: string, to: string) => ({ zh: `${from}至${to}`, en: `${from} to ${to}` }),
  helpLink: { zh: '这些信息是什么意思？', en: 'What does this information mean?' },
  chartTable: { zh: '按名单的数据表', en: 'The figures by list' },
  modelStability: {
    zh: '评分模型每月的稳定性（与开发样本相比）',
    en: 'The scoring models month by month, against their development samples',
  },
  removalsAndRepairs: (
    removals: number,
    medianDays: number | string,
    applied: number,
    approved: number,
    refused: number,
  ) => ({
    zh: `履行义务后移出：${removals} 次，中位用时 ${medianDays} 天。信用修复申请 ${applied} 件，批准 ${approved} 件，驳回 ${refused} 件。`,
    en: `Removed after performance: ${removals}, median ${medianDays} days. Credit repair applications: ${applied}, approved ${approved}, refused ${refused}.`,
  }),
} satisfies Messages

type Root = () => FastifyInstance

function send(reply: FastifyReply, lang: Lang, status: number, html: string) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
    .send(html)
}

// POSTed, so that what is typed (a code, or by mistake a person's identity number) never sits in a
// URL: not in the address bar, the history, a Referer or an access log.
function searchForm(lang: Lang, q = ''): string {
  return `<form class="search" role="search" action="/search" method="post">
<label for="q">${esc(t(lang, 'searchLabel'))}</label>
<input type="search" id="q" name="q" value="${esc(q)}" maxlength="100" required autocomplete="off" translate="no" aria-describedby="q-hint">
<button type="submit">${esc(t(lang, 'searchButton'))}</button></form>
<p class="muted" id="q-hint">${esc(pick(lang, TEXT.searchPinyinHint))} ${esc(t(lang, 'searchHint'))}</p>`
}

/** A page of results' way to the page before and after: small POSTed forms (the query stays out of the URL). */
function pager(lang: Lang, q: string, page: number, pages: number): string {
  if (pages <= 1) return ''
  const to = (n: number, words: string) =>
    `<form method="post" action="/search"><input type="hidden" name="q" value="${esc(q)}"><input type="hidden" name="page" value="${n}"><button type="submit">${esc(words)}</button></form>`
  return `<nav class="pager" aria-label="${esc(pick(lang, TEXT.pages))}">${page > 1 ? to(page - 1, pick(lang, TEXT.previousPage)) : ''}<span>${esc(pick(lang, TEXT.pageOf(page, pages)))}</span>${page < pages ? to(page + 1, pick(lang, TEXT.nextPage)) : ''}</nav>`
}

/** A record's fields, each labelled from the data-element dictionary, codes in words. */
function fieldsList(lang: Lang, fields: Readonly<Record<string, unknown>>): string {
  const described = describeFields(fields, DATA_ELEMENTS, lang)
  if (described.length === 0) return ''
  return `<dl class="facts">${described.map((f) => `<dt>${esc(f.name)}</dt><dd translate="no">${esc(f.value)}</dd>`).join('')}</dl>`
}

/** What the organisation's page and its printable report show, from the one profile answer. */
function profileBody(lang: Lang, f: PublicProfile, options: { print: boolean }): string {
  const s = f.subject
  const facts = `<dl class="facts"><dt>${esc(t(lang, 'uscc'))}</dt><dd translate="no">${esc(s.uscc ?? '—')}</dd><dt>${esc(pick(lang, TEXT.type))}</dt><dd>${esc(subjectTypeText(lang, s.subjectType))}</dd>${provinceText(lang, s.divisionCode) ? `<dt>${esc(pick(lang, TEXT.region))}</dt><dd>${esc(provinceText(lang, s.divisionCode))}</dd>` : ''}</dl>`
  const records =
    f.records.length === 0
      ? `<p>${esc(t(lang, 'noPublicRecords'))}</p>`
      : `<ul class="plain records">${f.records
          .map(
            (r) =>
              `<li${r.polarity === 'negative' ? ' class="negative"' : ''}><h3>${esc(pick(lang, r.kindName))}${r.underObjection ? ` <span class="badge">${esc(t(lang, 'underObjection'))}</span>` : ''}</h3>
<dl class="facts"><dt>${esc(t(lang, 'decidedOn'))}</dt><dd>${esc(dayText(lang, r.decidedOn))}</dd><dt>${esc(t(lang, 'source'))}</dt><dd translate="no">${esc(r.source.displayName)}</dd><dt>${esc(t(lang, 'publicUntil'))}</dt><dd>${esc(dayText(lang, r.publicUntil))}</dd></dl>
${fieldsList(lang, r.fields)}${r.statement ? `<p><strong>${esc(t(lang, 'statement'))}:</strong> <span translate="no">${esc(r.statement)}</span></p>` : ''}</li>`,
          )
          .join('')}</ul>`
  const lists =
    f.listEntries.length === 0
      ? `<p>${esc(t(lang, 'noListEntries'))}</p>`
      : f.listEntries
          .map(
            (e) =>
              `<section class="entry ${e.listType === 'black' ? 'negative' : ''}"><h3>${esc(pick(lang, e.listName))}</h3><p>${esc(pick(lang, e.criterion.name))}</p>
<dl class="facts"><dt>${esc(t(lang, 'legalBasis'))}</dt><dd>${esc(pick(lang, e.legalBasis))}</dd>${e.decidingAgency ? `<dt>${esc(pick(lang, TEXT.decidedBy))}</dt><dd translate="no">${esc(e.decidingAgency)}</dd>` : ''}<dt>${esc(t(lang, 'term'))}</dt><dd>${esc(pick(lang, TEXT.listTerm(dayText(lang, e.startsOn), dayText(lang, e.endsOn))))}</dd></dl></section>`,
          )
          .join('')
  const r = f.rating
  const grade = r
    ? `<p><span class="grade" translate="no">${esc(r.grade)}</span> <span class="muted">${esc(t(lang, 'ratedOn'))} ${esc(dayText(lang, r.ratedOn))}</span></p>`
    : `<p class="muted">${esc(t(lang, 'gradeNone'))}</p>`
  const download = options.print
    ? ''
    : `<p class="no-print"><a href="/org/${esc(s.subjectId)}/print">${esc(pick(lang, TEXT.downloadReport))}</a><br><small class="muted">${esc(pick(lang, TEXT.downloadHint))}</small></p>`
  return `${facts}${download}
<h2>${esc(t(lang, 'grade'))}</h2>${grade}
<h2>${esc(t(lang, 'publicRecords'))}</h2>${records}
<h2>${esc(t(lang, 'listEntries'))}</h2>${lists}
<p class="muted">${esc(t(lang, 'howToObject'))}</p>${options.print ? '' : `<p class="no-print"><a href="/help">${esc(pick(lang, TEXT.helpLink))}</a></p>`}`
}

export function portalRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    const html = { config: { policy: 'public' as const }, schema: { hide: true } }

    app.get('/', html, async (request, reply) => {
      const lang = languageOf(request)
      return send(
        reply,
        lang,
        200,
        page(lang, {
          title: t(lang, 'navSearch'),
          path: '/',
          body: `<h1>${esc(t(lang, 'searchTitle'))}</h1>${searchForm(lang)}`,
        }),
      )
    })

    const results = async (request: FastifyRequest, reply: FastifyReply, asked: unknown, askedPage: unknown) => {
      const lang = languageOf(request)
      const q = typeof asked === 'string' ? asked.trim().slice(0, 100) : ''
      if (q === '') return reply.redirect('/', 303)
      const pageNumber = Math.min(50, Math.max(1, Number.parseInt(String(askedPage ?? '1'), 10) || 1))
      // the visitor's cookies are not needed: public search is the same for everyone
      const res = await callApi(
        root,
        request,
        'POST',
        '/v1/public/search',
        { json: { q, page: pageNumber } },
        { session: false },
      )
      const found: SearchResults =
        res.statusCode === 200
          ? (JSON.parse(res.body) as SearchResults)
          : { results: [], more: false, total: 0, totalCapped: false, page: 1 }
      const size = 20
      const count =
        found.total === 0
          ? ''
          : `<p role="status">${esc(pick(lang, found.totalCapped ? TEXT.foundCapped(found.total) : TEXT.found(found.total)))}</p>`
      const list =
        found.results.length === 0
          ? `<p role="status">${esc(t(lang, 'noResults'))}</p>`
          : `<ol class="results" start="${(found.page - 1) * size + 1}">${found.results
              .map(
                (r) =>
                  `<li><a href="/org/${esc(r.subjectId)}" translate="no">${esc(r.name)}</a><br><span class="muted">${esc(subjectTypeText(lang, r.subjectType))} · ${esc(t(lang, 'uscc'))} <span translate="no">${esc(r.uscc)}</span> · ${esc(t(lang, 'grade'))} ${r.grade ? `<strong translate="no">${esc(r.grade)}</strong>` : esc(pick(lang, TEXT.notRated))}</span></li>`,
              )
              .join('')}</ol>`
      const pages = Math.max(1, Math.ceil(Math.min(found.total, 1000) / size))
      // the language link goes to the search page: the results were asked for in a form, not a URL
      return send(
        reply,
        lang,
        200,
        page(lang, {
          title: pick(lang, TEXT.searchTitle),
          path: '/',
          body: `${searchForm(lang, q)}<h1>${esc(t(lang, 'results'))}</h1>${count}${list}${pager(lang, q, found.page, pages)}`,
        }),
      )
    }
    app.post('/search', formRoute, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      return results(request, reply, body.q, body.page)
    })
    // links and bookmarks from before the form was POSTed: ordinary text is searched as it was; an
    // identifier is not, and the browser leaves the URL holding it for the search page
    app.get('/search', html, async (request, reply) => {
      const q = (request.query as Record<string, unknown>).q
      if (typeof q === 'string' && redactIdentifiers(q) !== q) return reply.redirect('/', 303)
      return results(request, reply, q, 1)
    })

    /** The organisation's profile for its page or its printable report; a page of its own when there is none. */
    const profileOr404 = async (request: FastifyRequest, reply: FastifyReply, id: string, path: string) => {
      const lang = languageOf(request)
      const notFound = () =>
        send(
          reply,
          lang,
          404,
          page(lang, {
            title: t(lang, 'notFound'),
            path,
            body: `<h1>${esc(t(lang, 'notFound'))}</h1>${searchForm(lang)}`,
          }),
        )
      if (!/^[0-9a-f-]{36}$/i.test(id)) return { sent: await notFound() }
      // one round trip: the public file, the list entries and the grade together
      const file = await callApi(root, request, 'GET', `/v1/public/subjects/${id}/profile`)
      if (file.statusCode !== 200) return { sent: await notFound() }
      return { profile: JSON.parse(file.body) as PublicProfile }
    }

    app.get('/org/:subjectId', html, async (request, reply) => {
      const lang = languageOf(request)
      const id = (request.params as { subjectId: string }).subjectId
      const path = `/org/${encodeURIComponent(id)}`
      const got = await profileOr404(request, reply, id, path)
      if (!got.profile) return got.sent
      const f = got.profile
      const body = `<h1 translate="no">${esc(f.subject.name)}</h1>${profileBody(lang, f, { print: false })}`
      return send(reply, lang, 200, page(lang, { title: pick(lang, TEXT.orgTitle), path, body }))
    })

    // the credit report to print or keep as PDF (the browser's print to PDF): the same profile, dated, with nothing to click
    app.get('/org/:subjectId/print', html, async (request, reply) => {
      const lang = languageOf(request)
      const id = (request.params as { subjectId: string }).subjectId
      const path = `/org/${encodeURIComponent(id)}/print`
      const got = await profileOr404(request, reply, id, path)
      if (!got.profile) return got.sent
      const f = got.profile
      const body = `<p class="no-print"><a href="/org/${esc(f.subject.subjectId)}">${esc(pick(lang, TEXT.backToPage))}</a></p>
<p class="no-print note">${esc(pick(lang, TEXT.printHint))}</p>
<article class="report"><p class="muted">${esc(t(lang, 'siteName'))} · ${esc(pick(lang, TEXT.reportTitle))}</p>
<h1 translate="no">${esc(f.subject.name)}</h1>
<p>${esc(pick(lang, TEXT.reportGenerated(chinaTime(lang, f.generatedAt))))}</p>
${profileBody(lang, f, { print: true })}
<p class="muted">${esc(pick(lang, TEXT.reportNote))}</p></article>`
      return send(reply, lang, 200, page(lang, { title: pick(lang, TEXT.reportTitle), path, body }))
    })

    app.get('/statistics', html, async (request, reply) => {
      const lang = languageOf(request)
      const res = await callApi(root, request, 'GET', '/v1/statistics')
      const s = JSON.parse(res.body) as Statistics
      const cols = ['proposed', 'listed', 'rejected', 'annulled', 'removed', 'expired', 'active'] as const
      const any = s.byListKind.some((k) => k.proposed > 0)
      const chart = !any
        ? ''
        : barChart(
            t(lang, 'statisticsTitle'),
            s.byListKind.map((k) => ({
              label: pick(lang, k.listName),
              values: [
                { name: t(lang, 'listed'), value: k.listed, colour: '#0b57d0' },
                { name: t(lang, 'annulled'), value: k.annulled, colour: '#b3261e' },
                { name: t(lang, 'removed'), value: k.removed + k.expired, colour: '#1e7b34' },
              ],
            })),
          )
      // wide tables scroll inside their box on a phone, never the page
      const table = `<div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.chartTable))}"><table><thead><tr><th scope="col">${esc(t(lang, 'listKind'))}</th>${cols.map((c) => `<th scope="col">${esc(t(lang, c))}</th>`).join('')}</tr></thead><tbody>${s.byListKind.map((k) => `<tr><th scope="row">${esc(pick(lang, k.listName))}</th>${cols.map((c) => `<td>${k[c]}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`
      // over time: entries of one list kind or deciding agency (or all), objections and repairs, month by month
      const q = request.query as Record<string, unknown>
      const kind = typeof q.kind === 'string' ? q.kind : ''
      const agency = typeof q.agency === 'string' ? q.agency : ''
      const m = s.byMonth
      const chosen = m.entries.filter((e) => (!kind || e.listKind === kind) && (!agency || e.decidingAgency === agency))
      const sum = (key: 'listed' | 'removed' | 'annulled' | 'expired') =>
        m.months.map((_, i) => chosen.reduce((n, e) => n + e[key][i]!, 0))
      const trend = [
        { name: t(lang, 'listed'), values: sum('listed'), colour: '#0b57d0' },
        { name: t(lang, 'removed'), values: sum('removed'), colour: '#1e7b34' },
        { name: t(lang, 'annulled'), values: sum('annulled'), colour: '#b3261e' },
        { name: pick(lang, TEXT.objections), values: m.objections.filed, colour: '#8a5a00' },
        { name: pick(lang, TEXT.repairApplications), values: m.repairs.applied, colour: '#5b3a99' },
      ]
      const agencies = [
        ...new Set(m.entries.map((e) => e.decidingAgency).filter((a): a is string => a !== null)),
      ].sort()
      const option = (value: string, label: string, current: string) =>
        `<option value="${esc(value)}"${value === current ? ' selected' : ''}>${esc(label)}</option>`
      const filter = `<form method="get" action="/statistics" class="no-print"><label for="kind">${esc(t(lang, 'listKind'))}</label> <select id="kind" name="kind">${option('', pick(lang, TEXT.all), kind)}${s.byListKind.map((k) => option(k.listKind, pick(lang, k.listName), kind)).join('')}</select>
<label for="agency">${pick(lang, TEXT.decidingAgency)}</label> <select id="agency" name="agency">${option('', pick(lang, TEXT.all), agency)}${agencies.map((a) => option(a, a, agency).replace('<option ', '<option translate="no" ')).join('')}</select> <button type="submit">${pick(lang, TEXT.show)}</button></form>`
      const overTime = `<h2>${pick(lang, TEXT.monthByMonthTheLast24)}</h2>${filter}
${monthlyChart(pick(lang, TEXT.listingsRemovalsAnnulmentsObjectionsAndRepair), m.months, trend)}
<p class="muted">${pick(lang, TEXT.listingsRemovalsAndAnnulmentsFollowThe)}</p>
<details><summary>${pick(lang, TEXT.theFiguresByMonth)}</summary><div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.theFiguresByMonth))}">${htmlTable(
        [pick(lang, TEXT.month), ...trend.map((x) => x.name)],
        m.months.map((month, i) => [esc(month), ...trend.map((x) => String(x.values[i] ?? 0))]),
      )}</div></details>`
      const body = `<h1>${esc(t(lang, 'statisticsTitle'))}</h1>${chart}${table}${overTime}
<p>${pick(lang, TEXT.removalsAndRepairs(s.removalAfterPerformance.removals, s.removalAfterPerformance.medianDays ?? '—', s.repairs.applied, s.repairs.approved, s.repairs.refused))}</p>
<p><a href="/models/stability">${esc(pick(lang, TEXT.modelStability))}</a></p>`
      const path =
        kind || agency
          ? `/statistics?kind=${encodeURIComponent(kind)}&agency=${encodeURIComponent(agency)}`
          : '/statistics'
      return send(reply, lang, 200, page(lang, { title: t(lang, 'navStatistics'), path, body }))
    })
  }
}
