/**
 * The public's summary of the scoring models' stability (/models/stability): for a month, each model in
 * force with the scores it gave, its population stability index and what it says — the words officers
 * see too (officer-models.ts). No person in it: the API gives counts of a month, and no index where the
 * month has too few scores to judge.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import {
  MIN_MONTH_SCORES,
  PSI_SHIFTED,
  PSI_WATCH,
  isMonth,
  shiftMonth,
  type StabilityStatus,
  type StabilitySummarySchema,
} from '../modules/scoring/index.ts'
import { type Lang, type Messages, pick } from './i18n.ts'
import { esc, page, table } from './layout.ts'
import { callApi, languageOf, pageRoute, portalBasics } from './http.ts'

type Summary = Static<typeof StabilitySummarySchema>

const WATCH = PSI_WATCH.toFixed(2)
const SHIFTED = PSI_SHIFTED.toFixed(2)

export const TEXT = {
  title: { zh: '评分模型的稳定性', en: 'Stability of the scoring models' },
  intro: {
    zh: `每个评分模型在本月给出的评分，与模型开发样本的分布相比较。群体稳定性指数衡量两者的差异：不到 ${WATCH} 为稳定，${WATCH} 至 ${SHIFTED} 需关注，超过 ${SHIFTED} 为已偏移，该模型被标记，由信用工作人员复核。这里不显示任何个人。`,
    en: `The scores each scoring model gave in the month, set against its development sample. The population stability index (PSI) measures how far the two differ: below ${WATCH} stable, ${WATCH} to ${SHIFTED} to watch, above ${SHIFTED} shifted: the model is flagged for the credit officers to review. No person is shown here.`,
  },
  tooFew: (n: number) => ({
    zh: `一个月内评分少于 ${n} 次时不计算指数：少数评分本身就会使指数大幅波动。`,
    en: `With fewer than ${n} scores in a month no index is shown: a handful of scores swings it by itself.`,
  }),
  month: { zh: '月份', en: 'Month' },
  show: { zh: '显示', en: 'Show' },
  model: { zh: '模型', en: 'Model' },
  scores: { zh: '评分次数', en: 'Scores given' },
  psi: { zh: '群体稳定性指数', en: 'Population stability index' },
  stability: { zh: '稳定性', en: 'Stability' },
  none: { zh: '本月没有生效的模型。', en: 'No model was in force this month.' },
  withdrawn: { zh: '（已撤回）', en: ' (withdrawn)' },
  previousMonth: { zh: '上一个月', en: 'Previous month' },
  nextMonth: { zh: '下一个月', en: 'Next month' },
  months: { zh: '月份', en: 'Months' },
  badMonth: { zh: '请检查月份。', en: 'Please check the month.' },
  monthOf: (year: number, month: number) => ({
    zh: `${year}年${month}月`,
    en: `${year}-${String(month).padStart(2, '0')}`,
  }),
  stable: { zh: '稳定', en: 'Stable' },
  watch: { zh: '需关注', en: 'Watch' },
  shifted: { zh: '已偏移（标记）', en: 'Shifted (flagged)' },
  too_few: { zh: '评分过少，不作判断', en: 'Too few scores to judge' },
  no_scores: { zh: '本月没有评分', en: 'No scores this month' },
  no_baseline: { zh: '模型文件没有开发样本的分布', en: 'The model file has no development distribution' },
} satisfies Messages

/** What a stability status says, in words. */
export const statusWords = (lang: Lang, status: StabilityStatus): string => pick(lang, TEXT[status])

/** A PSI to three decimals, or a dash. */
export const psiText = (psi: number | null): string => (psi === null ? '—' : psi.toFixed(3))

/** The month asked for in the URL, if it is one (YYYY-MM); undefined means this month. */
export function monthAsked(request: FastifyRequest): string | undefined {
  const m = (request.query as Record<string, unknown>).month
  return typeof m === 'string' && isMonth(m) ? m : undefined
}

/** The month's picker and its neighbours, on the page at `path`. */
export function monthNav(lang: Lang, path: string, month: string): string {
  const to = (m: string, words: string) => `<a href="${esc(`${path}?month=${m}`)}">${esc(words)}</a>`
  return `<form method="get" action="${esc(path)}" class="filters"><p><label for="month">${esc(pick(lang, TEXT.month))}</label><br><input type="month" id="month" name="month" value="${esc(month)}" pattern="\\d{4}-\\d{2}"></p><p><button type="submit">${esc(pick(lang, TEXT.show))}</button></p></form>
<nav class="pager" aria-label="${esc(pick(lang, TEXT.months))}">${to(shiftMonth(month, -1), pick(lang, TEXT.previousMonth))}<span>${esc(pick(lang, TEXT.monthOf(Number(month.slice(0, 4)), Number(month.slice(5)))))}</span>${to(shiftMonth(month, 1), pick(lang, TEXT.nextMonth))}</nav>`
}

export function publicModelRoutes(root: () => FastifyInstance): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)

    app.get('/models/stability', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const asked = monthAsked(request)
      const res = await callApi(root, request, 'GET', `/v1/public/model-stability${asked ? `?month=${asked}` : ''}`)
      const path = `/models/stability${asked ? `?month=${asked}` : ''}`
      const send = (status: number, body: string) =>
        reply
          .status(status)
          .type('text/html; charset=utf-8')
          .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
          .send(page(lang, { title: pick(lang, TEXT.title), path, body }))
      if (res.statusCode !== 200)
        return send(400, `<h1>${esc(pick(lang, TEXT.title))}</h1><p role="alert">${esc(pick(lang, TEXT.badMonth))}</p>`)
      const data = JSON.parse(res.body) as Summary
      const rows = data.models.map((m) => [
        `<span translate="no">${esc(`${m.name} v${m.version}`)}</span>${m.status === 'withdrawn' ? esc(pick(lang, TEXT.withdrawn)) : ''}`,
        String(m.scores),
        psiText(m.psi),
        m.stability === 'shifted'
          ? `<strong>${esc(statusWords(lang, m.stability))}</strong>`
          : esc(statusWords(lang, m.stability)),
      ])
      const body = `<h1>${esc(pick(lang, TEXT.title))}</h1><p>${esc(pick(lang, TEXT.intro))}</p><p class="muted">${esc(pick(lang, TEXT.tooFew(MIN_MONTH_SCORES)))}</p>
${monthNav(lang, '/models/stability', data.month)}
${rows.length === 0 ? `<p role="status">${esc(pick(lang, TEXT.none))}</p>` : `<div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.title))}">${table([pick(lang, TEXT.model), pick(lang, TEXT.scores), pick(lang, TEXT.psi), pick(lang, TEXT.stability)], rows)}</div>`}`
      return send(200, body)
    })
  }
}
