/**
 * The officer console's list entries: the queue with objection windows and removal deadlines; a
 * proposal in two steps (choose the list and find the subject by name, USCC or — POSTed, never in a
 * URL — identity number; then pick the record it rests on from that subject's records, in words, and
 * a criterion of that list only); and one entry with the facts it rests on and only the steps its
 * state allows today (the API's state machine says which, and from when), each with its reasons, the
 * deciding agency chosen from those the API names, and its audit trail in words. All through the API.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CreditFile, EntryQueue, ListCatalogue, ListEntryDetail, SearchResults, SubjectSummary } from './api.ts'
import { durationText, type Messages, pick, statusText, t } from './i18n.ts'
import {
  callApi,
  cookie,
  CSRF_COOKIE,
  field,
  formAlert,
  type FormState,
  formRoute,
  formTokenOk,
  languageOf,
  pageRoute,
  problemText,
} from './http.ts'
import { esc, table } from './layout.ts'
import { subjectCell, subjectTypeText } from './officer.ts'
import {
  day,
  notOfficer,
  officerPage,
  scrolling,
  stepForm,
  stepText,
  trailTable,
  type Root,
} from './officer-console.ts'

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
  list: { zh: '名单', en: 'List' },
  criterionMet: { zh: '符合的列入标准', en: 'Criterion met' },
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
  listedFor: (term: string) => ({ zh: `列入（期限${term}）`, en: `Listed (for ${term})` }),
  rejected: { zh: '不予列入', en: 'Rejected' },
  decidingAgency: { zh: '决定机关', en: 'Deciding agency' },
  noAgency: {
    zh: '没有登记可作出此类决定的机关：请先登记有权报送该名单所依据记录的机关。',
    en: 'No agency that may decide this is registered: register the authority that submits the records this list rests on first.',
  },
  recordThatAnEarlyRemovalCondition: {
    zh: '记录提前移出条件已满足',
    en: 'Record that an early-removal condition is met',
  },
  condition: { zh: '条件', en: 'Condition' },
  conditionOption: (name: string, n: number) => ({
    zh: `${name}（${n}个工作日内移出）`,
    en: `${name} (${n} working days to remove)`,
  }),
  recordIt: { zh: '记录', en: 'Record it' },
  removeEarly: { zh: '提前移出', en: 'Remove early' },
  annulAnObjectionUpheld: { zh: '撤销（异议成立）', en: 'Annul (an objection upheld)' },
  step: { zh: '步骤', en: 'Step' },
  day: { zh: '日期', en: 'Day' },
  who: { zh: '经办人', en: 'By' },
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
  nextSteps: { zh: '下一步', en: 'What can be done now' },
  nothingNow: { zh: '该条目目前没有可以办理的步骤。', en: 'No step can be taken on this entry now.' },
  decisionFrom: (day: string) => ({
    zh: `异议期于 ${day} 结束：自该日起方可作出决定。`,
    en: `The objection window ends on ${day}: the decision can be made from that day.`,
  }),
  findTheSubject: { zh: '第一步：选择名单，查找主体', en: 'Step 1: choose the list and find the subject' },
  whom: {
    zh: '主体名称的一部分、统一社会信用代码或身份证号码',
    en: 'Part of the name, the Unified Social Credit Code, or an identity number',
  },
  whomHint: {
    zh: '个人只能按身份证号码查找；号码不会出现在网址中，查询会告知本人。',
    en: 'A person is found by identity number only; it never goes in an address, and the person is told of the look-up.',
  },
  find: { zh: '查找', en: 'Find' },
  found: { zh: '查找结果', en: 'Found' },
  nothingFound: { zh: '没有找到符合的主体。', en: 'No subject matches.' },
  choose: { zh: '选择此主体', en: 'Choose this subject' },
  moreFound: {
    zh: '还有更多符合的主体，请输入更完整的名称或代码。',
    en: 'More subjects match: type more of the name, or the code.',
  },
  theProposal: { zh: '第二步：列入依据和理由', en: 'Step 2: what it rests on, and why' },
  otherList: { zh: '换一个名单或主体', en: 'Another list or subject' },
  noBasis: (kinds: string) => ({
    zh: `该主体没有可作为此名单依据的有效记录（须为：${kinds}）。`,
    en: `This subject has no record in force that this list can rest on (it takes: ${kinds}).`,
  }),
  recordOption: (kind: string, day: string, source: string) => ({
    zh: `${kind}，${day}，${source}`,
    en: `${kind}, ${day}, ${source}`,
  }),
  identifier: { zh: '代码', en: 'Identifier' },
  type: { zh: '类型', en: 'Type' },
  name: { zh: '名称', en: 'Name' },
  needsSomething: { zh: '请输入要查找的主体。', en: 'Type whom to look for.' },
  unknownList: { zh: '请选择名单。', en: 'Choose a list.' },
} satisfies Messages

const STEP_PATHS = {
  notify: 'notice',
  hear: 'hearing',
  decide: 'decision',
  report_removal_condition: 'removal-condition',
  remove_early: 'removal',
  annul: 'annulment',
} as const
type StepName = keyof typeof STEP_PATHS

/** A select whose options are data, not the page's words (translate="no"): a record's kind, day and source; an agency's name. */
const dataSelect = (html: string): string => html.replace(/<option /g, '<option translate="no" ')

