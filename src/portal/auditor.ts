/**
 * The auditor's console: read-only. What the API lets an auditor read, on one page: the transparency
 * log's newest checkpoint (its size, root and how many witnesses cosigned it), the queues' counts
 * (objections, list entries, credit repair) and the statistics, with how to run the full check of the
 * log and the state tables. No forms but sign-out.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type {
  EntryQueue,
  ListEntryDetail,
  Me,
  OfficerQueue,
  RepairQueue,
  StateCheck,
  Statistics,
  TrailEvent,
} from './api.ts'
import { chinaTime, type Lang, type Messages, pick, statusText, t } from './i18n.ts'
import { dayText } from './report-fields.ts'
import { subjectCell } from './officer.ts'
import { portalBasics, callApi, cookie, CSRF_COOKIE, errorPage, languageOf, pageRoute, sendPrivate } from './http.ts'
import { esc, page, table } from './layout.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  other: { zh: '其他', en: 'other' },
  thisPageIsForAuditors: { zh: '此页面仅供审计人员使用。', en: 'This page is for auditors.' },
  auditorConsole: { zh: '审计控制台', en: 'Auditor console' },
  readOnlyEveryFileObjectionOr: {
    zh: '只读。您打开的每一份档案、异议或名单条目都记入审计记录，并告知当事人。',
    en: 'Read-only. Every file, objection or list entry you open goes into the audit trail and is shown to the one it is about.',
  },
  transparencyLog: { zh: '透明日志', en: 'Transparency log' },
  log: { zh: '日志', en: 'Log' },
  eventsLogged: { zh: '事件数', en: 'Events logged' },
  rootHash: { zh: '根哈希', en: 'Root hash' },
  witnessesCosignatures: { zh: '见证人联署', en: "Witnesses' cosignatures" },
  theSignedCheckpoint: { zh: '签名的检查点', en: 'The signed checkpoint' },
  theLogHasNotSignedIts: { zh: '日志尚未签署第一个检查点。', en: 'The log has not signed its first checkpoint yet.' },
  checkTheStateTablesAgainstThe: {
    zh: '现在核对状态表与审计记录',
    en: 'Check the state tables against the audit trail now',
  },
  theFullCheckTheLogRecomputed: {
    zh: '完整核查（重新计算日志，核对每个检查点和日志之外的副本，再用审计事件重新计算名单条目、授权、异议和账户）：在服务器上运行',
    en: 'The full check (the log recomputed, every checkpoint and the copies outside the database compared, then list entries, consents, objections and accounts recomputed from their events): on the server, run',
  },
  fromAnotherMachine: { zh: '；从其他机器：', en: '; from another machine:' },
  workInHand: { zh: '待办情况', en: 'Work in hand' },
  undecidedObjections: { zh: '未决异议', en: 'Undecided objections' },
  overdueObjections: { zh: '逾期异议', en: 'Overdue objections' },
  listEntriesInDueProcess: { zh: '程序中的名单条目', en: 'List entries in due process' },
  removalsOverdue: { zh: '移出逾期', en: 'Removals overdue' },
  repairApplicationsPending: { zh: '待处理的信用修复', en: 'Repair applications pending' },
  repairDecisionsOverdue: { zh: '决定逾期', en: 'Repair decisions overdue' },
  allStatistics: { zh: '全部统计', en: 'All statistics' },
  theStateCheck: { zh: '状态表核对', en: 'The state check' },
  table: { zh: '表', en: 'Table' },
  rowsChecked: { zh: '核对的行数', en: 'Rows checked' },
  everyRowAgreesWithTheAudit: { zh: '全部与审计记录一致。', en: 'Every row agrees with the audit trail.' },
  row: { zh: '行', en: 'Row' },
  problem: { zh: '问题', en: 'Problem' },
  listEntriesConsentsObjectionsAndSubjects: {
    zh: '名单条目、授权、异议和当事人账户：每一行都由其审计事件重新计算，并与表中的行比较。',
    en: "List entries, consents, objections and subjects' accounts: every row recomputed from its audit events and compared with the table.",
  },
  backToTheAuditorConsole: { zh: '返回审计控制台', en: 'Back to the auditor console' },
  auditTrails: { zh: '审计记录', en: 'Audit trails' },
  auditTrailsIntro: {
    zh: '程序中的名单条目：打开一条，查看它的每一步由谁、在何时做出。打开本身也记入审计记录。',
    en: 'List entries in due process: open one to see who took each step, and when. Opening it is recorded too.',
  },
  noEntriesInDueProcess: { zh: '没有程序中的名单条目。', en: 'No list entry is in due process.' },
  listEntry: { zh: '名单条目', en: 'List entry' },
  list: { zh: '名单', en: 'List' },
  proposedOn: { zh: '提议日期', en: 'Proposed on' },
  auditTrail: { zh: '审计记录', en: 'Audit trail' },
  when: { zh: '时间', en: 'When' },
  whatWasDone: { zh: '事项', en: 'What was done' },
  actor: { zh: '操作人', en: 'By' },
  openTheTrail: { zh: '查看审计记录', en: 'Read its audit trail' },
  backToTheTrails: { zh: '返回审计记录列表', en: 'Back to the audit trails' },
  status: { zh: '状态', en: 'Status' },
  subject: { zh: '当事人', en: 'Subject' },

  rowsDisagree: (rows: number) => ({
    zh: `${rows} 行与审计记录不符。`,
    en: `${rows} row(s) disagree with the audit trail.`,
  }),
} satisfies Messages

type Root = () => FastifyInstance

const TABLE_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  list_entries: { zh: '名单条目', en: 'List entries' },
  consents: { zh: '授权', en: 'Consents' },
  objections: { zh: '异议', en: 'Objections' },
  subject_accounts: { zh: '当事人账户', en: "Subjects' accounts" },
}
const PROBLEM_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  no_events: {
    zh: '没有任何审计事件记载这一行（绕过系统写入）',
    en: "no audit event tells of this row (written behind the system's back)",
  },
  differs: {
    zh: '这一行与其审计事件不符（被绕过系统修改）',
    en: "the row differs from its audit events (changed behind the system's back)",
  },
  deleted: { zh: '这一行不见了，却没有删除事件', en: 'the row is gone without its erasure event' },
  unreadable: { zh: '审计事件无法重演', en: 'its audit events cannot be replayed' },
}
const words = (table: Readonly<Record<string, { zh: string; en: string }>>, lang: 'zh' | 'en', code: string) =>
  table[code]?.[lang] ?? pick(lang, TEXT.other)

/** Who acted, by their role (an account's id is never shown). */
const ACTOR_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  officer: { zh: '信用官员', en: 'credit officer' },
  source: { zh: '信息提供单位', en: 'source' },
  subject: { zh: '当事人', en: 'the subject' },
  auditor: { zh: '审计人员', en: 'auditor' },
  relying_party: { zh: '信息使用者', en: 'relying party' },
  department: { zh: '联合奖惩部门', en: 'department' },
  operator: { zh: '系统管理员', en: 'operator' },
  fides: { zh: '系统自动', en: 'the system, by itself' },
  system: { zh: '系统自动', en: 'the system, by itself' },
}

