/**
 * The portal, server-rendered. Every page is built from the public HTTP API, called in-process
 * (`app.inject`, with the visitor's own cookies): the same routes, policies and audit events as any
 * client — no private back door. Pages are plain HTML with no script: fast on a slow connection,
 * usable by keyboard and screen reader, printable.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { type Lang, type Messages, pick, t } from './i18n.ts'
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
<input type="search" id="q" name="q" value="${esc(q)}" maxlength="100" required autocomplete="off">
<button type="submit">${esc(t(lang, 'searchButton'))}</button></form>
<p class="muted">${esc(t(lang, 'searchHint'))}</p>`
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

    const results = async (request: FastifyRequest, reply: FastifyReply, asked: unknown) => {
      const lang = languageOf(request)
      const q = typeof asked === 'string' ? asked.trim().slice(0, 100) : ''
      if (q === '') return reply.redirect('/', 303)
      // the visitor's cookies are not needed: public search is the same for everyone
      const res = await callApi(root, request, 'POST', '/v1/public/search', { json: { q } }, { session: false })
      const found: SearchResults =
        res.statusCode === 200 ? (JSON.parse(res.body) as SearchResults) : { results: [], more: false }
      const list =
        found.results.length === 0
          ? `<p>${esc(t(lang, 'noResults'))}</p>`
          : `<ol class="results">${found.results.map((r) => `<li><a href="/org/${esc(r.subjectId)}">${esc(r.name)}</a> <span class="muted">${esc(t(lang, 'uscc'))} ${esc(r.uscc)}</span></li>`).join('')}</ol>`
      const more = found.more ? `<p class="muted">${esc(t(lang, 'moreResults'))}</p>` : ''
      // the language link goes to the search page: the results were asked for in a form, not a URL
      return send(
        reply,
        lang,
        200,
        page(lang, {
          title: `${t(lang, 'results')}: ${q}`,
          path: '/',
          body: `${searchForm(lang, q)}<h1>${esc(t(lang, 'results'))}: ${esc(q)}</h1>${list}${more}`,
        }),
      )
    }
    app.post('/search', formRoute, async (request, reply) =>
      results(request, reply, ((request.body ?? {}) as Record<string, unknown>).q),
    )
    // links and bookmarks from before the form was POSTed: ordinary text is searched as it was; an
    // identifier is not, and the browser leaves the URL holding it for the search page
    app.get('/search', html, async (request, reply) => {
      const q = (request.query as Record<string, unknown>).q
      if (typeof q === 'string' && redactIdentifiers(q) !== q) return reply.redirect('/', 303)
      return results(request, reply, q)
    })

    app.get('/org/:subjectId', html, async (request, reply) => {
      const lang = languageOf(request)
      const id = (request.params as { subjectId: string }).subjectId
      const path = `/org/${encodeURIComponent(id)}`
      if (!/^[0-9a-f-]{36}$/i.test(id))
        return send(
          reply,
          lang,
          404,
          page(lang, { title: t(lang, 'notFound'), path, body: `<h1>${esc(t(lang, 'notFound'))}</h1>` }),
        )
      // one round trip: the public file, the list entries and the grade together
      const file = await callApi(root, request, 'GET', `/v1/public/subjects/${id}/profile`)
      if (file.statusCode !== 200)
        return send(
          reply,
          lang,
          404,
          page(lang, {
            title: t(lang, 'notFound'),
            path,
            body: `<h1>${esc(t(lang, 'notFound'))}</h1>${searchForm(lang)}`,
          }),
        )
      const f = JSON.parse(file.body) as PublicProfile
      const records =
        f.records.length === 0
          ? `<p>${esc(t(lang, 'noPublicRecords'))}</p>`
          : `<table><thead><tr><th scope="col">${esc(t(lang, 'kind'))}</th><th scope="col">${esc(t(lang, 'decidedOn'))}</th><th scope="col">${esc(t(lang, 'source'))}</th><th scope="col">${esc(t(lang, 'publicUntil'))}</th></tr></thead><tbody>${f.records
              .map(
                (r) =>
                  `<tr><td${r.polarity === 'negative' ? ' class="negative"' : ''}>${esc(pick(lang, r.kindName))}${r.underObjection ? ` <span class="badge">${esc(t(lang, 'underObjection'))}</span>` : ''}${r.statement ? `<br><small>${esc(t(lang, 'statement'))}: ${esc(r.statement)}</small>` : ''}</td><td>${esc(r.decidedOn)}</td><td>${esc(r.source.displayName)}</td><td>${esc(r.publicUntil)}</td></tr>`,
              )
              .join('')}</tbody></table>`
      const list = f.listEntries
      const lists =
        list.length === 0
          ? `<p>${esc(t(lang, 'noListEntries'))}</p>`
          : list
              .map(
                (e) =>
                  `<section><h3>${esc(pick(lang, e.listName))}</h3><p>${esc(pick(lang, e.criterion.name))}</p><p><strong>${esc(t(lang, 'legalBasis'))}:</strong> ${esc(pick(lang, e.legalBasis))}</p><p><strong>${esc(t(lang, 'term'))}:</strong> ${esc(e.startsOn ?? '—')} – ${esc(e.endsOn ?? '—')}</p></section>`,
              )
              .join('')
      const r = f.rating
      const grade = r
        ? `<p><span class="grade">${esc(r.grade)}</span> <span class="muted">${esc(t(lang, 'ratedOn'))} ${esc(r.ratedOn)}</span></p>`
        : `<p class="muted">${esc(t(lang, 'gradeNone'))}</p>`
      const body = `<h1>${esc(f.subject.name)}</h1><p class="muted">${esc(t(lang, 'uscc'))} ${esc(f.subject.uscc ?? '—')}</p>
<h2>${esc(t(lang, 'grade'))}</h2>${grade}
<h2>${esc(t(lang, 'publicRecords'))}</h2>${records}
<h2>${esc(t(lang, 'listEntries'))}</h2>${lists}
<p class="muted">${esc(t(lang, 'howToObject'))}</p>`
      return send(reply, lang, 200, page(lang, { title: f.subject.name, path, body }))
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
      const table = `<table><thead><tr><th scope="col">${esc(t(lang, 'listKind'))}</th>${cols.map((c) => `<th scope="col">${esc(t(lang, c))}</th>`).join('')}</tr></thead><tbody>${s.byListKind.map((k) => `<tr><th scope="row">${esc(pick(lang, k.listName))}</th>${cols.map((c) => `<td>${k[c]}</td>`).join('')}</tr>`).join('')}</tbody></table>`
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
<label for="agency">${pick(lang, TEXT.decidingAgency)}</label> <select id="agency" name="agency">${option('', pick(lang, TEXT.all), agency)}${agencies.map((a) => option(a, a, agency)).join('')}</select> <button type="submit">${pick(lang, TEXT.show)}</button></form>`
      const overTime = `<h2>${pick(lang, TEXT.monthByMonthTheLast24)}</h2>${filter}
${monthlyChart(pick(lang, TEXT.listingsRemovalsAnnulmentsObjectionsAndRepair), m.months, trend)}
<p class="muted">${pick(lang, TEXT.listingsRemovalsAndAnnulmentsFollowThe)}</p>
<details><summary>${pick(lang, TEXT.theFiguresByMonth)}</summary>${htmlTable(
        [pick(lang, TEXT.month), ...trend.map((x) => x.name)],
        m.months.map((month, i) => [esc(month), ...trend.map((x) => String(x.values[i] ?? 0))]),
      )}</details>`
      const body = `<h1>${esc(t(lang, 'statisticsTitle'))}</h1>${chart}${table}${overTime}
<p>${pick(lang, TEXT.removalsAndRepairs(s.removalAfterPerformance.removals, s.removalAfterPerformance.medianDays ?? '—', s.repairs.applied, s.repairs.approved, s.repairs.refused))}</p>`
      const path =
        kind || agency
          ? `/statistics?kind=${encodeURIComponent(kind)}&agency=${encodeURIComponent(agency)}`
          : '/statistics'
      return send(reply, lang, 200, page(lang, { title: t(lang, 'navStatistics'), path, body }))
    })
  }
}
