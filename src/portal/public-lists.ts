/**
 * The public's browsing of what Credit China calls "double publicity" and the lists: the red and black
 * lists in force (/lists) and the administrative licences and penalties decided on organisations
 * (/publicity), each filterable by agency, region and date, each item linking to the organisation.
 * Filters are a GET form (nothing in them identifies a person); a page has 20 items and a link to the next.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import type { PublicEntriesSchema } from '../modules/lists/index.ts'
import type { PublicityPageSchema } from '../modules/records/index.ts'
import { type Lang, type Messages, pick, t } from './i18n.ts'
import { esc, page } from './layout.ts'
import { callApi, languageOf, pageRoute, portalBasics } from './http.ts'
import { dayText, PROVINCES, provinceText, subjectTypeText } from './public-words.ts'

type PublicEntries = Static<typeof PublicEntriesSchema>
type PublicityPage = Static<typeof PublicityPageSchema>

export const TEXT = {
  listsTitle: { zh: '信用红黑名单公示', en: 'Red and black lists' },
  listsIntro: {
    zh: '这里公示在列的红名单（守信激励）和黑名单（严重失信主体）中的企业和其他组织。个人不予公示。每一条目都由具名的工作人员依法定程序决定，有固定期限，期满自动移出。',
    en: 'The organisations now on the red lists (commendation) and the black lists (serious breach of trust). Persons are never shown. Every entry was decided by a named officer after due process, for a fixed term, and ends by itself when the term is over.',
  },
  publicityTitle: { zh: '行政许可和行政处罚公示', en: 'Administrative licences and penalties' },
  publicityIntro: {
    zh: '这里公示行政机关对企业和其他组织作出的行政许可和行政处罚决定（“双公示”），在公示期内展示。个人不予公示。',
    en: 'The administrative licences and penalties that agencies have decided on organisations ("double publicity"), shown for their public display period. Persons are never shown.',
  },
  licences: { zh: '行政许可', en: 'Licences' },
  penalties: { zh: '行政处罚', en: 'Penalties' },
  listType: { zh: '名单类别', en: 'Kind of list' },
  redAndBlack: { zh: '全部名单', en: 'All lists' },
  red: { zh: '红名单', en: 'Red lists' },
  black: { zh: '黑名单', en: 'Black lists' },
  list: { zh: '名单', en: 'List' },
  allLists: { zh: '全部', en: 'All' },
  agency: { zh: '决定机关', en: 'Deciding agency' },
  allAgencies: { zh: '全部机关', en: 'Every agency' },
  region: { zh: '地区', en: 'Region' },
  allRegions: { zh: '全国', en: 'All of China' },
  decidedFrom: { zh: '决定日期自', en: 'Decided from' },
  decidedTo: { zh: '至', en: 'to' },
  show: { zh: '筛选', en: 'Show' },
  organisation: { zh: '组织', en: 'Organisation' },
  reason: { zh: '列入事由', en: 'Why listed' },
  term: { zh: '期限', en: 'Term' },
  decided: { zh: '决定日期', en: 'Decided' },
  kind: { zh: '类别', en: 'Kind' },
  publicUntil: { zh: '公示至', en: 'Public until' },
  nothing: { zh: '没有符合条件的条目。', en: 'Nothing matches.' },
  previous: { zh: '上一页', en: 'Previous page' },
  next: { zh: '下一页', en: 'Next page' },
  pageNumber: (n: number) => ({ zh: `第 ${n} 页`, en: `Page ${n}` }),
  pages: { zh: '翻页', en: 'Pages' },
  range: (from: string, to: string) => ({ zh: `${from}至${to}`, en: `${from} to ${to}` }),
  whatListsMean: { zh: '名单是什么意思？', en: 'What do the lists mean?' },
  badDates: { zh: '请检查日期。', en: 'Please check the dates.' },
} satisfies Messages

const send = (reply: FastifyReply, lang: Lang, status: number, html: string) =>
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
    .send(html)

/** The filters as asked in the URL, kept only when well formed (the API is asked only for what it takes). */
function filtersOf(request: FastifyRequest, names: readonly string[]): Record<string, string> {
  const q = request.query as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const name of names) {
    const v = q[name]
    if (typeof v !== 'string' || v.trim() === '') continue
    const value = v.trim().slice(0, 200)
    if ((name === 'from' || name === 'to') && !/^\d{4}-\d\d-\d\d$/.test(value)) continue
    if (name === 'region' && !/^\d{2}$/.test(value)) continue
    if (name === 'page' && !/^[1-9]\d{0,2}$/.test(value)) continue
    out[name] = value
  }
  return out
}

