/**
 * The officer console, first part: the objections queue with deadlines and overdue flags, one
 * objection in full (the look is recorded by the API), and its two steps — escalate, decide — each
 * with a reason, after which the page shows the objection's audit trail with the new event.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { EvidenceItem, Objection, OfficerQueue } from './api.ts'
import { chinaTime, type Lang, type Messages, pick, statusText, t } from './i18n.ts'
import {
  portalBasics,
  callApi,
  cookie,
  CSRF_COOKIE,
  formRoute,
  languageOf,
  pageRoute,
  sendPrivate,
  submitForm,
} from './http.ts'
import { esc, page } from './layout.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  noEvidence: { zh: '无。', en: 'None.' },
  document: { zh: '文件', en: 'document' },
  objections: { zh: '异议', en: 'Objections' },
  listEntries: { zh: '名单条目', en: 'List entries' },
  creditRepair: { zh: '信用修复', en: 'Credit repair' },
  scoringModels: { zh: '评分模型', en: 'Scoring models' },
  accounts: { zh: '账户核验', en: 'Accounts' },
  officerConsole: { zh: '信用官员控制台', en: 'Officer console' },
  undecided: { zh: '未决', en: 'Undecided' },
  overdueTitle: { zh: '逾期', en: 'Overdue' },
  dueSoon: { zh: '即将到期', en: 'Due soon' },
  escalated: { zh: '已提交决定', en: 'Escalated' },
  overdue: { zh: '逾期', en: 'overdue' },
  objectionsQueue: { zh: '异议处理队列', en: 'Objections queue' },
  filter: { zh: '筛选', en: 'Filter' },
  none: { zh: '没有。', en: 'None.' },
  filed: { zh: '提出', en: 'Filed' },
  reasonRequiredItGoesIntoThe: {
    zh: '理由（必填，将记入审计记录）',
    en: 'Reason (required; it goes into the audit trail)',
  },
  escalate: { zh: '提交决定', en: 'Escalate' },
  decide: { zh: '决定', en: 'Decide' },
  outcome: { zh: '结果', en: 'Outcome' },
  upheldTheRecordIsTakenBack: { zh: '异议成立：撤回该记录', en: 'Upheld: the record is taken back' },
  dismissedTheRecordStays: { zh: '异议不成立：保留该记录', en: 'Dismissed: the record stays' },
  objection: { zh: '异议', en: 'Objection' },
  status: { zh: '状态', en: 'Status' },
  evidence: { zh: '证据', en: 'Evidence' },
  auditTrail: { zh: '审计记录', en: 'Audit trail' },
  event: { zh: '事件', en: 'Event' },
  backToTheQueue: { zh: '返回队列', en: 'Back to the queue' },
} satisfies Messages

type Root = () => FastifyInstance

const html = sendPrivate

/** The evidence of an objection or application: each piece, its document to open (the look is recorded) and its fingerprint. */
export function evidenceList(lang: Lang, subjectId: string, evidence: readonly EvidenceItem[]): string {
  if (evidence.length === 0) return `<p>${esc(pick(lang, TEXT.noEvidence))}</p>`
  return `<ul>${evidence.map((e) => `<li>${esc(e.description)}${e.documentId ? ` · <a href="/officer/evidence/${esc(subjectId)}/${esc(e.documentId)}">${esc(e.documentName ?? pick(lang, TEXT.document))}</a>` : e.documentName ? ` · ${esc(e.documentName)}` : ''}${e.sha256 ? ` <span class="muted">SHA-256 <code>${esc(e.sha256.slice(0, 16))}…</code></span>` : ''}</li>`).join('')}</ul>`
}