/** What was done, as the trail's action and (for a list entry's step) its event name it. */
const ACTION_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  'list_entry.proposed': { zh: '提议列入名单', en: 'proposed for the list' },
  'list_entry.viewed': { zh: '查阅条目', en: 'the entry read' },
  'list_entry.erased': { zh: '保存期满删除', en: 'erased at the end of its retention' },
  notify: { zh: '告知当事人（异议期开始）', en: 'the subject given notice (the objection period begins)' },
  object: { zh: '当事人提出异议', en: 'the subject objected' },
  hear: { zh: '听取当事人意见', en: 'the subject heard' },
  decide: { zh: '作出决定', en: 'decided' },
  report_removal_condition: { zh: '报告提前移出条件已满足', en: 'a condition for early removal reported met' },
  remove_early: { zh: '提前移出', en: 'removed early' },
  annul: { zh: '撤销', en: 'annulled' },
  expire: { zh: '期满移出', en: 'ended at the end of its term' },
  'objection.filed': { zh: '提出异议', en: 'objection filed' },
  'objection.answered': { zh: '报送机构答复', en: 'the source answered' },
  'objection.escalated': { zh: '提交决定', en: 'sent for decision' },
  'objection.decided': { zh: '作出异议决定', en: 'objection decided' },
  'objection.overdue': { zh: '答复逾期', en: 'the answer overdue' },
  'objection.lapsed': { zh: '异议失效', en: 'objection lapsed' },
  'objection.viewed': { zh: '查阅异议', en: 'the objection read' },
}
const actionWords = (lang: Lang, e: TrailEvent) =>
  pick(lang, ACTION_WORDS[e.event ?? ''] ?? ACTION_WORDS[e.action] ?? { zh: '其他操作', en: 'another action' })

