/**
 * The officer console's scoring models: every version published, a fitted model file to publish
 * (multipart, with its purpose and public reasons), and a withdrawal with its reasons.
 */
import type { FastifyInstance } from 'fastify'
import type { Models } from './api.ts'
import { chinaTime, type Messages, pick, purposeText, statusText, t } from './i18n.ts'
import { callApi, cookie, CSRF_COOKIE, formRoute, formTokenOk, languageOf, pageRoute, problemText } from './http.ts'
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
    zh: '模型文件（fides model fit 的输出，JSON）',
    en: 'The model file (the JSON fides model fit writes)',
  },
  publish: { zh: '发布', en: 'Publish' },
  theModelFileMustBeJson: { zh: '模型文件须为 JSON。', en: 'The model file must be JSON.' },
} satisfies Messages

export function officerModelPages(app: FastifyInstance, root: Root): void {
  const { failed, show, act } = officerPage(root)

  app.get('/officer/models', pageRoute, async (request, reply) => {
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
    const body = `<h1>${esc(pick(lang, TEXT.scoringModels))}</h1>
${models.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : scrolling(pick(lang, TEXT.scoringModels), table([pick(lang, TEXT.model), t(lang, 'purpose'), pick(lang, TEXT.status), pick(lang, TEXT.published), pick(lang, TEXT.reasons), pick(lang, TEXT.withdrawal)], rows))}
<h2>${esc(pick(lang, TEXT.publishAVersion))}</h2><form method="post" action="/officer/models" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="purpose">${esc(t(lang, 'purpose'))}</label><br><select id="purpose" name="purpose">${['credit_application', 'account_review'].map((p) => `<option value="${p}">${esc(purposeText(lang, p))}</option>`).join('')}</select></p>
<p><label for="model-reasons">${esc(pick(lang, TEXT.reasonsRequiredPublicWithTheModel))}</label><br><textarea id="model-reasons" name="reasons" required maxlength="4000" rows="3" cols="50"></textarea></p>
<p><label for="model-file">${esc(pick(lang, TEXT.theModelFileTheJsonFides))}</label><br><input id="model-file" name="model" type="file" accept=".json,application/json" required></p>
<button type="submit">${esc(pick(lang, TEXT.publish))}</button></form>`
    return show(request, reply, pick(lang, TEXT.scoringModels), '/officer/models', body)
  })

  app.post('/officer/models', formRoute, async (request, reply) => {
    const lang = languageOf(request)
    if (!request.isMultipart()) return failed(reply, lang, 415, t(lang, 'error'), '/officer/models')
    const file = await request.file()
    if (!file) return failed(reply, lang, 400, t(lang, 'error'), '/officer/models')
    const field = (name: string) => String((file.fields[name] as { value?: unknown } | undefined)?.value ?? '')
    const text = (await file.toBuffer()).toString('utf8')
    if (!formTokenOk(request, field('csrf'))) return failed(reply, lang, 403, t(lang, 'error'), '/officer/models')
    let model: unknown
    try {
      model = JSON.parse(text)
    } catch {
      return failed(reply, lang, 400, pick(lang, TEXT.theModelFileMustBeJson), '/officer/models')
    }
    const res = await callApi(root, request, 'POST', '/v1/models', {
      json: { purpose: field('purpose'), reasons: field('reasons'), model },
    })
    if (res.statusCode === 401) return reply.redirect('/signin', 303)
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