/** The officer console's parts, on every officer page. */
export function officerNav(lang: Lang, path: string): string {
  const parts = [
    ['/officer', pick(lang, TEXT.objections)],
    ['/officer/lists', pick(lang, TEXT.listEntries)],
    ['/officer/repairs', pick(lang, TEXT.creditRepair)],
    ['/officer/models', pick(lang, TEXT.scoringModels)],
    ['/officer/accounts', pick(lang, TEXT.accounts)],
  ] as const
  const current = [...parts]
    .reverse()
    .find(([href]) => path === href || path.startsWith(href + '/') || path.startsWith(href + '?'))?.[0]
  return `<nav aria-label="${esc(pick(lang, TEXT.officerConsole))}" class="console"><ul>${parts.map(([href, name]) => `<li><a href="${href}"${href === current ? ' aria-current="page"' : ''}>${esc(name)}</a></li>`).join('')}<li><a href="/signout">${esc(t(lang, 'signOut'))}</a></li></ul></nav>`
}

export function officerRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    const call = (request: FastifyRequest, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      callApi(root, request, method, url, payload === undefined ? undefined : { json: payload })

    app.get('/officer', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const filter = String((request.query as Record<string, unknown>).filter ?? 'undecided')
      const res = await call(request, 'GET', `/v1/objections?filter=${encodeURIComponent(filter)}`)
      if (res.statusCode === 401 || res.statusCode === 403) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200)
        return html(
          reply,
          res.statusCode,
          page(lang, { title: t(lang, 'error'), path: '/officer', body: `<h1>${esc(t(lang, 'error'))}</h1>` }),
        )
      const q = JSON.parse(res.body) as OfficerQueue
      const tabs = (['undecided', 'overdue', 'due_soon', 'escalated'] as const)
        .map((f) => {
          const n = {
            undecided: q.counts.undecided,
            overdue: q.counts.overdue,
            due_soon: q.counts.dueSoon,
            escalated: q.counts.escalated,
          }[f]
          const name = {
            undecided: pick(lang, TEXT.undecided),
            overdue: pick(lang, TEXT.overdueTitle),
            due_soon: pick(lang, TEXT.dueSoon),
            escalated: pick(lang, TEXT.escalated),
          }[f]
          return `<li><a href="/officer?filter=${f}"${f === filter ? ' aria-current="page"' : ''}>${esc(name)} (${n})</a></li>`
        })
        .join('')
      const rows = q.objections
        .map(
          (o) =>
            `<tr><td><a href="/officer/objections/${esc(o.objectionId)}">${esc(o.target.kind ?? o.target.type)}</a></td><td>${esc(o.target.source ?? '—')}</td><td>${esc(o.filedAt.slice(0, 10))}</td><td>${esc(o.dueOn)}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}</td><td>${esc(statusText(lang, o.status))}</td></tr>`,
        )
        .join('')
      const body = `<h1>${esc(pick(lang, TEXT.objectionsQueue))}</h1><nav aria-label="${esc(pick(lang, TEXT.filter))}"><ul>${tabs}</ul></nav>
${q.objections.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : `<table><thead><tr><th scope="col">${esc(t(lang, 'kind'))}</th><th scope="col">${esc(t(lang, 'source'))}</th><th scope="col">${esc(pick(lang, TEXT.filed))}</th><th scope="col">${esc(t(lang, 'objectionDue'))}</th><th scope="col">${esc(t(lang, 'standing'))}</th></tr></thead><tbody>${rows}</tbody></table>`}`
      return html(
        reply,
        200,
        page(lang, {
          title: pick(lang, TEXT.objectionsQueue),
          path: `/officer?filter=${encodeURIComponent(filter)}`,
          body: officerNav(lang, '/officer') + body,
        }),
      )
    })

    app.get('/officer/objections/:id', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const id = (request.params as { id: string }).id
      const res = await call(request, 'GET', `/v1/objections/${encodeURIComponent(id)}`)
      if (res.statusCode === 401 || res.statusCode === 403) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200)
        return html(
          reply,
          res.statusCode,
          page(lang, { title: t(lang, 'notFound'), path: '/officer', body: `<h1>${esc(t(lang, 'notFound'))}</h1>` }),
        )
      const o = JSON.parse(res.body) as Objection
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const reason = (name: string) =>
        `<label for="${name}">${esc(pick(lang, TEXT.reasonRequiredItGoesIntoThe))}</label><br><textarea id="${name}" name="reasons" required maxlength="2000" rows="3" cols="40"></textarea><br>`
      const escalate = ['open'].includes(o.status)
        ? `<h2>${esc(pick(lang, TEXT.escalate))}</h2><form method="post" action="/officer/objections/${esc(o.objectionId)}/escalate"><input type="hidden" name="csrf" value="${csrf}">${reason('escalate-reason')}<button type="submit">${esc(pick(lang, TEXT.escalate))}</button></form>`
        : ''
      const decide =
        o.status === 'escalated'
          ? `<h2>${esc(pick(lang, TEXT.decide))}</h2><form method="post" action="/officer/objections/${esc(o.objectionId)}/decide"><input type="hidden" name="csrf" value="${csrf}">
<fieldset><legend>${esc(pick(lang, TEXT.outcome))}</legend><label><input type="radio" name="outcome" value="upheld" required> ${esc(pick(lang, TEXT.upheldTheRecordIsTakenBack))}</label><br><label><input type="radio" name="outcome" value="dismissed"> ${esc(pick(lang, TEXT.dismissedTheRecordStays))}</label></fieldset>
${reason('decide-reason')}<button type="submit">${esc(pick(lang, TEXT.decide))}</button></form>`
          : ''
      const history = (o.history ?? [])
        .map((h) => `<tr><td>${esc(chinaTime(lang, h.at))}</td><td>${esc(h.action)}</td><td>${esc(h.by)}</td></tr>`)
        .join('')
      const body = `<h1>${esc(pick(lang, TEXT.objection))}: ${esc(o.target.kind ?? o.target.type)}</h1>
<p>${esc(pick(lang, TEXT.status))}: <strong>${esc(statusText(lang, o.status))}</strong> · ${esc(t(lang, 'objectionDue'))} ${esc(o.dueOn)}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}</p>
<h2>${esc(t(lang, 'reasons'))}</h2><p>${esc(o.reasons ?? '—')}</p>${o.statement ? `<p><em>${esc(o.statement)}</em></p>` : ''}
<h2>${esc(pick(lang, TEXT.evidence))}</h2>${evidenceList(lang, o.subjectId, o.evidence ?? [])}
${escalate}${decide}
<h2>${esc(pick(lang, TEXT.auditTrail))}</h2><table><thead><tr><th scope="col">${esc(t(lang, 'when'))}</th><th scope="col">${esc(pick(lang, TEXT.event))}</th><th scope="col">${esc(t(lang, 'who'))}</th></tr></thead><tbody>${history}</tbody></table>
<p><a href="/officer">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`
      return html(
        reply,
        200,
        page(lang, {
          title: pick(lang, TEXT.objection),
          path: `/officer/objections/${encodeURIComponent(id)}`,
          body: officerNav(lang, '/officer') + body,
        }),
      )
    })

    for (const step of ['escalate', 'decide'] as const) {
      app.post(`/officer/objections/:id/${step}`, formRoute, async (request, reply) => {
        const id = encodeURIComponent((request.params as { id: string }).id)
        const fields = (request.body ?? {}) as Record<string, string>
        const back = `/officer/objections/${id}`
        return submitForm(root, request, reply, {
          token: fields.csrf,
          back,
          next: back,
          before: officerNav(languageOf(request), '/officer'),
          ...(step === 'escalate'
            ? { url: `/v1/objections/${id}/escalate`, json: { reason: fields.reasons ?? '' } }
            : {
                url: `/v1/objections/${id}/decision`,
                json: { outcome: fields.outcome ?? '', reasons: fields.reasons ?? '' },
              }),
        })
      })
    }
  }
}