/** The select of a subject's records: each option names its kind, day and source. */
const recordSelect = (state: FormState | undefined, f: Parameters<typeof field>[2]): string =>
  dataSelect(field(state, 'propose', f))

/** A subject found, as the lookup answers it (search results are read into the same fields). */
type Subject = Pick<SubjectSummary, 'subjectId' | 'subjectType' | 'name' | 'uscc' | 'residentIdMasked'>

export function officerListPages(app: FastifyInstance, root: Root): void {
  const { failed, show, act } = officerPage(root)
  const lists = async (request: FastifyRequest): Promise<ListCatalogue> =>
    JSON.parse((await callApi(root, request, 'GET', '/v1/lists')).body) as ListCatalogue

  app.get('/officer/lists', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    const asked = String((request.query as Record<string, unknown>).filter ?? 'open')
    const filter = ['open', 'awaiting_decision', 'active', 'removal_due', 'removal_overdue'].includes(asked)
      ? asked
      : 'open'
    const queueRes = await callApi(root, request, 'GET', `/v1/lists/entries?filter=${encodeURIComponent(filter)}`)
    const refused = notOfficer(reply, lang, queueRes.statusCode)
    if (refused) return refused
    if (queueRes.statusCode !== 200)
      return failed(reply, lang, queueRes.statusCode, problemText(queueRes.body, lang), '/officer/lists')
    const q = JSON.parse(queueRes.body) as EntryQueue
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
        subjectCell(lang, e.subject),
        esc(pick(lang, e.criterion.name)),
        esc(statusText(lang, e.status)),
        esc(e.proposedOn),
        `${esc(day(e.objectionWindowEndsOn))}${inWindow ? ` <span class="muted">(${esc(pick(lang, TEXT.objectionWindowOpen))})</span>` : ''}`,
        e.removal
          ? `${esc(e.removal.dueOn)}${e.removal.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}`
          : '—',
      ]
    })
    const body = `<h1>${esc(pick(lang, TEXT.listEntries))}</h1><p class="muted">${esc(pick(lang, TEXT.today))} ${esc(q.today)}</p><p><a href="/officer/lists/new">${esc(pick(lang, TEXT.proposeAnEntry))}</a></p><nav aria-label="${esc(pick(lang, TEXT.filter))}"><ul>${tabs}</ul></nav>
${q.entries.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : scrolling(pick(lang, TEXT.listEntries), table([pick(lang, TEXT.list), pick(lang, TEXT.subject), pick(lang, TEXT.criterion), pick(lang, TEXT.status), pick(lang, TEXT.proposed), pick(lang, TEXT.objectionWindowEnds), pick(lang, TEXT.removalDueOn)], rows))}`
    return show(
      request,
      reply,
      pick(lang, TEXT.listEntries),
      `/officer/lists?filter=${encodeURIComponent(filter)}`,
      body,
    )
  })

  /** Step 1: the list, and whom to look for (POSTed). */
  const findPage = async (request: FastifyRequest, reply: FastifyReply, state?: FormState, found = '') => {
    const lang = languageOf(request)
    const catalogue = await lists(request)
    const csrf = cookie(request, CSRF_COOKIE) ?? ''
    const body = `<h1>${esc(pick(lang, TEXT.proposeAnEntry))}</h1><h2>${esc(pick(lang, TEXT.findTheSubject))}</h2>${formAlert(state, 'find')}
<form method="post" action="/officer/lists/new"><input type="hidden" name="csrf" value="${esc(csrf)}">
${field(state, 'find', { name: 'listKind', label: pick(lang, TEXT.list), required: true, options: catalogue.listKinds.map((k) => [k.code, pick(lang, k.name)] as const) })}
${field(state, 'find', { name: 'q', label: pick(lang, TEXT.whom), hint: pick(lang, TEXT.whomHint), required: true, maxlength: 100, autocomplete: 'off' })}
<button type="submit">${esc(pick(lang, TEXT.find))}</button></form>${found}
<p><a href="/officer/lists">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`
    return show(request, reply, pick(lang, TEXT.proposeAnEntry), '/officer/lists/new', body, state ? 422 : 200)
  }

  app.get('/officer/lists/new', pageRoute, async (request, reply) => {
    const probe = await callApi(root, request, 'GET', '/v1/lists/entries?limit=1')
    const refused = notOfficer(reply, languageOf(request), probe.statusCode)
    if (refused) return refused
    return findPage(request, reply)
  })

  /** The subjects matching what was typed: a person by identity number, an organisation by USCC or name. */
  const findSubjects = async (
    request: FastifyRequest,
    q: string,
  ): Promise<{ status: number; subjects: Subject[]; more: boolean; body?: string }> => {
    const lookup = async (json: unknown) => {
      const res = await callApi(root, request, 'POST', '/v1/subjects/lookup', { json })
      return res
    }
    const compact = q.replace(/\s+/g, '').toUpperCase()
    if (/^\d{17}[\dX]$/.test(compact)) {
      const person = await lookup({ residentId: compact })
      if (person.statusCode === 200) return { status: 200, subjects: [JSON.parse(person.body) as Subject], more: false }
      if (person.statusCode === 404) return { status: 200, subjects: [], more: false }
    }
    if (/^[0-9A-Z]{18}$/.test(compact)) {
      const org = await lookup({ uscc: compact })
      if (org.statusCode === 200) return { status: 200, subjects: [JSON.parse(org.body) as Subject], more: false }
      if (org.statusCode === 404) return { status: 200, subjects: [], more: false }
      return { status: org.statusCode, subjects: [], more: false, body: org.body }
    }
    const res = await callApi(root, request, 'POST', '/v1/public/search', { json: { q: q.slice(0, 100), limit: 20 } })
    if (res.statusCode !== 200) return { status: res.statusCode, subjects: [], more: false, body: res.body }
    const found = JSON.parse(res.body) as SearchResults
    return {
      status: 200,
      subjects: found.results.map((r) => ({
        subjectId: r.subjectId,
        subjectType: r.subjectType,
        name: r.name,
        uscc: r.uscc,
      })),
      more: found.more,
    }
  }

  app.post('/officer/lists/new', formRoute, async (request, reply) => {
    const lang = languageOf(request)
    const f = (request.body ?? {}) as Record<string, string>
    if (!formTokenOk(request, f.csrf)) return failed(reply, lang, 403, t(lang, 'error'), '/officer/lists/new')
    const values = { listKind: f.listKind ?? '', q: (f.q ?? '').trim() }
    const catalogue = await lists(request)
    const mistake = (name: string, words: string): FormState => ({
      form: 'find',
      values,
      errors: { [name]: words },
      message: words,
    })
    if (!catalogue.listKinds.some((k) => k.code === values.listKind))
      return findPage(request, reply, mistake('listKind', pick(lang, TEXT.unknownList)))
    if (values.q === '') return findPage(request, reply, mistake('q', pick(lang, TEXT.needsSomething)))
    const found = await findSubjects(request, values.q)
    const refused = notOfficer(reply, lang, found.status)
    if (refused) return refused
    if (found.status !== 200) return findPage(request, reply, mistake('q', problemText(found.body ?? '', lang)))
    if (found.subjects.length === 1) return proposalPage(request, reply, values.listKind, found.subjects[0]!)
    const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
    const results =
      found.subjects.length === 0
        ? `<p>${esc(pick(lang, TEXT.nothingFound))}</p>`
        : `<ul class="plain">${found.subjects
            .map(
              (s) =>
                `<li><form method="post" action="/officer/lists/new/subject"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="listKind" value="${esc(values.listKind)}"><input type="hidden" name="subjectId" value="${esc(s.subjectId)}"><strong translate="no">${esc(s.name)}</strong> <span class="muted">${esc(subjectTypeText(lang, s.subjectType))} · <span translate="no">${esc(s.uscc ?? s.residentIdMasked ?? '')}</span></span><br><button type="submit" aria-label="${esc(`${pick(lang, TEXT.choose)}: ${s.name}`)}">${esc(pick(lang, TEXT.choose))}</button></form></li>`,
            )
            .join('')}</ul>${found.more ? `<p class="muted">${esc(pick(lang, TEXT.moreFound))}</p>` : ''}`
    return findPage(
      request,
      reply,
      { form: 'find', values, errors: {}, message: '' },
      `<h2>${esc(pick(lang, TEXT.found))}</h2>${results}`,
    )
  })

  app.post('/officer/lists/new/subject', formRoute, async (request, reply) => {
    const lang = languageOf(request)
    const f = (request.body ?? {}) as Record<string, string>
    if (!formTokenOk(request, f.csrf)) return failed(reply, lang, 403, t(lang, 'error'), '/officer/lists/new')
    const subjectId = f.subjectId ?? ''
    if (!/^[0-9a-f-]{36}$/i.test(subjectId)) return failed(reply, lang, 404, t(lang, 'notFound'), '/officer/lists/new')
    const res = await callApi(root, request, 'GET', `/v1/subjects/${subjectId}`)
    const refused = notOfficer(reply, lang, res.statusCode)
    if (refused) return refused
    if (res.statusCode !== 200) return failed(reply, lang, 404, t(lang, 'notFound'), '/officer/lists/new')
    return proposalPage(request, reply, f.listKind ?? '', JSON.parse(res.body) as Subject)
  })

  /** Step 2: the subject chosen, the record it rests on from its records (in words), a criterion of the list, the reasons. */
  const proposalPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    listKind: string,
    subject: Subject,
    state?: FormState,
  ): Promise<FastifyReply> => {
    const lang = languageOf(request)
    const kind = (await lists(request)).listKinds.find((k) => k.code === listKind)
    if (!kind) return findPage(request, reply)
    const fileRes = await callApi(root, request, 'GET', `/v1/subjects/${subject.subjectId}/file`)
    const file = fileRes.statusCode === 200 ? (JSON.parse(fileRes.body) as CreditFile) : undefined
    const records = (file?.categories ?? [])
      .flatMap((c) => c.records)
      .filter((r) => kind.basisKinds.includes(r.kind) && r.standing === 'current')
    const csrf = cookie(request, CSRF_COOKIE) ?? ''
    const kindNames = [
      ...new Set(
        (file?.categories ?? [])
          .flatMap((c) => c.records)
          .filter((r) => kind.basisKinds.includes(r.kind))
          .map((r) => pick(lang, r.kindName)),
      ),
    ]
    const subjectFacts = `<dl class="facts"><dt>${esc(pick(lang, TEXT.name))}</dt><dd translate="no">${esc(subject.name)}</dd><dt>${esc(pick(lang, TEXT.type))}</dt><dd>${esc(subjectTypeText(lang, subject.subjectType))}</dd><dt>${esc(pick(lang, TEXT.identifier))}</dt><dd translate="no">${esc(subject.uscc ?? subject.residentIdMasked ?? '—')}</dd><dt>${esc(pick(lang, TEXT.list))}</dt><dd>${esc(pick(lang, kind.name))}</dd></dl>`
    const form =
      records.length === 0
        ? `<p role="alert">${esc(pick(lang, TEXT.noBasis(kindNames.length > 0 ? kindNames.join(lang === 'zh' ? '、' : ', ') : pick(lang, kind.legalBasis))))}</p>`
        : stepForm(
            lang,
            csrf,
            '/officer/lists/propose',
            pick(lang, TEXT.proposeAnEntry),
            `<input type="hidden" name="listKind" value="${esc(kind.code)}"><input type="hidden" name="subjectId" value="${esc(subject.subjectId)}">
${recordSelect(state, {
  name: 'basisRecordId',
  label: pick(lang, TEXT.recordItRestsOn),
  required: true,
  options: records.map(
    (r) =>
      [r.recordId, pick(lang, TEXT.recordOption(pick(lang, r.kindName), r.decidedOn, r.source.displayName))] as const,
  ),
})}
${field(state, 'propose', {
  name: 'criterion',
  label: pick(lang, TEXT.criterionMet),
  required: true,
  options: kind.criteria.map((c) => [c.code, pick(lang, c.name)] as const),
})}`,
            {
              reasons: state?.form === 'propose' ? (state.values.reasons ?? '') : '',
              ...(state?.form === 'propose' && state.errors.reasons ? { error: state.errors.reasons } : {}),
              ...(state?.form === 'propose' ? { alert: state.message } : {}),
            },
          )
    const body = `<h1>${esc(pick(lang, TEXT.proposeAnEntry))}</h1><h2>${esc(pick(lang, TEXT.theProposal))}</h2>${subjectFacts}${form}
<p><a href="/officer/lists/new">${esc(pick(lang, TEXT.otherList))}</a> · <a href="/officer/lists">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`
    return show(request, reply, pick(lang, TEXT.proposeAnEntry), '/officer/lists/new', body, state ? 422 : 200)
  }

  app.post('/officer/lists/propose', formRoute, async (request, reply) => {
    const f = (request.body ?? {}) as Record<string, string>
    const values = {
      subjectId: (f.subjectId ?? '').trim().toLowerCase(),
      listKind: f.listKind ?? '',
      criterion: f.criterion ?? '',
      basisRecordId: (f.basisRecordId ?? '').trim().toLowerCase(),
      reasons: f.reasons ?? '',
    }
    return act(request, reply, '/v1/lists/entries', values, '/officer/lists', {
      form: 'propose',
      values,
      fieldOf: (pointer) => /^\/(?:body\/)?([a-zA-Z]+)/.exec(pointer)?.[1] ?? 'reasons',
      show: async (state) => {
        const res = await callApi(root, request, 'GET', `/v1/subjects/${encodeURIComponent(values.subjectId)}`)
        if (res.statusCode !== 200) return findPage(request, reply, { ...state, form: 'find' })
        return proposalPage(request, reply, values.listKind, JSON.parse(res.body) as Subject, state)
      },
    })
  })

  const entryPage = async (request: FastifyRequest, reply: FastifyReply, id: string, state?: FormState) => {
    const lang = languageOf(request)
    const res = await callApi(root, request, 'GET', `/v1/lists/entries/${encodeURIComponent(id)}`)
    const refused = notOfficer(reply, lang, res.statusCode)
    if (refused) return refused
    if (res.statusCode !== 200) return failed(reply, lang, 404, t(lang, 'notFound'), '/officer/lists')
    const e = JSON.parse(res.body) as ListEntryDetail
    const [subjectRes, fileRes, catalogue] = await Promise.all([
      callApi(root, request, 'GET', `/v1/subjects/${e.subjectId}`),
      callApi(root, request, 'GET', `/v1/subjects/${e.subjectId}/file`),
      lists(request),
    ])
    const subject = subjectRes.statusCode === 200 ? (JSON.parse(subjectRes.body) as Subject) : undefined
    const basis =
      fileRes.statusCode === 200
        ? (JSON.parse(fileRes.body) as CreditFile).categories
            .flatMap((c) => c.records)
            .find((r) => r.recordId === e.basisRecordId)
        : undefined
    const kind = catalogue.listKinds.find((k) => k.code === e.listKind)
    const csrf = cookie(request, CSRF_COOKIE) ?? ''
    const base = `/officer/lists/${encodeURIComponent(id)}`
    const kept = (form: StepName) =>
      state?.form === form
        ? {
            reasons: state.values.reasons ?? '',
            alert: state.message,
            ...(state.errors.reasons ? { error: state.errors.reasons } : {}),
          }
        : {}
    const allowed = new Set<string>(e.allowedSteps)
    const forms: string[] = []
    if (allowed.has('notify'))
      forms.push(
        stepForm(
          lang,
          csrf,
          `${base}/notice`,
          pick(lang, TEXT.giveWrittenNoticeTheObjectionWindow),
          '',
          kept('notify'),
        ),
      )
    if (allowed.has('hear'))
      forms.push(stepForm(lang, csrf, `${base}/hearing`, pick(lang, TEXT.recordTheHearing), '', kept('hear')))
    if (allowed.has('decide')) {
      const chosen = state?.form === 'decide' ? state.values.outcome : undefined
      const agencies = e.decidingAgencies.map((a) => [a.displayName, a.displayName] as const)
      forms.push(
        stepForm(
          lang,
          csrf,
          `${base}/decision`,
          pick(lang, TEXT.decide),
          `<fieldset><legend>${esc(pick(lang, TEXT.outcome))}</legend><label><input type="radio" name="outcome" value="listed" required${chosen === 'listed' ? ' checked' : ''}> ${esc(pick(lang, TEXT.listedFor(kind ? durationText(lang, kind.term.default) : '—')))}</label><br><label><input type="radio" name="outcome" value="rejected"${chosen === 'rejected' ? ' checked' : ''}> ${esc(pick(lang, TEXT.rejected))}</label></fieldset>
${agencies.length > 0 ? dataSelect(field(state, 'decide', { name: 'decidingAgency', label: pick(lang, TEXT.decidingAgency), required: true, options: agencies })) : `<p role="alert">${esc(pick(lang, TEXT.noAgency))}</p>`}`,
          kept('decide'),
        ),
      )
    }
    if (allowed.has('report_removal_condition') && e.removal === null && e.earlyRemoval.length > 0)
      forms.push(`<h2>${esc(pick(lang, TEXT.recordThatAnEarlyRemovalCondition))}</h2>${formAlert(state, 'report_removal_condition')}<form method="post" action="${base}/removal-condition"><input type="hidden" name="csrf" value="${esc(csrf)}">
${field(state, 'report_removal_condition', { name: 'condition', label: pick(lang, TEXT.condition), options: e.earlyRemoval.map((c) => [c.code, pick(lang, TEXT.conditionOption(pick(lang, c.name), c.withinWorkingDays))] as const) })}
<button type="submit">${esc(pick(lang, TEXT.recordIt))}</button></form>`)
    if (allowed.has('remove_early'))
      forms.push(stepForm(lang, csrf, `${base}/removal`, pick(lang, TEXT.removeEarly), '', kept('remove_early')))
    if (allowed.has('annul'))
      forms.push(stepForm(lang, csrf, `${base}/annulment`, pick(lang, TEXT.annulAnObjectionUpheld), '', kept('annul')))
    const waiting = e.nextPossibleOn
      ? `<p role="status">${esc(pick(lang, TEXT.decisionFrom(e.nextPossibleOn)))}</p>`
      : ''
    const steps = scrolling(
      pick(lang, TEXT.stepsAndTheirReasons),
      table(
        [pick(lang, TEXT.step), pick(lang, TEXT.day), pick(lang, TEXT.who), pick(lang, TEXT.reasons)],
        e.steps.map((s) => [
          esc(stepText(lang, s.step)),
          esc(s.on),
          `<span translate="no">${esc(s.by)}</span>`,
          `<span translate="no">${esc(s.reasons)}</span>`,
        ]),
      ),
    )
    const basisWords = basis
      ? `${esc(pick(lang, basis.kindName))} · ${esc(basis.decidedOn)} · <span translate="no">${esc(basis.source.displayName)}</span>`
      : '—'
    const body = `<h1>${esc(pick(lang, e.listName))}: ${esc(statusText(lang, e.status))}</h1>
<dl class="facts"><dt>${esc(pick(lang, TEXT.legalBasis))}</dt><dd>${esc(pick(lang, e.legalBasis))}</dd><dt>${esc(pick(lang, TEXT.criterion))}</dt><dd>${esc(pick(lang, e.criterion.name))}</dd>
<dt>${esc(pick(lang, TEXT.subject))}</dt><dd>${subject ? `<span translate="no">${esc(subject.name)}</span> · ${esc(subjectTypeText(lang, subject.subjectType))} · <span translate="no">${esc(subject.uscc ?? subject.residentIdMasked ?? '')}</span>` : '—'}</dd><dt>${esc(pick(lang, TEXT.recordItRestsOn))}</dt><dd>${basisWords}</dd>
<dt>${esc(pick(lang, TEXT.proposedNoticedObjectionWindowEnds))}</dt><dd>${esc(e.proposedOn)} / ${esc(day(e.noticedOn))} / ${esc(day(e.objectionWindowEndsOn))}</dd>
<dt>${esc(pick(lang, TEXT.term))}</dt><dd>${esc(day(e.startsOn))} – ${esc(day(e.endsOn))}${e.decidingAgency ? ` · <span translate="no">${esc(e.decidingAgency)}</span>` : ''}</dd>
${e.removal ? `<dt>${esc(pick(lang, TEXT.removalDueOn))}</dt><dd>${esc(e.removal.dueOn)}${e.removal.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}</dd>` : ''}</dl>
<h2>${esc(pick(lang, TEXT.nextSteps))}</h2>${waiting}${forms.length === 0 && !waiting ? `<p>${esc(pick(lang, TEXT.nothingNow))}</p>` : ''}${forms.join('')}
<h2>${esc(pick(lang, TEXT.stepsAndTheirReasons))}</h2>${steps}
${trailTable(lang, e.history ?? [])}
<p><a href="/officer/lists">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`
    return show(request, reply, pick(lang, e.listName), base, body, state ? 422 : 200)
  }

  app.get('/officer/lists/:id', pageRoute, async (request, reply) =>
    entryPage(request, reply, (request.params as { id: string }).id),
  )

  for (const [step, path] of Object.entries(STEP_PATHS) as [StepName, string][]) {
    app.post(`/officer/lists/:id/${path}`, formRoute, async (request, reply) => {
      const raw = (request.params as { id: string }).id
      const id = encodeURIComponent(raw)
      const f = (request.body ?? {}) as Record<string, string>
      const values: Record<string, string> =
        step === 'decide'
          ? { outcome: f.outcome ?? '', reasons: f.reasons ?? '', decidingAgency: f.decidingAgency ?? '' }
          : step === 'report_removal_condition'
            ? { condition: f.condition ?? '' }
            : { reasons: f.reasons ?? '' }
      return act(request, reply, `/v1/lists/entries/${id}/${path}`, values, `/officer/lists/${id}`, {
        form: step,
        values,
        show: (state) => entryPage(request, reply, raw, state),
      })
    })
  }
}