/**
 * Who took a step: their name as people read it where the API names them (an officer's or auditor's
 * display name, a source's), which is data, and their role in the page's words.
 */
function actorHtml(lang: Lang, e: TrailEvent): string {
  const type = e.actorType ?? e.by.split(' ')[0] ?? ''
  const role = esc(pick(lang, ACTOR_WORDS[type] ?? { zh: '其他', en: 'other' }))
  return e.actorName ? `<span translate="no">${esc(e.actorName)}</span> <span class="muted">(${role})</span>` : role
}

/** A signed note's body and signature lines (C2SP tlog-checkpoint): origin, size, root; the log's signature, then witnesses'. */
function readCheckpoint(
  text: string,
): { origin: string; size: string; root: string; cosignatures: number } | undefined {
  const [body, signatures] = text.split('\n\n')
  const [origin, size, root] = (body ?? '').split('\n')
  if (!origin || !size || !root || signatures === undefined) return undefined
  const lines = signatures.split('\n').filter((l) => l.startsWith('\u2014 '))
  return { origin, size, root, cosignatures: Math.max(0, lines.length - 1) }
}

export function auditorRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    app.get('/auditor', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const me = await callApi(root, request, 'GET', '/v1/me')
      if (me.statusCode !== 200) return reply.redirect('/signin', 303)
      if ((JSON.parse(me.body) as Me).role !== 'auditor')
        return errorPage(reply, lang, 403, pick(lang, TEXT.thisPageIsForAuditors), '/signout')
      const urls = [
        '/v1/log/checkpoint',
        '/v1/statistics',
        '/v1/objections?filter=undecided',
        '/v1/lists/entries?filter=open',
        '/v1/repairs?filter=pending',
      ] as const
      const [checkpointRes, statsRes, objectionsRes, entriesRes, repairsRes] = await Promise.all(
        urls.map((url) => callApi(root, request, 'GET', url)),
      )
      const counts = <T extends { counts: object }>(res: typeof objectionsRes): Partial<T['counts']> =>
        res?.statusCode === 200 ? (JSON.parse(res.body) as T).counts : {}
      const checkpoint = checkpointRes?.statusCode === 200 ? readCheckpoint(checkpointRes.body) : undefined
      const figure = (name: string, value: number | undefined) =>
        `<div><dt>${esc(name)}</dt><dd>${value ?? '—'}</dd></div>`
      const o = counts<OfficerQueue>(objectionsRes),
        e = counts<EntryQueue>(entriesRes),
        r = counts<RepairQueue>(repairsRes)
      const stats = statsRes?.statusCode === 200 ? (JSON.parse(statsRes.body) as Statistics).byListKind : []
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const body = `<h1>${esc(pick(lang, TEXT.auditorConsole))}</h1>
<p>${esc(pick(lang, TEXT.readOnlyEveryFileObjectionOr))}</p>
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>
<h2>${esc(pick(lang, TEXT.transparencyLog))}</h2>
${
  checkpoint
    ? `<dl class="facts"><dt>${esc(pick(lang, TEXT.log))}</dt><dd translate="no">${esc(checkpoint.origin)}</dd><dt>${esc(pick(lang, TEXT.eventsLogged))}</dt><dd>${esc(checkpoint.size)}</dd><dt>${esc(pick(lang, TEXT.rootHash))}</dt><dd class="hash" translate="no"><code>${esc(checkpoint.root)}</code></dd><dt>${esc(pick(lang, TEXT.witnessesCosignatures))}</dt><dd>${checkpoint.cosignatures}</dd></dl>
<p><a href="/v1/log/checkpoint">${esc(pick(lang, TEXT.theSignedCheckpoint))}</a></p>`
    : `<p>${esc(pick(lang, TEXT.theLogHasNotSignedIts))}</p>`
}
<p><a href="/auditor/state">${esc(pick(lang, TEXT.checkTheStateTablesAgainstThe))}</a></p>
<p>${esc(pick(lang, TEXT.theFullCheckTheLogRecomputed))} <code translate="no">npx fides log verify</code>${esc(pick(lang, TEXT.fromAnotherMachine))} <code translate="no">npx fides log verify --remote URL --key KEY --since FILE</code>.</p>
<h2>${esc(pick(lang, TEXT.workInHand))}</h2>
<dl class="figures">${figure(pick(lang, TEXT.undecidedObjections), o.undecided)}${figure(pick(lang, TEXT.overdueObjections), o.overdue)}${figure(pick(lang, TEXT.listEntriesInDueProcess), e.open)}${figure(pick(lang, TEXT.removalsOverdue), e.removalOverdue)}${figure(pick(lang, TEXT.repairApplicationsPending), r.pending)}${figure(pick(lang, TEXT.repairDecisionsOverdue), r.decisionOverdue)}</dl>
<h2>${esc(t(lang, 'statisticsTitle'))}</h2>
<div class="scroll" tabindex="0" role="region" aria-label="${esc(t(lang, 'statisticsTitle'))}">${table(
        [t(lang, 'listKind'), t(lang, 'listed'), t(lang, 'active'), t(lang, 'annulled'), t(lang, 'removed')],
        stats.map((k) => [
          esc(pick(lang, k.listName)),
          String(k.listed),
          String(k.active),
          String(k.annulled),
          String(k.removed),
        ]),
      )}</div>
<p><a href="/statistics">${esc(pick(lang, TEXT.allStatistics))}</a></p>
<h2>${esc(pick(lang, TEXT.auditTrails))}</h2><p><a href="/auditor/entries">${esc(pick(lang, TEXT.auditTrailsIntro))}</a></p>`
      return sendPrivate(reply, 200, page(lang, { title: pick(lang, TEXT.auditorConsole), path: '/auditor', body }))
    })

    app.get('/auditor/state', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const res = await callApi(root, request, 'GET', '/v1/integrity/state')
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode === 403) return errorPage(reply, lang, 403, pick(lang, TEXT.thisPageIsForAuditors), '/signout')
      if (res.statusCode !== 200) return errorPage(reply, lang, res.statusCode, t(lang, 'error'), '/auditor')
      const check = JSON.parse(res.body) as StateCheck
      const title = pick(lang, TEXT.theStateCheck)
      const counts = table(
        [pick(lang, TEXT.table), pick(lang, TEXT.rowsChecked)],
        Object.entries(check.checked).map(([name, n]) => [esc(words(TABLE_WORDS, lang, name)), String(n)]),
      )
      const verdict =
        check.findings === 0
          ? `<p><strong>${esc(pick(lang, TEXT.everyRowAgreesWithTheAudit))}</strong></p>`
          : `<p role="alert" class="badge">${esc(pick(lang, TEXT.rowsDisagree(check.findings)))}</p>
<div class="scroll" tabindex="0" role="region" aria-label="${esc(title)}">${table(
              [pick(lang, TEXT.table), pick(lang, TEXT.row), pick(lang, TEXT.problem)],
              check.listed.map((f) => [
                esc(words(TABLE_WORDS, lang, f.table)),
                `<code class="hash" translate="no">${esc(f.id)}</code>`,
                esc(words(PROBLEM_WORDS, lang, f.problem)),
              ]),
            )}</div>`
      const body = `<h1>${esc(title)}</h1><p>${esc(pick(lang, TEXT.listEntriesConsentsObjectionsAndSubjects))}</p>
${verdict}${counts}<p><a href="/auditor">${esc(pick(lang, TEXT.backToTheAuditorConsole))}</a></p>`
      return sendPrivate(reply, 200, page(lang, { title, path: '/auditor/state', body }))
    })

    const auditorOnly = async (request: Parameters<typeof languageOf>[0]) => {
      const me = await callApi(root, request, 'GET', '/v1/me')
      if (me.statusCode !== 200) return 'signed out' as const
      return (JSON.parse(me.body) as Me).role === 'auditor' ? ('auditor' as const) : ('other' as const)
    }

    app.get('/auditor/entries', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const who = await auditorOnly(request)
      if (who === 'signed out') return reply.redirect('/signin', 303)
      if (who === 'other') return errorPage(reply, lang, 403, pick(lang, TEXT.thisPageIsForAuditors), '/signout')
      const res = await callApi(root, request, 'GET', '/v1/lists/entries?filter=open')
      if (res.statusCode !== 200) return errorPage(reply, lang, res.statusCode, t(lang, 'error'), '/auditor')
      const queue = JSON.parse(res.body) as EntryQueue
      const title = pick(lang, TEXT.auditTrails)
      const rows = queue.entries.map((e) => [
        `<a href="/auditor/entries/${esc(e.entryId)}">${esc(pick(lang, e.listName))}</a>`,
        subjectCell(lang, e.subject),
        esc(statusText(lang, e.status)),
        esc(dayText(lang, e.proposedOn)),
      ])
      const body = `<h1>${esc(title)}</h1><p>${esc(pick(lang, TEXT.auditTrailsIntro))}</p>${
        rows.length === 0
          ? `<p>${esc(pick(lang, TEXT.noEntriesInDueProcess))}</p>`
          : `<div class="scroll" tabindex="0" role="region" aria-label="${esc(title)}">${table([pick(lang, TEXT.list), pick(lang, TEXT.subject), pick(lang, TEXT.status), pick(lang, TEXT.proposedOn)], rows)}</div>`
      }<p><a href="/auditor">${esc(pick(lang, TEXT.backToTheAuditorConsole))}</a></p>`
      return sendPrivate(reply, 200, page(lang, { title, path: '/auditor/entries', body }))
    })

    app.get('/auditor/entries/:id', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const who = await auditorOnly(request)
      if (who === 'signed out') return reply.redirect('/signin', 303)
      if (who === 'other') return errorPage(reply, lang, 403, pick(lang, TEXT.thisPageIsForAuditors), '/signout')
      const id = encodeURIComponent((request.params as { id: string }).id)
      const res = await callApi(root, request, 'GET', `/v1/lists/entries/${id}`)
      if (res.statusCode !== 200) return errorPage(reply, lang, res.statusCode, t(lang, 'notFound'), '/auditor/entries')
      const e = JSON.parse(res.body) as ListEntryDetail
      const title = `${pick(lang, TEXT.listEntry)}: ${pick(lang, e.listName)}`
      const trail = table(
        [pick(lang, TEXT.when), pick(lang, TEXT.whatWasDone), pick(lang, TEXT.actor)],
        e.history.map((h) => [esc(chinaTime(lang, h.at)), esc(actionWords(lang, h)), actorHtml(lang, h)]),
      )
      const body = `<h1>${esc(title)}</h1>
<dl class="facts"><dt>${esc(pick(lang, TEXT.list))}</dt><dd>${esc(pick(lang, e.listName))}</dd><dt>${esc(pick(lang, TEXT.status))}</dt><dd>${esc(statusText(lang, e.status))}</dd><dt>${esc(pick(lang, TEXT.proposedOn))}</dt><dd>${esc(dayText(lang, e.proposedOn))}</dd></dl>
<h2>${esc(pick(lang, TEXT.auditTrail))}</h2><div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.auditTrail))}">${trail}</div>
<p><a href="/auditor/entries">${esc(pick(lang, TEXT.backToTheTrails))}</a></p>`
      return sendPrivate(
        reply,
        200,
        page(lang, { title: pick(lang, TEXT.listEntry), path: `/auditor/entries/${id}`, body }),
      )
    })
  }
}
