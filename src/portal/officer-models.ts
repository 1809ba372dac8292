/**
 * The officer console's scoring models: every version published, a fitted model file to publish
 * (multipart, with its purpose and public reasons), and a withdrawal with its reasons.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Models, Stability } from './api.ts'
import { chinaTime, type Messages, pick, purposeText, statusText, t } from './i18n.ts'
import {
  callApi,
  cookie,
  CSRF_COOKIE,
  field,
  formAlert,
  type FormState,
  formRoute,
  formState,
  formTokenOk,
  languageOf,
  pageRoute,
  problemText,
} from './http.ts'
import { esc, table } from './layout.ts'
import { notOfficer, officerDoor, officerPage, scrolling, stepForm, type Root } from './officer-console.ts'
import { monthAsked, monthNav, psiText, statusWords, TEXT as publicWords } from './public-models.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  withdraw: { zh: '撤回', en: 'Withdraw' },
  scoringModels: { zh: '评分模型', en: 'Scoring models' },
  none: { zh: '没有。', en: 'None.' },
  model: { zh: '模型', en: 'Model' },
  status: { zh: '状态', en: 'Status' },
  published: { zh: '发布', en: 'Published' },
  reasons: { zh: '理由', en: 'Reasons' },
  withdrawal: { zh: '撤回', en: 'Withdrawal' },
  publishAVersion: { zh: '发布新版本', en: 'Publish a version' },
  reasonsRequiredPublicWithTheModel: {
    zh: '理由（必填，与模型一同公开）',
    en: 'Reasons (required; public with the model)',
  },
  theModelFileTheJsonFides: {
    zh: '模型文件（模型拟合命令生成的文件）',
    en: 'The model file (the JSON fides model fit writes)',
  },
  publish: { zh: '发布', en: 'Publish' },
  theModelFileMustBeJson: {
    zh: '模型文件无法读取：请选择模型拟合命令生成的文件。',
    en: 'The model file cannot be read: choose the file fides model fit wrote.',
  },
  chooseTheFileAgain: {
    zh: '出于安全原因，浏览器不会保留所选文件，请重新选择。',
    en: 'Browsers do not keep a chosen file, for safety: choose it again.',
  },
  stability: { zh: '稳定性', en: 'Stability' },
  monthlyStability: { zh: '按月稳定性报告', en: 'Monthly stability report' },
  stabilityOf: { zh: '稳定性：', en: 'Stability: ' },
  stabilityIntro: {
    zh: '本月实际给出的评分与模型开发样本的对比：评分分段的群体稳定性指数，以及每个特征的指数和特征分析（本月该特征平均得分与开发样本的差）。',
    en: "The scores actually given in the month against the model's development sample: the population stability index (PSI) of the score bands, and for each characteristic its index and the characteristic analysis (the month's average points from it minus the development sample's).",
  },
  scoreBands: { zh: '评分分段', en: 'Score bands' },
  band: { zh: '分段', en: 'Band' },
  developmentShare: { zh: '开发样本占比', en: 'Development share' },
  monthShare: { zh: '本月占比', en: "Month's share" },
  monthCount: { zh: '本月评分次数', en: "Month's scores" },
  noBands: {
    zh: '模型文件没有记录开发样本的评分分布（在记录之前拟合），因此没有总体指数；各特征仍可比较。',
    en: 'The model file does not record its development score distribution (fitted before it was recorded), so there is no overall index; the characteristics still compare.',
  },
  characteristics: { zh: '特征', en: 'Characteristics' },
  characteristic: { zh: '特征', en: 'Characteristic' },
  card: { zh: '评分卡', en: 'Card' },
  pointsShift: { zh: '得分变化', en: 'Points shift' },
  bin: { zh: '分箱', en: 'Bin' },
  points: { zh: '分值', en: 'Points' },
  backToModels: { zh: '返回评分模型', en: 'Back to the scoring models' },
} satisfies Messages

/** The purposes a scorecard may be published for (lending; the registry refuses any other). */
const PURPOSES = ['credit_application', 'account_review'] as const

