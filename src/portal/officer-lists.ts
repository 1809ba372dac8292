/**
 * The officer console's list entries: the queue with objection windows and removal deadlines, a
 * proposal citing a record, and one entry with every due-process step, each with its reasons, and its
 * audit events. All through the API.
 */
import type { FastifyInstance } from 'fastify'
import type { EntryQueue, ListCatalogue, ListEntryDetail } from './api.ts'
import { type Messages, pick, statusText, t } from './i18n.ts'
import { callApi, cookie, CSRF_COOKIE, formRoute, languageOf, pageRoute, problemText } from './http.ts'
import { esc, table } from './layout.ts'
import { day, officerPage, signedOut, stepForm, trailTable, type Root } from './officer-console.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  inDueProcess: { zh: '程序中', en: 'In due process' },
  awaitingDecision: { zh: '待决定', en: 'Awaiting decision' },
  inForce: { zh: '生效中', en: 'In force' },
  removalDue: { zh: '待移出', en: 'Removal due' },
  removalOverdue: { zh: '移出逾期', en: 'Removal overdue' },
  objectionWindowOpen: { zh: '异议期内', en: 'objection window open' },
  overdue: { zh: '逾期', en: 'overdue' },
  proposeAnEntry: { zh: '提议列入', en: 'Propose an entry' },
  subjectId: { zh: '主体编号', en: 'Subject id' },
  list: { zh: '名单', en: 'List' },
  criterionMet: { zh: '列入标准', en: 'Criterion met' },
  theRecordItRestsOnA: {
    zh: '依据的记录编号（须为该主体档案中生效的记录）',
    en: "The record it rests on (a record in force in the subject's file)",
  },
  listEntries: { zh: '名单条目', en: 'List entries' },
  today: { zh: '今天', en: 'Today' },
  filter: { zh: '筛选', en: 'Filter' },
  none: { zh: '没有。', en: 'None.' },
  criterion: { zh: '标准', en: 'Criterion' },
  status: { zh: '状态', en: 'Status' },
  proposed: { zh: '提议', en: 'Proposed' },
  objectionWindowEnds: { zh: '异议期至', en: 'Objection window ends' },
  removalDueOn: { zh: '移出期限', en: 'Removal due' },
  giveWrittenNoticeTheObjectionWindow: {
    zh: '书面告知（异议期开始）',
    en: 'Give written notice (the objection window starts)',
  },
  recordTheHearing: { zh: '记录听证', en: 'Record the hearing' },
  decide: { zh: '决定', en: 'Decide' },
  outcome: { zh: '结果', en: 'Outcome' },
  listedTheDefaultTerm: { zh: '列入（默认期限）', en: 'Listed (the default term)' },
  rejected: { zh: '不予列入', en: 'Rejected' },
  decidingAgency: { zh: '决定机关', en: 'Deciding agency' },
  recordThatAnEarlyRemovalCondition: {
    zh: '记录提前移出条件已满足',
    en: 'Record that an early-removal condition is met',
  },
  condition: { zh: '条件', en: 'Condition' },
  workingDaysToRemove: { zh: '个工作日内移出', en: 'working days to remove' },
  recordIt: { zh: '记录', en: 'Record it' },
  removeEarly: { zh: '提前移出', en: 'Remove early' },
  annulAnObjectionUpheld: { zh: '撤销（异议成立）', en: 'Annul (an objection upheld)' },
  step: { zh: '步骤', en: 'Step' },
  day: { zh: '日期', en: 'Day' },
  reasons: { zh: '理由', en: 'Reasons' },
  legalBasis: { zh: '法律依据', en: 'Legal basis' },
  subject: { zh: '主体', en: 'Subject' },
  recordItRestsOn: { zh: '依据的记录', en: 'Record it rests on' },
  proposedNoticedObjectionWindowEnds: {
    zh: '提议 / 告知 / 异议期至',
    en: 'Proposed / noticed / objection window ends',
  },
  term: { zh: '期限', en: 'Term' },
  stepsAndTheirReasons: { zh: '各步骤及理由', en: 'Steps and their reasons' },
  backToTheQueue: { zh: '返回队列', en: 'Back to the queue' },
  windowEndsOn: (day: string) => ({
    zh: `异议期于 ${day} 结束，此前不作决定。`,
    en: `The objection window ends on ${day}: nothing is decided before.`,
  }),
} satisfies Messages

