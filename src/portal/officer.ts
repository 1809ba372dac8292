/**
 * The officer console, first part: the objections queue with deadlines and overdue flags, and one
 * objection with the facts to decide it beside its forms: the subject (name, type, identifier masked),
 * the record objected to with its fields labelled from the data-element dictionary, the subject's
 * reasons, statement and evidence, and the source's answer; then its two steps — escalate, decide —
 * each with a reason (what was typed kept on a mistake), and its audit trail in words, who acted by name.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { DATA_ELEMENTS, describeFields, type PublishedCatalogue } from '../modules/catalogue/index.ts'
import type { CreditFile, EvidenceItem, Objection, OfficerQueue } from './api.ts'
import { chinaTime, type Lang, type Messages, pick, standingText, statusText, type Text, t } from './i18n.ts'
import {
  callApi,
  cookie,
  CSRF_COOKIE,
  field,
  formAlert,
  type FormState,
  formRoute,
  languageOf,
  pageRoute,
  portalBasics,
  sendPrivate,
  submitForm,
} from './http.ts'
import { esc, page, table } from './layout.ts'
import { actionText, actorCell, notOfficer, scrolling, TEXT as CONSOLE } from './officer-console.ts'

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
  aListEntry: { zh: '名单条目', en: 'a list entry' },
  subject: { zh: '当事人', en: 'The subject' },
  name: { zh: '名称', en: 'Name' },
  type: { zh: '类型', en: 'Type' },
  uscc: { zh: '统一社会信用代码', en: 'Unified Social Credit Code' },
  residentId: { zh: '身份证号码（部分隐去）', en: 'Identity number (masked)' },
  theRecord: { zh: '异议所针对的记录', en: 'The record objected to' },
  kind: { zh: '类别', en: 'Kind' },
  decidedOn: { zh: '决定日期', en: 'Decided on' },
  conductEndedOn: { zh: '行为终止日期', en: 'Conduct ended on' },
  source: { zh: '信息提供单位', en: 'Source' },
  version: { zh: '版本', en: 'Version' },
  standing: { zh: '当前状态', en: 'Standing' },
  newerVersion: (n: number) => ({
    zh: `信息提供单位已报送更正后的第 ${n} 版。`,
    en: `The source has sent a corrected version ${n} since.`,
  }),
  recordNotShown: {
    zh: '该记录的内容已不可查阅（已删除，仅保留痕迹）。',
    en: 'The record’s contents can no longer be read (erased; only a tombstone remains).',
  },
  theEntry: { zh: '查看该名单条目', en: 'See the list entry' },
  subjectsWords: { zh: '当事人的异议', en: 'What the subject says' },
  reasons: { zh: '异议理由', en: 'Why it is wrong' },
  statement: { zh: '当事人说明（随记录展示）', en: 'Statement (shown with the record)' },
  sourceAnswer: { zh: '信息提供单位的答复', en: 'The source’s answer' },
  noAnswerYet: (due: string) => ({
    zh: `尚未答复（答复期限 ${due}）。`,
    en: `No answer yet (due ${due}).`,
  }),
  answeredAt: { zh: '答复时间', en: 'Answered' },
  answerOutcome: { zh: '答复结论', en: 'Answer' },
  explanation: { zh: '说明', en: 'Explanation' },
  escalationReason: { zh: '提交决定的理由', en: 'Why it was escalated' },
  decision: { zh: '决定', en: 'Decision' },
  decisionReasons: { zh: '决定理由', en: 'Reasons for the decision' },
  theDecisionForm: { zh: '处理', en: 'Act on it' },
  listEntryDecided: {
    zh: '针对名单条目的异议随名单条目一并决定：请在名单条目页面听证并决定。',
    en: 'An objection against a list entry is decided with the entry: hear it and decide on the entry’s page.',
  },
  decidedAlready: {
    zh: '该异议已处理完毕，无需再作决定。',
    en: 'This objection is settled: nothing is left to decide.',
  },
  waitsForTheSource: (due: string) => ({
    zh: `可等待信息提供单位在 ${due} 前答复；如需由信用主管部门决定，可先提交决定。`,
    en: `The source may answer until ${due}; to have the credit authority decide instead, escalate it first.`,
  }),
} satisfies Messages

const SUBJECT_TYPE: Readonly<Record<string, Text>> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  individual_business: { zh: '个体工商户', en: 'Individual business' },
  cooperative: { zh: '农民专业合作社', en: 'Farmers’ cooperative' },
  social_organisation: { zh: '社会组织', en: 'Social organisation' },
  public_body: { zh: '机关或事业单位', en: 'Public body' },
  other_organisation: { zh: '其他组织', en: 'Other organisation' },
  person: { zh: '自然人', en: 'Natural person' },
}

/** A subject's type in words (one of them, not the plural of a catalogue's "whom it may describe"). */
export const subjectTypeText = (lang: Lang, type: string): string =>
  pick(lang, SUBJECT_TYPE[type] ?? { zh: '其他', en: 'Other' })