/** An option of a filter; `data` marks a name that is data, not the page's words (an agency's). */
const option = (value: string, label: string, current: string | undefined, data = false) =>
  `<option value="${esc(value)}"${value === (current ?? '') ? ' selected' : ''}${data ? ' translate="no"' : ''}>${esc(label)}</option>`

const select = (id: string, label: string, options: string) =>
  `<p><label for="${id}">${esc(label)}</label><br><select id="${id}" name="${id}">${options}</select></p>`

function commonFilters(lang: Lang, f: Record<string, string>): string {
  const regions = `${option('', pick(lang, TEXT.allRegions), f.region)}${PROVINCES.map(([code, zh, en]) => option(code, lang === 'zh' ? zh : en, f.region)).join('')}`
  return `${select('region', pick(lang, TEXT.region), regions)}
<p><label for="from">${esc(pick(lang, TEXT.decidedFrom))}</label><br><input type="date" id="from" name="from" value="${esc(f.from ?? '')}"></p>
<p><label for="to">${esc(pick(lang, TEXT.decidedTo))}</label><br><input type="date" id="to" name="to" value="${esc(f.to ?? '')}"></p>
<p><button type="submit">${esc(pick(lang, TEXT.show))}</button></p>`
}

/** Links to the page before and after, with the same filters. */
function pager(lang: Lang, path: string, f: Record<string, string>, current: number, more: boolean): string {
  const link = (n: number, words: string) => {
    const query = new URLSearchParams({ ...f, page: String(n) })
    return `<a href="${esc(`${path}?${query.toString()}`)}">${esc(words)}</a>`
  }
  if (current === 1 && !more) return ''
  return `<nav class="pager" aria-label="${esc(pick(lang, TEXT.pages))}">${current > 1 ? link(current - 1, pick(lang, TEXT.previous)) : ''}<span>${esc(pick(lang, TEXT.pageNumber(current)))}</span>${more ? link(current + 1, pick(lang, TEXT.next)) : ''}</nav>`
}

const organisationCell = (
  lang: Lang,
  s: { subjectId: string; name: string; subjectType: string; divisionCode?: string | null },
) =>
  `<a href="/org/${esc(s.subjectId)}" translate="no">${esc(s.name)}</a><br><small class="muted">${esc(subjectTypeText(lang, s.subjectType))}${s.divisionCode && provinceText(lang, s.divisionCode) ? ` · ${esc(provinceText(lang, s.divisionCode))}` : ''}</small>`

/** The page's own address with its filters (the language switch keeps them). */
const pathWith = (path: string, f: Record<string, string>) =>
  Object.keys(f).length === 0 ? path : `${path}?${new URLSearchParams(f).toString()}`