export function officerListPages(app: FastifyInstance, root: Root): void {
  const { failed, show, act } = officerPage(root)

  app.get('/officer/lists', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    const filter = String((request.query as Record<string, unknown>).filter ?? 'open')
    const [queueRes, catalogueRes] = await Promise.all([
      callApi(root, request, 'GET', `/v1/lists/entries?filter=${encodeURIComponent(filter)}`),
      callApi(root, request, 'GET', '/v1/lists'),
    ])
    if (!queueRes || !catalogueRes) throw new Error('unreachable')
    if (signedOut(queueRes.statusCode)) return reply.redirect('/signin', 303)
    if (queueRes.statusCode !== 200)
      return failed(reply, lang, queueRes.statusCode, problemText(queueRes.body, lang), '/officer/lists')
    const q = JSON.parse(queueRes.body) as EntryQueue
    const kinds = (JSON.parse(catalogueRes.body) as ListCatalogue).listKinds
    const tabs = (
      [
        ['open', 'open', pick(lang, TEXT.inDueProcess)],
        ['awaiting_decision', 'awaitingDecision', pick(lang, TEXT.awaitingDecision)],
        ['active', 'active', pick(lang, TEXT.inForce)],
        ['removal_due', 'removalDue', pick(lang, TEXT.removalDue)],
        ['removal_overdue', 'removalOverdue', pick(lang, TEXT.removalOverdue)],
      ] as const
    )
      .map(
        ([f, key, name]) =>
          `<li><a href="/officer/lists?filter=${f}"${f === filter ? ' aria-current="page"' : ''}>${esc(name)} (${q.counts[key] ?? 0})</a></li>`,
      )
      .join('')
    const rows = q.entries.map((e) => {
      const inWindow = e.status === 'noticed' && e.objectionWindowEndsOn !== null && q.today < e.objectionWindowEndsOn
      return [
        `<a href="/officer/lists/${esc(e.entryId)}">${esc(pick(lang, e.listName))}</a>`,
        esc(pick(lang, e.criterion.name)),
        esc(statusText(lang, e.status)),
        esc(e.proposedOn),
        `${esc(day(e.objectionWindowEndsOn))}${inWindow ? ` <span class="muted">(${esc(pick(lang, TEXT.objectionWindowOpen))})</span>` : ''}`,
        e.removal
          ? `${esc(e.removal.dueOn)}${e.removal.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}`
          : '—',
      ]
    })
    const kindOptions = kinds.map((k) => `<option value="${esc(k.code)}">${esc(pick(lang, k.name))}</option>`).join('')
    const criterionOptions = kinds
      .map(
        (k) =>
          `<optgroup label="${esc(pick(lang, k.name))}">${k.criteria.map((c) => `<option value="${esc(c.code)}">${esc(pick(lang, c.name))}</option>`).join('')}</optgroup>`,
      )
      .join('')
    const csrf = cookie(request, CSRF_COOKIE) ?? ''
    const propose = stepForm(
      lang,
      csrf,
      '/officer/lists/propose',
      pick(lang, TEXT.proposeAnEntry),
      `
<p><label for="subjectId">${esc(pick(lang, TEXT.subjectId))}</label><br><input id="subjectId" name="subjectId" required pattern="[0-9a-fA-F-]{36}" size="40"></p>
<p><label for="listKind">${esc(pick(lang, TEXT.list))}</label><br><select id="listKind" name="listKind" required>${kindOptions}</select></p>
<p><label for="criterion">${esc(pick(lang, TEXT.criterionMet))}</label><br><select id="criterion" name="criterion" required>${criterionOptions}</select></p>
<p><label for="basisRecordId">${esc(pick(lang, TEXT.theRecordItRestsOnA))}</label><br><input id="basisRecordId" name="basisRecordId" required pattern="[0-9a-fA-F-]{36}" size="40"></p>`,
    )
    const body = `<h1>${esc(pick(lang, TEXT.listEntries))}</h1><p class="muted">${esc(pick(lang, TEXT.today))} ${esc(q.today)}</p><nav aria-label="${esc(pick(lang, TEXT.filter))}"><ul>${tabs}</ul></nav>
${q.entries.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : table([pick(lang, TEXT.list), pick(lang, TEXT.criterion), pick(lang, TEXT.status), pick(lang, TEXT.proposed), pick(lang, TEXT.objectionWindowEnds), pick(lang, TEXT.removalDueOn)], rows)}
${propose}`
    return show(
      request,
      reply,
      pick(lang, TEXT.listEntries),
      `/officer/lists?filter=${encodeURIComponent(filter)}`,
      body,
    )
  })

  app.post('/officer/lists/propose', formRoute, async (request, reply) => {
    const f = (request.body ?? {}) as Record<string, string>
    return act(
      request,
      reply,
      '/v1/lists/entries',
      {
        subjectId: (f.subjectId ?? '').trim().toLowerCase(),
        listKind: f.listKind ?? '',
        criterion: f.criterion ?? '',
        basisRecordId: (f.basisRecordId ?? '').trim().toLowerCase(),
        reasons: f.reasons ?? '',
      },
      '/officer/lists',
    )
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
    if (e.status === 'proposed')
      forms.push(stepForm(lang, csrf, `${base}/notice`, pick(lang, TEXT.giveWrittenNoticeTheObjectionWindow)))
    if (e.status === 'objection_filed')
      forms.push(stepForm(lang, csrf, `${base}/hearing`, pick(lang, TEXT.recordTheHearing)))
    if (e.status === 'noticed' || e.status === 'heard') {
      forms.push(
        stepForm(
          lang,
          csrf,
          `${base}/decision`,
          pick(lang, TEXT.decide),
          `${e.status === 'noticed' ? `<p class="muted">${esc(pick(lang, TEXT.windowEndsOn(day(e.objectionWindowEndsOn))))}</p>` : ''}
<fieldset><legend>${esc(pick(lang, TEXT.outcome))}</legend><label><input type="radio" name="outcome" value="listed" required> ${esc(pick(lang, TEXT.listedTheDefaultTerm))}</label><br><label><input type="radio" name="outcome" value="rejected"> ${esc(pick(lang, TEXT.rejected))}</label></fieldset>
<p><label for="decidingAgency">${esc(pick(lang, TEXT.decidingAgency))}</label><br><input id="decidingAgency" name="decidingAgency" required maxlength="200" size="40"></p>`,
        ),
      )
    }
    if (e.status === 'active' && e.removal === null && e.earlyRemoval.length > 0) {
      forms.push(`<h2>${esc(pick(lang, TEXT.recordThatAnEarlyRemovalCondition))}</h2><form method="post" action="${base}/removal-condition"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="condition">${esc(pick(lang, TEXT.condition))}</label><br><select id="condition" name="condition">${e.earlyRemoval.map((c) => `<option value="${esc(c.code)}">${esc(pick(lang, c.name))} (${c.withinWorkingDays} ${esc(pick(lang, TEXT.workingDaysToRemove))})</option>`).join('')}</select></p>
<button type="submit">${esc(pick(lang, TEXT.recordIt))}</button></form>`)
    }
    if (e.status === 'active' && e.removal !== null)
      forms.push(stepForm(lang, csrf, `${base}/removal`, pick(lang, TEXT.removeEarly)))
    if (e.status === 'active')
      forms.push(stepForm(lang, csrf, `${base}/annulment`, pick(lang, TEXT.annulAnObjectionUpheld)))
    const steps = table(
      [pick(lang, TEXT.step), pick(lang, TEXT.day), t(lang, 'who'), pick(lang, TEXT.reasons)],
      (e.steps ?? []).map((s) => [esc(s.step), esc(s.on), esc(s.by), esc(s.reasons)]),
    )
    const body = `<h1>${esc(pick(lang, e.listName))}: ${esc(statusText(lang, e.status))}</h1>
<dl class="facts"><dt>${esc(pick(lang, TEXT.legalBasis))}</dt><dd>${esc(pick(lang, e.legalBasis))}</dd><dt>${esc(pick(lang, TEXT.criterion))}</dt><dd>${esc(pick(lang, e.criterion.name))}</dd>
<dt>${esc(pick(lang, TEXT.subject))}</dt><dd><code>${esc(e.subjectId)}</code></dd><dt>${esc(pick(lang, TEXT.recordItRestsOn))}</dt><dd><code>${esc(e.basisRecordId)}</code></dd>
<dt>${esc(pick(lang, TEXT.proposedNoticedObjectionWindowEnds))}</dt><dd>${esc(e.proposedOn)} / ${esc(day(e.noticedOn))} / ${esc(day(e.objectionWindowEndsOn))}</dd>
<dt>${esc(pick(lang, TEXT.term))}</dt><dd>${esc(day(e.startsOn))} – ${esc(day(e.endsOn))}${e.decidingAgency ? ` · ${esc(e.decidingAgency)}` : ''}</dd>
${e.removal ? `<dt>${esc(pick(lang, TEXT.removalDueOn))}</dt><dd>${esc(e.removal.dueOn)}${e.removal.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}</dd>` : ''}</dl>
${forms.join('')}
<h2>${esc(pick(lang, TEXT.stepsAndTheirReasons))}</h2>${steps}
${trailTable(lang, e.history ?? [])}
<p><a href="/officer/lists">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`
    return show(request, reply, pick(lang, e.listName), base, body)
  })

  for (const step of ['notice', 'hearing', 'decision', 'removal-condition', 'removal', 'annulment'] as const) {
    app.post(`/officer/lists/:id/${step}`, formRoute, async (request, reply) => {
      const id = encodeURIComponent((request.params as { id: string }).id)
      const f = (request.body ?? {}) as Record<string, string>
      const json =
        step === 'decision'
          ? { outcome: f.outcome ?? '', reasons: f.reasons ?? '', decidingAgency: f.decidingAgency ?? '' }
          : step === 'removal-condition'
            ? { condition: f.condition ?? '' }
            : { reasons: f.reasons ?? '' }
      return act(request, reply, `/v1/lists/entries/${id}/${step}`, json, `/officer/lists/${id}`)
    })
  }
}
