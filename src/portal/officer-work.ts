/**
 * The officer console, second part: list entries (the queue with objection windows and removal
 * deadlines, a proposal citing a record, every due-process step), credit repair applications
 * (feedback, decision) and scoring models (publish a fitted file, withdraw). Every action asks for
 * reasons; every entry and application page shows its steps' audit events. All through the API.
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { L, pick, purposeText, statusText, t, type Lang } from './i18n.ts'
import { acceptForms, callApi, cookie, CSRF_COOKIE, errorPage, formRoute, formTokenOk, languageOf, pageRoute, problemText, sendPrivate, submitForm } from './http.ts'
import { esc, page, table } from './layout.ts'
import { evidenceList, officerNav, type EvidenceItem } from './officer.ts'

type Root = () => FastifyInstance
type Localised = { zh: string; en: string }
interface Trail { at: string; action: string; event: string | null; by: string }
interface Entry {
  entryId: string; subjectId: string; listKind: string; listName: Localised; legalBasis: Localised; criterion: { code: string; name: Localised }; basisRecordId: string; status: string
  proposedOn: string; noticedOn: string | null; objectionWindowEndsOn: string | null; objectionFiledOn: string | null; decidedOn: string | null; decidedBy: string | null; decidingAgency: string | null
  startsOn: string | null; endsOn: string | null; inForce: boolean; removal: { condition: string; reportedOn: string; dueOn: string; overdue: boolean } | null
  earlyRemoval: { code: string; name: Localised; withinWorkingDays: number }[]; steps?: { step: string; on: string; by: string; reasons: string }[]; history?: Trail[]
}
interface ListKind { code: string; name: Localised; criteria: { code: string; name: Localised }[] }
interface Repair { applicationId: string; subjectId: string; target: { type: string; id: string; kind: string }; status: string; appliedOn: string; statement: string; evidence: EvidenceItem[]; feedbackDueOn: string; feedback: string | null; decisionDueOn: string | null; decidedOn: string | null; decisionReasons: string | null; overdue: string | null; history?: Trail[] }
interface Model { modelId: string; name: string; version: number; purpose: string; status: string; publishedAt: string; withdrawnAt: string | null; contentHash: string; inputs: string[]; reasons: { published: string; withdrawn: string | null } }

const day = (d: string | null) => d ?? '—'

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ')

function trailTable(lang: Lang, trail: Trail[]): string {
  return `<h2>${esc(L(lang, '审计记录', 'Audit trail'))}</h2>` + table(
    [t(lang, 'when'), L(lang, '事件', 'Event'), t(lang, 'who')],
    trail.map((h) => [esc(when(h.at)), esc(h.event ? `${h.action} (${h.event})` : h.action), esc(h.by)]),
  )
}

/** A form with the visitor's token, a required reason and a button; `fields` go before the reason. */
function stepForm(lang: Lang, csrf: string, action: string, title: string, fields = ''): string {
  const id = action.replace(/[^a-z0-9]/gi, '-')
  return `<h2>${esc(title)}</h2><form method="post" action="${esc(action)}"><input type="hidden" name="csrf" value="${esc(csrf)}">${fields}
<p><label for="${id}-reasons">${esc(L(lang, '理由（必填，告知当事人并保存）', 'Reasons (required; kept, and told to the subject)'))}</label><br><textarea id="${id}-reasons" name="reasons" required maxlength="4000" rows="3" cols="50"></textarea></p>
<button type="submit">${esc(title)}</button></form>`
}