export function publicListsRoutes(root: () => FastifyInstance): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)

    app.get('/lists', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const f = filtersOf(request, ['listType', 'listKind', 'agency', 'region', 'from', 'to', 'page'])
      if (f.listType !== 'red' && f.listType !== 'black') delete f.listType
      const res = await callApi(root, request, 'GET', `/v1/public/list-entries?${new URLSearchParams(f).toString()}`)
      const ok = res.statusCode === 200
      const data: PublicEntries = ok
        ? (JSON.parse(res.body) as PublicEntries)
        : { entries: [], page: 1, more: false, listKinds: [], agencies: [] }
      const types = `${option('', pick(lang, TEXT.redAndBlack), f.listType)}${option('red', pick(lang, TEXT.red), f.listType)}${option('black', pick(lang, TEXT.black), f.listType)}`
      const kinds = `${option('', pick(lang, TEXT.allLists), f.listKind)}${data.listKinds.map((k) => option(k.code, pick(lang, k.name), f.listKind)).join('')}`
      const agencies = `${option('', pick(lang, TEXT.allAgencies), f.agency)}${data.agencies.map((a) => option(a, a, f.agency, true)).join('')}`
      const form = `<form method="get" action="/lists" class="filters">${select('listType', pick(lang, TEXT.listType), types)}${select('listKind', pick(lang, TEXT.list), kinds)}${select('agency', pick(lang, TEXT.agency), agencies)}${commonFilters(lang, f)}</form>`
      const rows = data.entries.map(
        (e) =>
          `<li class="${e.listType === 'black' ? 'negative' : ''}"><h2 class="item">${organisationCell(lang, e.subject)}</h2>
<dl class="facts"><dt>${esc(pick(lang, TEXT.list))}</dt><dd>${esc(pick(lang, e.listName))}</dd><dt>${esc(pick(lang, TEXT.reason))}</dt><dd>${esc(pick(lang, e.criterion.name))}</dd><dt>${esc(pick(lang, TEXT.agency))}</dt><dd translate="no">${esc(e.decidingAgency ?? '—')}</dd><dt>${esc(pick(lang, TEXT.decided))}</dt><dd>${esc(dayText(lang, e.decidedOn))}</dd><dt>${esc(pick(lang, TEXT.term))}</dt><dd>${esc(pick(lang, TEXT.range(dayText(lang, e.startsOn), dayText(lang, e.endsOn))))}</dd></dl></li>`,
      )
      const list = !ok
        ? `<p role="alert">${esc(pick(lang, TEXT.badDates))}</p>`
        : rows.length === 0
          ? `<p role="status">${esc(pick(lang, TEXT.nothing))}</p>`
          : `<ul class="plain items">${rows.join('')}</ul>`
      const body = `<h1>${esc(pick(lang, TEXT.listsTitle))}</h1><p>${esc(pick(lang, TEXT.listsIntro))} <a href="/help/lists">${esc(pick(lang, TEXT.whatListsMean))}</a></p>${form}${list}${pager(lang, '/lists', f, data.page, data.more)}`
      return send(
        reply,
        lang,
        ok ? 200 : 400,
        page(lang, { title: pick(lang, TEXT.listsTitle), path: pathWith('/lists', f), body }),
      )
    })

    app.get('/publicity', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const f = filtersOf(request, ['category', 'source', 'region', 'from', 'to', 'page'])
      if (f.category !== 'administrative_penalties') f.category = 'licensing'
      if (f.source !== undefined && !/^[0-9a-f-]{36}$/i.test(f.source)) delete f.source
      const res = await callApi(root, request, 'GET', `/v1/public/records?${new URLSearchParams(f).toString()}`)
      const ok = res.statusCode === 200
      const data: PublicityPage = ok
        ? (JSON.parse(res.body) as PublicityPage)
        : { records: [], page: 1, more: false, agencies: [] }
      const categories = `${option('licensing', pick(lang, TEXT.licences), f.category)}${option('administrative_penalties', pick(lang, TEXT.penalties), f.category)}`
      const agencies = `${option('', pick(lang, TEXT.allAgencies), f.source)}${data.agencies.map((a) => option(a.sourceId, a.displayName, f.source, true)).join('')}`
      const form = `<form method="get" action="/publicity" class="filters">${select('category', pick(lang, TEXT.kind), categories)}${select('source', pick(lang, TEXT.agency), agencies)}${commonFilters(lang, f)}</form>`
      const rows = data.records.map(
        (r) =>
          `<li${f.category === 'administrative_penalties' ? ' class="negative"' : ''}><h2 class="item">${organisationCell(lang, r.subject)}</h2>
<dl class="facts"><dt>${esc(pick(lang, TEXT.kind))}</dt><dd>${esc(pick(lang, r.kindName))}</dd><dt>${esc(pick(lang, TEXT.agency))}</dt><dd translate="no">${esc(r.source.displayName)}</dd><dt>${esc(pick(lang, TEXT.decided))}</dt><dd>${esc(dayText(lang, r.decidedOn))}</dd><dt>${esc(pick(lang, TEXT.publicUntil))}</dt><dd>${esc(dayText(lang, r.publicUntil))}</dd></dl>${r.underObjection ? `<p><span class="badge">${esc(t(lang, 'underObjection'))}</span></p>` : ''}</li>`,
      )
      const list = !ok
        ? `<p role="alert">${esc(pick(lang, TEXT.badDates))}</p>`
        : rows.length === 0
          ? `<p role="status">${esc(pick(lang, TEXT.nothing))}</p>`
          : `<ul class="plain items">${rows.join('')}</ul>`
      const body = `<h1>${esc(pick(lang, TEXT.publicityTitle))}</h1><p>${esc(pick(lang, TEXT.publicityIntro))}</p>${form}${list}${pager(lang, '/publicity', f, data.page, data.more)}`
      return send(
        reply,
        lang,
        ok ? 200 : 400,
        page(lang, { title: pick(lang, TEXT.publicityTitle), path: pathWith('/publicity', f), body }),
      )
    })
  }
}
