/**
 * The officer console's scoring models: every version published, a fitted model file to publish
 * (multipart, with its purpose and public reasons), and a withdrawal with its reasons.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Models } from './api.ts'
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
import { officerDoor, officerPage, scrolling, stepForm, type Root } from './officer-console.ts'

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
      m.status === 'published'
        ? `<details><summary>${esc(pick(lang, TEXT.withdraw))}</summary>${stepForm(lang, csrf, `/officer/models/${m.modelId}/withdraw`, pick(lang, TEXT.withdraw))}</details>`
        : `<span translate="no">${esc(m.reasons.withdrawn ?? '')}</span>`,
    ])
    const fileError = state?.form === 'publish' ? state.errors.model : undefined
    const body = `<h1>${esc(pick(lang, TEXT.scoringModels))}</h1>
${models.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : scrolling(pick(lang, TEXT.scoringModels), table([pick(lang, TEXT.model), t(lang, 'purpose'), pick(lang, TEXT.status), pick(lang, TEXT.published), pick(lang, TEXT.reasons), pick(lang, TEXT.withdrawal)], rows))}
<h2>${esc(pick(lang, TEXT.publishAVersion))}</h2>${formAlert(state, 'publish')}<form method="post" action="/officer/models" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${esc(csrf)}">
${field(state, 'publish', { name: 'purpose', label: t(lang, 'purpose'), required: true, options: PURPOSES.map((p) => [p, purposeText(lang, p)] as const) })}
${field(state, 'publish', { name: 'reasons', label: pick(lang, TEXT.reasonsRequiredPublicWithTheModel), kind: 'textarea', required: true, maxlength: 4000, rows: 3 })}
<p class="field${fileError ? ' invalid' : ''}"><label for="publish-model">${esc(pick(lang, TEXT.theModelFileTheJsonFides))}</label>${fileError ? `<small class="muted" id="publish-model-hint">${esc(pick(lang, TEXT.chooseTheFileAgain))}</small>` : ''}<input id="publish-model" name="model" type="file" accept=".json,application/json" required${fileError ? ' aria-invalid="true" aria-describedby="publish-model-hint publish-model-error"' : ''}>${fileError ? `<small class="field-error" id="publish-model-error">${esc(fileError)}</small>` : ''}</p>
<button type="submit">${esc(pick(lang, TEXT.publish))}</button></form>`
    return show(request, reply, pick(lang, TEXT.scoringModels), '/officer/models', body, state ? 422 : 200)
  }

  app.get('/officer/models', pageRoute, async (request, reply) => modelsPage(request, reply))

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
