/**
 * The officer console's list entries: the queue with objection windows and removal deadlines, a
 * proposal citing a record, and one entry with every due-process step, each with its reasons, and its
 * audit events. All through the API.
 */
import type { FastifyInstance } from 'fastify'
import type { EntryQueue, ListCatalogue, ListEntryDetail } from './api.ts'
import { L, pick, statusText, t } from './i18n.ts'
import { callApi, cookie, CSRF_COOKIE, formRoute, languageOf, pageRoute, problemText } from './http.ts'
import { esc, table } from './layout.ts'
import { day, officerPage, signedOut, stepForm, trailTable, type Root } from './officer-console.ts'

export function officerListPages(app: FastifyInstance, root: Root): void {
  const { failed, show, act } = officerPage(root)

  app.get('/officer/lists', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    const filter = String((request.query as Record<string, unknown>).filter ?? 'open')
    const [queueRes, catalogueRes] = await Promise.all([callApi(root, request, 'GET', `/v1/lists/entries?filter=${encodeURIComponent(filter)}`), callApi(root, request, 'GET', '/v1/lists')])
    if (!queueRes || !catalogueRes) throw new Error('unreachable')
    if (signedOut(queueRes.statusCode)) return reply.redirect('/signin', 303)
    if (queueRes.statusCode !== 200) return failed(reply, lang, queueRes.statusCode, problemText(queueRes.body), '/officer/lists')
    const q = JSON.parse(queueRes.body) as EntryQueue
    const kinds = (JSON.parse(catalogueRes.body) as ListCatalogue).listKinds
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
    const e = JSON.parse(res.body) as ListEntryDetail
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
}