export function officerModelPages(app: FastifyInstance, root: Root): void {
  const { failed, show, act } = officerPage(root)

  /** The models and the form to publish one; `state`: a publication refused, shown again with what was typed and why. */
  const modelsPage = async (request: FastifyRequest, reply: FastifyReply, state?: FormState) => {
    const lang = languageOf(request)
    const refused = await officerDoor(root, request, reply)
    if (refused) return refused
    const res = await callApi(root, request, 'GET', '/v1/models')
    const models = (JSON.parse(res.body) as Models).models
    const csrf = cookie(request, CSRF_COOKIE) ?? ''
    const rows = models.map((m) => [
      `<span translate="no">${esc(`${m.name} v${m.version}`)}</span>`,
      esc(purposeText(lang, m.purpose)),
      esc(statusText(lang, m.status)),
      esc(chinaTime(lang, m.publishedAt)),
      `<span translate="no">${esc(m.reasons.published)}</span>`,
      `<a href="/officer/models/${esc(m.modelId)}/stability">${esc(pick(lang, TEXT.monthlyStability))}</a>`,
      m.status === 'published'
        ? `<details><summary>${esc(pick(lang, TEXT.withdraw))}</summary>${stepForm(lang, csrf, `/officer/models/${m.modelId}/withdraw`, pick(lang, TEXT.withdraw))}</details>`
        : `<span translate="no">${esc(m.reasons.withdrawn ?? '')}</span>`,
    ])
    const fileError = state?.form === 'publish' ? state.errors.model : undefined
    const body = `<h1>${esc(pick(lang, TEXT.scoringModels))}</h1>
${models.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : scrolling(pick(lang, TEXT.scoringModels), table([pick(lang, TEXT.model), t(lang, 'purpose'), pick(lang, TEXT.status), pick(lang, TEXT.published), pick(lang, TEXT.reasons), pick(lang, TEXT.stability), pick(lang, TEXT.withdrawal)], rows))}
<h2>${esc(pick(lang, TEXT.publishAVersion))}</h2>${formAlert(state, 'publish')}<form method="post" action="/officer/models" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${esc(csrf)}">
${field(state, 'publish', { name: 'purpose', label: t(lang, 'purpose'), required: true, options: PURPOSES.map((p) => [p, purposeText(lang, p)] as const) })}
${field(state, 'publish', { name: 'reasons', label: pick(lang, TEXT.reasonsRequiredPublicWithTheModel), kind: 'textarea', required: true, maxlength: 4000, rows: 3 })}
<p class="field${fileError ? ' invalid' : ''}"><label for="publish-model">${esc(pick(lang, TEXT.theModelFileTheJsonFides))}</label>${fileError ? `<small class="muted" id="publish-model-hint">${esc(pick(lang, TEXT.chooseTheFileAgain))}</small>` : ''}<input id="publish-model" name="model" type="file" accept=".json,application/json" required${fileError ? ' aria-invalid="true" aria-describedby="publish-model-hint publish-model-error"' : ''}>${fileError ? `<small class="field-error" id="publish-model-error">${esc(fileError)}</small>` : ''}</p>
<button type="submit">${esc(pick(lang, TEXT.publish))}</button></form>`
    return show(request, reply, pick(lang, TEXT.scoringModels), '/officer/models', body, state ? 422 : 200)
  }

  app.get('/officer/models', pageRoute, async (request, reply) => modelsPage(request, reply))

  app.get('/officer/models/:id/stability', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    const id = encodeURIComponent((request.params as { id: string }).id)
    const asked = monthAsked(request)
    const res = await callApi(root, request, 'GET', `/v1/models/${id}/stability${asked ? `?month=${asked}` : ''}`)
    const refused = notOfficer(reply, lang, res.statusCode)
    if (refused) return refused
    if (res.statusCode !== 200)
      return failed(reply, lang, res.statusCode, problemText(res.body, lang), '/officer/models')
    const r = JSON.parse(res.body) as Stability
    const name = `${r.model.name} v${r.model.version}`
    const share = (x: number) => `${(x * 100).toFixed(1)} %`
    const status = (x: Stability['status'], psi: number | null) =>
      `${psiText(psi)} · ${x === 'shifted' ? `<strong>${esc(statusWords(lang, x))}</strong>` : esc(statusWords(lang, x))}`
    const bands = r.bands
      ? scrolling(
          pick(lang, TEXT.scoreBands),
          table(
            [
              pick(lang, TEXT.band),
              pick(lang, TEXT.developmentShare),
              pick(lang, TEXT.monthShare),
              pick(lang, TEXT.monthCount),
            ],
            r.bands.map((b) => [
              `<span translate="no">${esc(b.label)}</span>`,
              share(b.expected),
              share(b.actual),
              String(b.count),
            ]),
          ),
        )
      : `<p>${esc(pick(lang, TEXT.noBands))}</p>`
    const segmented = new Set(r.characteristics.map((c) => c.card)).size > 1
    const characteristics = r.characteristics
      .map(
        (c) =>
          `<h3><span translate="no">${esc(segmented ? `${c.card}: ${c.feature}` : c.feature)}</span></h3><p>${esc(pick(lang, publicWords.psi))}: ${status(c.status, c.psi)} · ${esc(pick(lang, TEXT.pointsShift))}: ${c.pointsShift === null ? '—' : (c.pointsShift > 0 ? '+' : '') + c.pointsShift.toFixed(1)}</p>${scrolling(
            c.feature,
            table(
              [
                pick(lang, TEXT.bin),
                pick(lang, TEXT.points),
                pick(lang, TEXT.developmentShare),
                pick(lang, TEXT.monthShare),
                pick(lang, TEXT.monthCount),
              ],
              c.bins.map((b) => [
                `<span translate="no">${esc(b.label)}</span>`,
                String(b.points),
                share(b.expected),
                share(b.actual),
                String(b.count),
              ]),
            ),
          )}`,
      )
      .join('')
    const path = `/officer/models/${id}/stability`
    const body = `<h1>${esc(pick(lang, TEXT.stabilityOf))}<span translate="no">${esc(name)}</span></h1><p>${esc(pick(lang, TEXT.stabilityIntro))}</p>
${monthNav(lang, path, r.month)}
<dl class="facts"><dt>${esc(pick(lang, publicWords.scores))}</dt><dd>${r.scores}</dd><dt>${esc(pick(lang, publicWords.psi))}</dt><dd>${status(r.status, r.psi)}</dd></dl>
<h2>${esc(pick(lang, TEXT.scoreBands))}</h2>${bands}
<h2>${esc(pick(lang, TEXT.characteristics))}</h2>${characteristics}
<p><a href="/officer/models">${esc(pick(lang, TEXT.backToModels))}</a></p>`
    return show(request, reply, pick(lang, TEXT.stability), `${path}${asked ? `?month=${asked}` : ''}`, body)
  })

  app.post('/officer/models', formRoute, async (request, reply) => {
    const lang = languageOf(request)
    if (!request.isMultipart()) return failed(reply, lang, 415, t(lang, 'error'), '/officer/models')
    const file = await request.file()
    if (!file) return failed(reply, lang, 400, t(lang, 'error'), '/officer/models')
    const value = (name: string) => String((file.fields[name] as { value?: unknown } | undefined)?.value ?? '')
    const text = (await file.toBuffer()).toString('utf8')
    if (!formTokenOk(request, value('csrf'))) return failed(reply, lang, 403, t(lang, 'error'), '/officer/models')
    const values = { purpose: value('purpose'), reasons: value('reasons') }
    let model: unknown
    try {
      model = JSON.parse(text)
    } catch {
      const words = pick(lang, TEXT.theModelFileMustBeJson)
      return modelsPage(request, reply, { form: 'publish', values, errors: { model: words }, message: words })
    }
    const res = await callApi(root, request, 'POST', '/v1/models', { json: { ...values, model } })
    if (res.statusCode === 401) return reply.redirect('/signin', 303)
    if (res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 403 && res.statusCode !== 429)
      return modelsPage(
        request,
        reply,
        // the model's own faults (its inputs, a protected attribute) stand by the file
        formState(
          lang,
          'publish',
          values,
          res.body,
          (pointer) => /^\/(?:body\/)?(purpose|reasons)\b/.exec(pointer)?.[1] ?? 'model',
        ),
      )
    if (res.statusCode !== 201)
      return failed(reply, lang, res.statusCode, problemText(res.body, lang), '/officer/models')
    return reply.redirect('/officer/models', 303)
  })

  app.post('/officer/models/:id/withdraw', formRoute, async (request, reply) => {
    const id = encodeURIComponent((request.params as { id: string }).id)
    return act(
      request,
      reply,
      `/v1/models/${id}/withdraw`,
      { reasons: ((request.body ?? {}) as Record<string, string>).reasons ?? '' },
      '/officer/models',
    )
  })
}