export function officerWorkRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    acceptForms(app)
    await app.register(multipart, { limits: { files: 1, fields: 6, fileSize: 8 * 1024 * 1024 } })
    const signedOut = (status: number) => status === 401 || status === 403
    const failed = (reply: FastifyReply, lang: Lang, status: number, message: string, back: string) => errorPage(reply, lang, status, message, back, officerNav(lang, back))
    const show = (request: FastifyRequest, reply: FastifyReply, title: string, path: string, body: string) =>
      sendPrivate(reply, 200, page(languageOf(request), { title, path, body: officerNav(languageOf(request), path) + body }))
    /** Posts a form's fields to the API and goes back to `back` (a new entry: to its page), or shows the problem. */
    const act = (request: FastifyRequest, reply: FastifyReply, url: string, json: unknown, back: string) => submitForm(root, request, reply, {
      token: ((request.body ?? {}) as Record<string, string>).csrf, url, json, back, before: officerNav(languageOf(request), back),
      next: (body) => { const created = (JSON.parse(body) as { entryId?: string }).entryId; return created ? `/officer/lists/${created}` : back },
    })

    // ---- list entries -------------------------------------------------------------------------
    app.get('/officer/lists', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const filter = String((request.query as Record<string, unknown>).filter ?? 'open')
      const [queueRes, catalogueRes] = await Promise.all([callApi(root, request, 'GET', `/v1/lists/entries?filter=${encodeURIComponent(filter)}`), callApi(root, request, 'GET', '/v1/lists')])
      if (!queueRes || !catalogueRes) throw new Error('unreachable')
      if (signedOut(queueRes.statusCode)) return reply.redirect('/signin', 303)
      if (queueRes.statusCode !== 200) return failed(reply, lang, queueRes.statusCode, problemText(queueRes.body), '/officer/lists')
      const q = JSON.parse(queueRes.body) as { today: string; counts: Record<string, number>; entries: Entry[] }
      const kinds = (JSON.parse(catalogueRes.body) as { listKinds: ListKind[] }).listKinds
      const tabs = ([['open', 'open', L(lang, '程序中', 'In due process')], ['awaiting_decision', 'awaitingDecision', L(lang, '待决定', 'Awaiting decision')], ['active', 'active', L(lang, '生效中', 'In force')], ['removal_due', 'removalDue', L(lang, '待移出', 'Removal due')], ['removal_overdue', 'removalOverdue', L(lang, '移出逾期', 'Removal overdue')]] as const)
        .map(([f, key, name]) => `<li><a href="/officer/lists?filter=${f}"${f === filter ? ' aria-current="page"' : ''}>${esc(name)} (${q.counts[key] ?? 0})</a></li>`).join('')
      const rows = q.entries.map((e) => {
        const inWindow = e.status === 'noticed' && e.objectionWindowEndsOn !== null && q.today < e.objectionWindowEndsOn
        return [`<a href="/officer/lists/${esc(e.entryId)}">${esc(pick(lang, e.listName))}</a>`, esc(pick(lang, e.criterion.name)), esc(statusText(lang, e.status)),
          esc(e.proposedOn), `${esc(day(e.objectionWindowEndsOn))}${inWindow ? ` <span class="muted">(${esc(L(lang, '异议期内', 'objection window open'))})</span>` : ''}`,
          e.removal ? `${esc(e.removal.dueOn)}${e.removal.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}` : '—']
      })
      const kindOptions = kinds.map((k) => `<option value="${esc(k.code)}">${esc(pick(lang, k.name))}</option>`).join('')
      const criterionOptions = kinds.map((k) => `<optgroup label="${esc(pick(lang, k.name))}">${k.criteria.map((c) => `<option value="${esc(c.code)}">${esc(pick(lang, c.name))}</option>`).join('')}</optgroup>`).join('')
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const propose = stepForm(lang, csrf, '/officer/lists/propose', L(lang, '提议列入', 'Propose an entry'), `
<p><label for="subjectId">${esc(L(lang, '主体编号', 'Subject id'))}</label><br><input id="subjectId" name="subjectId" required pattern="[0-9a-fA-F-]{36}" size="40"></p>
<p><label for="listKind">${esc(L(lang, '名单', 'List'))}</label><br><select id="listKind" name="listKind" required>${kindOptions}</select></p>
<p><label for="criterion">${esc(L(lang, '列入标准', 'Criterion met'))}</label><br><select id="criterion" name="criterion" required>${criterionOptions}</select></p>
<p><label for="basisRecordId">${esc(L(lang, '依据的记录编号（须为该主体档案中生效的记录）', 'The record it rests on (a record in force in the subject\'s file)'))}</label><br><input id="basisRecordId" name="basisRecordId" required pattern="[0-9a-fA-F-]{36}" size="40"></p>`)
      const body = `<h1>${esc(L(lang, '名单条目', 'List entries'))}</h1><p class="muted">${esc(L(lang, '今天', 'Today'))} ${esc(q.today)}</p><nav aria-label="${esc(L(lang, '筛选', 'Filter'))}"><ul>${tabs}</ul></nav>
${q.entries.length === 0 ? `<p>${esc(L(lang, '没有。', 'None.'))}</p>` : table([L(lang, '名单', 'List'), L(lang, '标准', 'Criterion'), L(lang, '状态', 'Status'), L(lang, '提议', 'Proposed'), L(lang, '异议期至', 'Objection window ends'), L(lang, '移出期限', 'Removal due')], rows)}
${propose}`
      return show(request, reply, L(lang, '名单条目', 'List entries'), `/officer/lists?filter=${encodeURIComponent(filter)}`, body)
    })

    app.post('/officer/lists/propose', formRoute, async (request, reply) => {
      const f = (request.body ?? {}) as Record<string, string>
      return act(request, reply, '/v1/lists/entries', { subjectId: (f.subjectId ?? '').trim().toLowerCase(), listKind: f.listKind ?? '', criterion: f.criterion ?? '', basisRecordId: (f.basisRecordId ?? '').trim().toLowerCase(), reasons: f.reasons ?? '' }, '/officer/lists')
    })

    app.get('/officer/lists/:id', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const id = encodeURIComponent((request.params as { id: string }).id)
      const res = await callApi(root, request, 'GET', `/v1/lists/entries/${id}`)
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, t(lang, 'notFound'), '/officer/lists')
      const e = JSON.parse(res.body) as Entry
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const base = `/officer/lists/${id}`
      const forms: string[] = []
      if (e.status === 'proposed') forms.push(stepForm(lang, csrf, `${base}/notice`, L(lang, '书面告知（异议期开始）', 'Give written notice (the objection window starts)')))
      if (e.status === 'objection_filed') forms.push(stepForm(lang, csrf, `${base}/hearing`, L(lang, '记录听证', 'Record the hearing')))
      if (e.status === 'noticed' || e.status === 'heard') {
        forms.push(stepForm(lang, csrf, `${base}/decision`, L(lang, '决定', 'Decide'), `${e.status === 'noticed' ? `<p class="muted">${esc(L(lang, `异议期于 ${day(e.objectionWindowEndsOn)} 结束，此前不作决定。`, `The objection window ends on ${day(e.objectionWindowEndsOn)}: nothing is decided before.`))}</p>` : ''}
<fieldset><legend>${esc(L(lang, '结果', 'Outcome'))}</legend><label><input type="radio" name="outcome" value="listed" required> ${esc(L(lang, '列入（默认期限）', 'Listed (the default term)'))}</label><br><label><input type="radio" name="outcome" value="rejected"> ${esc(L(lang, '不予列入', 'Rejected'))}</label></fieldset>
<p><label for="decidingAgency">${esc(L(lang, '决定机关', 'Deciding agency'))}</label><br><input id="decidingAgency" name="decidingAgency" required maxlength="200" size="40"></p>`))
      }
      if (e.status === 'active' && e.removal === null && e.earlyRemoval.length > 0) {
        forms.push(`<h2>${esc(L(lang, '记录提前移出条件已满足', 'Record that an early-removal condition is met'))}</h2><form method="post" action="${base}/removal-condition"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="condition">${esc(L(lang, '条件', 'Condition'))}</label><br><select id="condition" name="condition">${e.earlyRemoval.map((c) => `<option value="${esc(c.code)}">${esc(pick(lang, c.name))} (${c.withinWorkingDays} ${esc(L(lang, '个工作日内移出', 'working days to remove'))})</option>`).join('')}</select></p>
<button type="submit">${esc(L(lang, '记录', 'Record it'))}</button></form>`)
      }
      if (e.status === 'active' && e.removal !== null) forms.push(stepForm(lang, csrf, `${base}/removal`, L(lang, '提前移出', 'Remove early')))
      if (e.status === 'active') forms.push(stepForm(lang, csrf, `${base}/annulment`, L(lang, '撤销（异议成立）', 'Annul (an objection upheld)')))
      const steps = table([L(lang, '步骤', 'Step'), L(lang, '日期', 'Day'), t(lang, 'who'), L(lang, '理由', 'Reasons')], (e.steps ?? []).map((s) => [esc(s.step), esc(s.on), esc(s.by), esc(s.reasons)]))
      const body = `<h1>${esc(pick(lang, e.listName))}: ${esc(statusText(lang, e.status))}</h1>
<dl class="facts"><dt>${esc(L(lang, '法律依据', 'Legal basis'))}</dt><dd>${esc(pick(lang, e.legalBasis))}</dd><dt>${esc(L(lang, '标准', 'Criterion'))}</dt><dd>${esc(pick(lang, e.criterion.name))}</dd>
<dt>${esc(L(lang, '主体', 'Subject'))}</dt><dd><code>${esc(e.subjectId)}</code></dd><dt>${esc(L(lang, '依据的记录', 'Record it rests on'))}</dt><dd><code>${esc(e.basisRecordId)}</code></dd>
<dt>${esc(L(lang, '提议 / 告知 / 异议期至', 'Proposed / noticed / objection window ends'))}</dt><dd>${esc(e.proposedOn)} / ${esc(day(e.noticedOn))} / ${esc(day(e.objectionWindowEndsOn))}</dd>
<dt>${esc(L(lang, '期限', 'Term'))}</dt><dd>${esc(day(e.startsOn))} – ${esc(day(e.endsOn))}${e.decidingAgency ? ` · ${esc(e.decidingAgency)}` : ''}</dd>
${e.removal ? `<dt>${esc(L(lang, '移出期限', 'Removal due'))}</dt><dd>${esc(e.removal.dueOn)}${e.removal.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}</dd>` : ''}</dl>
${forms.join('')}
<h2>${esc(L(lang, '各步骤及理由', 'Steps and their reasons'))}</h2>${steps}
${trailTable(lang, e.history ?? [])}
<p><a href="/officer/lists">${esc(L(lang, '返回队列', 'Back to the queue'))}</a></p>`
      return show(request, reply, pick(lang, e.listName), base, body)
    })

    for (const step of ['notice', 'hearing', 'decision', 'removal-condition', 'removal', 'annulment'] as const) {
      app.post(`/officer/lists/:id/${step}`, formRoute, async (request, reply) => {
        const id = encodeURIComponent((request.params as { id: string }).id)
        const f = (request.body ?? {}) as Record<string, string>
        const json = step === 'decision' ? { outcome: f.outcome ?? '', reasons: f.reasons ?? '', decidingAgency: f.decidingAgency ?? '' }
          : step === 'removal-condition' ? { condition: f.condition ?? '' } : { reasons: f.reasons ?? '' }
        return act(request, reply, `/v1/lists/entries/${id}/${step}`, json, `/officer/lists/${id}`)
      })
    }

    // ---- credit repair ------------------------------------------------------------------------
    app.get('/officer/repairs', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const filter = String((request.query as Record<string, unknown>).filter ?? 'pending')
      const res = await callApi(root, request, 'GET', `/v1/repairs?filter=${encodeURIComponent(filter)}`)
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, problemText(res.body), '/officer/repairs')
      const q = JSON.parse(res.body) as { today: string; counts: { pending: number; feedbackOverdue: number; decisionOverdue: number }; applications: Repair[] }
      const tabs = ([['pending', q.counts.pending, L(lang, '待处理', 'Pending')], ['feedback_overdue', q.counts.feedbackOverdue, L(lang, '反馈逾期', 'Feedback overdue')], ['decision_overdue', q.counts.decisionOverdue, L(lang, '决定逾期', 'Decision overdue')]] as const)
        .map(([f, n, name]) => `<li><a href="/officer/repairs?filter=${f}"${f === filter ? ' aria-current="page"' : ''}>${esc(name)} (${n})</a></li>`).join('')
      const rows = q.applications.map((a) => [`<a href="/officer/repairs/${esc(a.applicationId)}">${esc(a.target.kind)}</a>`, esc(a.target.type), esc(a.appliedOn), esc(statusText(lang, a.status)),
        `${esc(a.status === 'submitted' ? a.feedbackDueOn : day(a.decisionDueOn))}${a.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}`])
      const body = `<h1>${esc(L(lang, '信用修复申请', 'Credit repair applications'))}</h1><nav aria-label="${esc(L(lang, '筛选', 'Filter'))}"><ul>${tabs}</ul></nav>
${q.applications.length === 0 ? `<p>${esc(L(lang, '没有。', 'None.'))}</p>` : table([t(lang, 'kind'), L(lang, '对象', 'Target'), L(lang, '申请日', 'Applied'), L(lang, '状态', 'Status'), L(lang, '下一期限', 'Next deadline')], rows)}`
      return show(request, reply, L(lang, '信用修复申请', 'Credit repair applications'), `/officer/repairs?filter=${encodeURIComponent(filter)}`, body)
    })

    app.get('/officer/repairs/:id', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const id = encodeURIComponent((request.params as { id: string }).id)
      const res = await callApi(root, request, 'GET', `/v1/repairs/${id}`)
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, t(lang, 'notFound'), '/officer/repairs')
      const a = JSON.parse(res.body) as Repair
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const base = `/officer/repairs/${id}`
      const feedback = a.status === 'submitted' ? `<h2>${esc(L(lang, '反馈', 'Feedback'))}</h2><form method="post" action="${base}/feedback"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="feedback">${esc(L(lang, `反馈意见（必填，${a.feedbackDueOn} 前）`, `Feedback (required, due by ${a.feedbackDueOn})`))}</label><br><textarea id="feedback" name="feedback" required maxlength="4000" rows="3" cols="50"></textarea></p><button type="submit">${esc(L(lang, '反馈', 'Give feedback'))}</button></form>` : ''
      const decide = a.status === 'feedback_given' ? stepForm(lang, csrf, `${base}/decision`, L(lang, '决定', 'Decide'), `<fieldset><legend>${esc(L(lang, '结果', 'Outcome'))}</legend><label><input type="radio" name="outcome" value="approved" required> ${esc(L(lang, '批准：当日停止公示', 'Approved: publication ends today'))}</label><br><label><input type="radio" name="outcome" value="refused"> ${esc(L(lang, '不予批准', 'Refused'))}</label></fieldset>`) : ''
      const evidence = evidenceList(lang, a.subjectId, a.evidence)
      const body = `<h1>${esc(L(lang, '信用修复申请', 'Credit repair application'))}: ${esc(a.target.kind)}</h1>
<p>${esc(L(lang, '状态', 'Status'))}: <strong>${esc(statusText(lang, a.status))}</strong> · ${esc(L(lang, '申请日', 'Applied'))} ${esc(a.appliedOn)}${a.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}</p>
<h2>${esc(L(lang, '申请人陈述', 'The subject\'s statement'))}</h2><p>${esc(a.statement)}</p><h2>${esc(L(lang, '证据', 'Evidence'))}</h2>${evidence}
${a.feedback ? `<h2>${esc(L(lang, '反馈', 'Feedback'))}</h2><p>${esc(a.feedback)}</p>` : ''}${a.decisionReasons ? `<h2>${esc(L(lang, '决定理由', 'Reasons for the decision'))}</h2><p>${esc(a.decisionReasons)}</p>` : ''}
${feedback}${decide}${trailTable(lang, a.history ?? [])}<p><a href="/officer/repairs">${esc(L(lang, '返回队列', 'Back to the queue'))}</a></p>`
      return show(request, reply, L(lang, '信用修复申请', 'Credit repair application'), base, body)
    })

    app.post('/officer/repairs/:id/feedback', formRoute, async (request, reply) => {
      const id = encodeURIComponent((request.params as { id: string }).id)
      return act(request, reply, `/v1/repairs/${id}/feedback`, { feedback: ((request.body ?? {}) as Record<string, string>).feedback ?? '' }, `/officer/repairs/${id}`)
    })
    app.post('/officer/repairs/:id/decision', formRoute, async (request, reply) => {
      const id = encodeURIComponent((request.params as { id: string }).id)
      const f = (request.body ?? {}) as Record<string, string>
      return act(request, reply, `/v1/repairs/${id}/decision`, { outcome: f.outcome ?? '', reasons: f.reasons ?? '' }, `/officer/repairs/${id}`)
    })

    app.get('/officer/evidence/:subjectId/:documentId', pageRoute, async (request, reply) => {
      const { subjectId, documentId } = request.params as { subjectId: string; documentId: string }
      const res = await callApi(root, request, 'GET', `/v1/subjects/${encodeURIComponent(subjectId)}/evidence/${encodeURIComponent(documentId)}`)
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return failed(reply, languageOf(request), res.statusCode, t(languageOf(request), 'notFound'), '/officer')
      return reply.type(String(res.headers['content-type'])).header('cache-control', 'no-store').header('content-disposition', String(res.headers['content-disposition'])).send(res.rawPayload)
    })

    // ---- scoring models -----------------------------------------------------------------------
    app.get('/officer/models', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const res = await callApi(root, request, 'GET', '/v1/models')
      const models = (JSON.parse(res.body) as { models: Model[] }).models
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const rows = models.map((m) => [esc(`${m.name} v${m.version}`), esc(purposeText(lang, m.purpose)), esc(statusText(lang, m.status)), esc(when(m.publishedAt)), esc(m.reasons.published),
        m.status === 'published' ? `<details><summary>${esc(L(lang, '撤回', 'Withdraw'))}</summary>${stepForm(lang, csrf, `/officer/models/${m.modelId}/withdraw`, L(lang, '撤回', 'Withdraw'))}</details>` : esc(m.reasons.withdrawn ?? '')])
      const body = `<h1>${esc(L(lang, '评分模型', 'Scoring models'))}</h1>
${models.length === 0 ? `<p>${esc(L(lang, '没有。', 'None.'))}</p>` : table([L(lang, '模型', 'Model'), t(lang, 'purpose'), L(lang, '状态', 'Status'), L(lang, '发布', 'Published'), L(lang, '理由', 'Reasons'), L(lang, '撤回', 'Withdrawal')], rows)}
<h2>${esc(L(lang, '发布新版本', 'Publish a version'))}</h2><form method="post" action="/officer/models" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="purpose">${esc(t(lang, 'purpose'))}</label><br><select id="purpose" name="purpose">${['credit_application', 'account_review'].map((p) => `<option value="${p}">${esc(purposeText(lang, p))}</option>`).join('')}</select></p>
<p><label for="model-reasons">${esc(L(lang, '理由（必填，与模型一同公开）', 'Reasons (required; public with the model)'))}</label><br><textarea id="model-reasons" name="reasons" required maxlength="4000" rows="3" cols="50"></textarea></p>
<p><label for="model-file">${esc(L(lang, '模型文件（fides model fit 的输出，JSON）', 'The model file (the JSON fides model fit writes)'))}</label><br><input id="model-file" name="model" type="file" accept=".json,application/json" required></p>
<button type="submit">${esc(L(lang, '发布', 'Publish'))}</button></form>`
      return show(request, reply, L(lang, '评分模型', 'Scoring models'), '/officer/models', body)
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
      try { model = JSON.parse(text) } catch { return failed(reply, lang, 400, L(lang, '模型文件须为 JSON。', 'The model file must be JSON.'), '/officer/models') }
      const res = await callApi(root, request, 'POST', '/v1/models', { json: { purpose: field('purpose'), reasons: field('reasons'), model } })
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode !== 201) return failed(reply, lang, res.statusCode, problemText(res.body), '/officer/models')
      return reply.redirect('/officer/models', 303)
    })

    app.post('/officer/models/:id/withdraw', formRoute, async (request, reply) => {
      const id = encodeURIComponent((request.params as { id: string }).id)
      return act(request, reply, `/v1/models/${id}/withdraw`, { reasons: ((request.body ?? {}) as Record<string, string>).reasons ?? '' }, '/officer/models')
    })
  }
}