const ANSWER: Readonly<Record<string, Text>> = {
  verified: { zh: '经核实无误，记录保留', en: 'Verified: the record stands' },
  corrected: { zh: '已更正，报送了更正后的记录', en: 'Corrected: a corrected record was sent' },
  withdrawn: { zh: '已撤回该记录', en: 'Withdrawn: the record is taken back' },
  upheld: { zh: '异议成立', en: 'Upheld' },
  dismissed: { zh: '异议不成立', en: 'Dismissed' },
}

type Root = () => FastifyInstance

/** Whom a queue's item is about, in a table cell: the name (a person's masked) and identifier, which are data; its type in words. */
export function subjectCell(
  lang: Lang,
  subject: { subjectType: string; name: string; uscc?: string; residentIdMasked?: string } | null,
): string {
  if (!subject) return '—'
  const id = subject.uscc ?? subject.residentIdMasked
  return `<span translate="no">${esc(subject.name)}</span><br><span class="muted">${esc(subjectTypeText(lang, subject.subjectType))}${id ? ` · <span translate="no">${esc(id)}</span>` : ''}</span>`
}

const html = sendPrivate

/** The evidence of an objection or application: each piece, its document to open (the look is recorded) and its fingerprint. */
export function evidenceList(lang: Lang, subjectId: string, evidence: readonly EvidenceItem[]): string {
  if (evidence.length === 0) return `<p>${esc(pick(lang, TEXT.noEvidence))}</p>`
  return `<ul>${evidence.map((e) => `<li><span translate="no">${esc(e.description)}</span>${e.documentId ? ` · <a href="/officer/evidence/${esc(subjectId)}/${esc(e.documentId)}" translate="no">${esc(e.documentName ?? pick(lang, TEXT.document))}</a>` : e.documentName ? ` · <span translate="no">${esc(e.documentName)}</span>` : ''}${e.sha256 ? ` <span class="muted">SHA-256 <code translate="no">${esc(e.sha256.slice(0, 16))}…</code></span>` : ''}</li>`).join('')}</ul>`
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

/** A record kind's or list kind's name, from the catalogue in force; `fallback` when it names neither. */
function kindNameOf(catalogue: PublishedCatalogue | undefined, o: Objection): Text | undefined {
  if (!catalogue || o.target.kind === null) return undefined
  if (o.target.type === 'list_entry') return catalogue.lists.listKinds.find((k) => k.code === o.target.kind)?.name
  return catalogue.kinds.find((k) => k.code === o.target.kind)?.name
}

const what = (lang: Lang, o: Objection, name: Text | undefined): string =>
  name ? pick(lang, name) : o.target.type === 'list_entry' ? pick(lang, TEXT.aListEntry) : pick(lang, TEXT.objection)

/** A definition list of facts, each value HTML the caller escaped. */
const facts = (rows: readonly (readonly [string, string])[]): string =>
  `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`

export function officerRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    const call = (request: FastifyRequest, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      callApi(root, request, method, url, payload === undefined ? undefined : { json: payload })
    const catalogueOf = async (request: FastifyRequest): Promise<PublishedCatalogue | undefined> => {
      const res = await call(request, 'GET', '/v1/catalogue')
      return res.statusCode === 200 ? (JSON.parse(res.body) as PublishedCatalogue) : undefined
    }

    app.get('/officer', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const asked = String((request.query as Record<string, unknown>).filter ?? 'undecided')
      const filter = ['undecided', 'overdue', 'due_soon', 'escalated'].includes(asked) ? asked : 'undecided'
      const res = await call(request, 'GET', `/v1/objections?filter=${encodeURIComponent(filter)}`)
      const refused = notOfficer(reply, lang, res.statusCode)
      if (refused) return refused
      if (res.statusCode !== 200)
        return html(
          reply,
          res.statusCode,
          page(lang, { title: t(lang, 'error'), path: '/officer', body: `<h1>${esc(t(lang, 'error'))}</h1>` }),
        )
      const q = JSON.parse(res.body) as OfficerQueue
      const catalogue = await catalogueOf(request)
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
      const rows = q.objections.map((o) => [
        `<a href="/officer/objections/${esc(o.objectionId)}">${esc(what(lang, o, kindNameOf(catalogue, o)))}</a>`,
        subjectCell(lang, o.subject),
        o.target.sourceDisplayName ? `<span translate="no">${esc(o.target.sourceDisplayName)}</span>` : '—',
        esc(chinaTime(lang, o.filedAt)),
        `${esc(o.dueOn)}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}`,
        esc(statusText(lang, o.status)),
      ])
      const body = `<h1>${esc(pick(lang, TEXT.objectionsQueue))}</h1><nav aria-label="${esc(pick(lang, TEXT.filter))}"><ul>${tabs}</ul></nav>
${
  q.objections.length === 0
    ? `<p>${esc(pick(lang, TEXT.none))}</p>`
    : scrolling(
        pick(lang, TEXT.objectionsQueue),
        table(
          [
            t(lang, 'kind'),
            pick(lang, TEXT.subject),
            pick(lang, TEXT.source),
            pick(lang, TEXT.filed),
            t(lang, 'objectionDue'),
            t(lang, 'standing'),
          ],
          rows,
        ),
      )
}`
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

    /** The objection with its facts and forms; `state`: a form refused, shown again with what was typed. */
    const objectionPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      state?: FormState,
    ): Promise<FastifyReply> => {
      const lang = languageOf(request)
      const res = await call(request, 'GET', `/v1/objections/${encodeURIComponent(id)}`)
      const refused = notOfficer(reply, lang, res.statusCode)
      if (refused) return refused
      if (res.statusCode !== 200)
        return html(
          reply,
          res.statusCode === 400 ? 404 : res.statusCode,
          page(lang, {
            title: t(lang, 'notFound'),
            path: '/officer',
            body: `${officerNav(lang, '/officer')}<h1>${esc(t(lang, 'notFound'))}</h1><p><a href="/officer">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`,
          }),
        )
      const o = JSON.parse(res.body) as Objection
      const [subjectRes, fileRes, catalogue] = await Promise.all([
        call(request, 'GET', `/v1/subjects/${o.subjectId}`),
        o.target.type === 'record'
          ? call(request, 'GET', `/v1/subjects/${o.subjectId}/file?history=true`)
          : Promise.resolve(undefined),
        catalogueOf(request),
      ])
      const subject = subjectRes.statusCode === 200 ? (JSON.parse(subjectRes.body) as CreditFile['subject']) : undefined
      const file = fileRes?.statusCode === 200 ? (JSON.parse(fileRes.body) as CreditFile) : undefined
      const current = file?.categories.flatMap((c) => c.records).find((r) => r.recordId === o.target.id)
      const objected =
        current && o.target.version !== null && current.version !== o.target.version
          ? (current.history?.find((h) => h.version === o.target.version) ?? current)
          : current
      const kindName = current?.kindName ?? kindNameOf(catalogue, o)
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')

      const subjectFacts = subject
        ? facts([
            [pick(lang, TEXT.name), `<span translate="no">${esc(subject.name)}</span>`],
            [pick(lang, TEXT.type), esc(subjectTypeText(lang, subject.subjectType))],
            subject.uscc
              ? [pick(lang, TEXT.uscc), `<span translate="no">${esc(subject.uscc)}</span>`]
              : [pick(lang, TEXT.residentId), `<span translate="no">${esc(subject.residentIdMasked ?? '—')}</span>`],
          ])
        : '<p>—</p>'
      const fieldWords = objected ? describeFields(objected.fields, DATA_ELEMENTS, lang) : []
      const recordFacts =
        o.target.type === 'list_entry'
          ? `<p><a href="/officer/lists/${esc(o.target.id)}">${esc(pick(lang, TEXT.theEntry))}</a></p>`
          : objected && current
            ? facts([
                [pick(lang, TEXT.kind), esc(pick(lang, current.kindName))],
                [pick(lang, TEXT.decidedOn), esc(objected.decidedOn)],
                ...(objected.conductEndedOn
                  ? ([[pick(lang, TEXT.conductEndedOn), esc(objected.conductEndedOn)]] as const)
                  : []),
                [pick(lang, TEXT.source), `<span translate="no">${esc(objected.source.displayName)}</span>`],
                [pick(lang, TEXT.version), String(objected.version)],
                [pick(lang, TEXT.standing), esc(standingText(lang, current.standing))],
                ...fieldWords.map((f) => [esc(f.name), `<span translate="no">${esc(f.value)}</span>`] as const),
              ]) +
              (current.version !== objected.version
                ? `<p class="muted">${esc(pick(lang, TEXT.newerVersion(current.version)))}</p>`
                : '')
            : `<p>${esc(pick(lang, TEXT.recordNotShown))}</p>`

      const answer = (o.answer ?? {}) as {
        explanation?: string
        evidence?: EvidenceItem[]
        by?: string
        escalation?: { reason?: string }
        decision?: { outcome?: string; reasons?: string }
      }
      const answered = answer.by === 'source' || answer.explanation !== undefined
      const sourceOutcome = o.history?.find((h) => h.action === 'objection.answered')
      const sourceStatus = ['verified', 'corrected', 'withdrawn'].includes(o.status) ? o.status : undefined
      const sourceAnswer =
        o.target.type === 'list_entry'
          ? ''
          : `<h2>${esc(pick(lang, TEXT.sourceAnswer))}</h2>${
              answered
                ? facts([
                    ...(sourceStatus && ANSWER[sourceStatus]
                      ? ([[pick(lang, TEXT.answerOutcome), esc(pick(lang, ANSWER[sourceStatus]))]] as const)
                      : []),
                    ...(o.answeredAt || sourceOutcome
                      ? ([
                          [pick(lang, TEXT.answeredAt), esc(chinaTime(lang, sourceOutcome?.at ?? o.answeredAt!))],
                        ] as const)
                      : []),
                    [pick(lang, TEXT.explanation), `<span translate="no">${esc(answer.explanation ?? '—')}</span>`],
                  ]) +
                  (
                    answer.evidence && answer.evidence.length > 0
                      ? evidenceList(lang, o.subjectId, answer.evidence)
                      : ''
                  )
                : `<p>${esc(pick(lang, TEXT.noAnswerYet(o.dueOn)))}</p>`
            }`
      const officerWords =
        (answer.escalation?.reason
          ? facts([[pick(lang, TEXT.escalationReason), `<span translate="no">${esc(answer.escalation.reason)}</span>`]])
          : '') +
        (answer.decision?.outcome
          ? facts([
              [pick(lang, TEXT.decision), esc(pick(lang, ANSWER[answer.decision.outcome] ?? TEXT.decidedAlready))],
              [pick(lang, TEXT.decisionReasons), `<span translate="no">${esc(answer.decision.reasons ?? '')}</span>`],
            ])
          : '')

      const reasonField = (form: string) =>
        field(state, form, {
          name: 'reasons',
          label: pick(lang, TEXT.reasonRequiredItGoesIntoThe),
          kind: 'textarea',
          required: true,
          maxlength: form === 'escalate' ? 2000 : 4000,
          rows: 3,
        })
      const escalate =
        o.status === 'open' && o.target.type === 'record'
          ? `<h3>${esc(pick(lang, TEXT.escalate))}</h3>${formAlert(state, 'escalate')}<p class="muted">${esc(pick(lang, TEXT.waitsForTheSource(o.dueOn)))}</p><form method="post" action="/officer/objections/${esc(o.objectionId)}/escalate"><input type="hidden" name="csrf" value="${csrf}">${reasonField('escalate')}<button type="submit">${esc(pick(lang, TEXT.escalate))}</button></form>`
          : ''
      const chosen = state?.form === 'decide' ? state.values.outcome : undefined
      const outcomeError = state?.form === 'decide' ? state.errors.outcome : undefined
      const decide =
        o.status === 'escalated' && o.target.type === 'record'
          ? `<h3>${esc(pick(lang, TEXT.decide))}</h3>${formAlert(state, 'decide')}<form method="post" action="/officer/objections/${esc(o.objectionId)}/decide"><input type="hidden" name="csrf" value="${csrf}">
<fieldset${outcomeError ? ' aria-invalid="true" aria-describedby="decide-outcome-error"' : ''}><legend>${esc(pick(lang, TEXT.outcome))}</legend><label><input type="radio" name="outcome" value="upheld" required${chosen === 'upheld' ? ' checked' : ''}> ${esc(pick(lang, TEXT.upheldTheRecordIsTakenBack))}</label><br><label><input type="radio" name="outcome" value="dismissed"${chosen === 'dismissed' ? ' checked' : ''}> ${esc(pick(lang, TEXT.dismissedTheRecordStays))}</label>${outcomeError ? `<small class="field-error" id="decide-outcome-error">${esc(outcomeError)}</small>` : ''}</fieldset>
${reasonField('decide')}<button type="submit">${esc(pick(lang, TEXT.decide))}</button></form>`
          : ''
      const nothing =
        o.target.type === 'list_entry' && (o.status === 'open' || o.status === 'escalated')
          ? `<p>${esc(pick(lang, TEXT.listEntryDecided))}</p>`
          : escalate === '' && decide === ''
            ? `<p>${esc(pick(lang, TEXT.decidedAlready))}</p>`
            : ''
      const history = (o.history ?? []).map((h) => [
        esc(chinaTime(lang, h.at)),
        esc(actionText(lang, h.action)),
        actorCell(lang, h.actorType, h.actorName),
      ])
      const body = `<h1>${esc(pick(lang, TEXT.objection))}: ${esc(what(lang, o, kindName))}</h1>
<p>${esc(pick(lang, TEXT.status))}: <strong>${esc(statusText(lang, o.status))}</strong> · ${esc(t(lang, 'objectionDue'))} ${esc(o.dueOn)}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}</p>
<h2>${esc(pick(lang, TEXT.subject))}</h2>${subjectFacts}
<h2>${esc(pick(lang, TEXT.theRecord))}</h2>${recordFacts}
<h2>${esc(pick(lang, TEXT.subjectsWords))}</h2>${facts([
        [pick(lang, TEXT.reasons), `<span translate="no">${esc(o.reasons ?? '—')}</span>`],
        ...(o.statement
          ? ([[pick(lang, TEXT.statement), `<span translate="no">${esc(o.statement)}</span>`]] as const)
          : []),
      ])}
<h3>${esc(pick(lang, TEXT.evidence))}</h3>${evidenceList(lang, o.subjectId, o.evidence ?? [])}
${sourceAnswer}${officerWords}
<h2>${esc(pick(lang, TEXT.theDecisionForm))}</h2>${nothing}${escalate}${decide}
<h2>${esc(pick(lang, TEXT.auditTrail))}</h2>${scrolling(pick(lang, TEXT.auditTrail), table([t(lang, 'when'), pick(lang, TEXT.event), pick(lang, CONSOLE.actor)], history))}
<p><a href="/officer">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`
      return html(
        reply,
        state ? 422 : 200,
        page(lang, {
          title: pick(lang, TEXT.objection),
          path: `/officer/objections/${encodeURIComponent(id)}`,
          body: officerNav(lang, '/officer') + body,
        }),
      )
    }

    app.get('/officer/objections/:id', pageRoute, async (request, reply) =>
      objectionPage(request, reply, (request.params as { id: string }).id),
    )

    for (const step of ['escalate', 'decide'] as const) {
      app.post(`/officer/objections/:id/${step}`, formRoute, async (request, reply) => {
        const raw = (request.params as { id: string }).id
        const id = encodeURIComponent(raw)
        const fields = (request.body ?? {}) as Record<string, string>
        const back = `/officer/objections/${id}`
        const values = { reasons: fields.reasons ?? '', outcome: fields.outcome ?? '' }
        return submitForm(root, request, reply, {
          token: fields.csrf,
          back,
          next: back,
          before: officerNav(languageOf(request), '/officer'),
          again: {
            form: step,
            values,
            // the escalation's one field is `reason` in the API, `reasons` on the form
            fieldOf: (pointer) =>
              /^\/(?:body\/)?reasons?$/.test(pointer) ? 'reasons' : /outcome/.test(pointer) ? 'outcome' : undefined,
            show: (state) => objectionPage(request, reply, raw, state),
          },
          ...(step === 'escalate'
            ? { url: `/v1/objections/${id}/escalate`, json: { reason: values.reasons } }
            : { url: `/v1/objections/${id}/decision`, json: { outcome: values.outcome, reasons: values.reasons } }),
        })
      })
    }
  }
}
