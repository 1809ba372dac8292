/**
 * The auditor's console: read-only. What the API lets an auditor read, on one page: the transparency
 * log's newest checkpoint (its size, root and how many witnesses cosigned it), the queues' counts
 * (objections, list entries, credit repair) and the statistics, with how to run the full check of the
 * log and the state tables. No forms but sign-out.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { EntryQueue, Me, OfficerQueue, RepairQueue, StateCheck, Statistics } from './api.ts'
import { L, pick, t } from './i18n.ts'
import { callApi, cookie, CSRF_COOKIE, errorPage, languageOf, pageRoute, sendPrivate } from './http.ts'
import { esc, page, table } from './layout.ts'

type Root = () => FastifyInstance

const TABLE_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  list_entries: { zh: '名单条目', en: 'List entries' }, consents: { zh: '授权', en: 'Consents' },
  objections: { zh: '异议', en: 'Objections' }, subject_accounts: { zh: '当事人账户', en: 'Subjects\' accounts' },
}
const PROBLEM_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  no_events: { zh: '没有任何审计事件记载这一行（绕过系统写入）', en: 'no audit event tells of this row (written behind the system\'s back)' },
  differs: { zh: '这一行与其审计事件不符（被绕过系统修改）', en: 'the row differs from its audit events (changed behind the system\'s back)' },
  deleted: { zh: '这一行不见了，却没有删除事件', en: 'the row is gone without its erasure event' },
  unreadable: { zh: '审计事件无法重演', en: 'its audit events cannot be replayed' },
}
const words = (table: Readonly<Record<string, { zh: string; en: string }>>, lang: 'zh' | 'en', code: string) => table[code]?.[lang] ?? L(lang, '其他', 'other')

/** A signed note's body and signature lines (C2SP tlog-checkpoint): origin, size, root; the log's signature, then witnesses'. */
function readCheckpoint(text: string): { origin: string; size: string; root: string; cosignatures: number } | undefined {
  const [body, signatures] = text.split('\n\n')
  const [origin, size, root] = (body ?? '').split('\n')
  if (!origin || !size || !root || signatures === undefined) return undefined
  const lines = signatures.split('\n').filter((l) => l.startsWith('\u2014 '))
  return { origin, size, root, cosignatures: Math.max(0, lines.length - 1) }
}

export function auditorRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    app.get('/auditor', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const me = await callApi(root, request, 'GET', '/v1/me')
      if (me.statusCode !== 200) return reply.redirect('/signin', 303)
      if ((JSON.parse(me.body) as Me).role !== 'auditor') return errorPage(reply, lang, 403, L(lang, '此页面仅供审计人员使用。', 'This page is for auditors.'), '/signout')
      const urls = ['/v1/log/checkpoint', '/v1/statistics', '/v1/objections?filter=undecided', '/v1/lists/entries?filter=open', '/v1/repairs?filter=pending'] as const
      const [checkpointRes, statsRes, objectionsRes, entriesRes, repairsRes] = await Promise.all(urls.map((url) => callApi(root, request, 'GET', url)))
      const counts = <T extends { counts: object }>(res: typeof objectionsRes): Partial<T['counts']> => (res?.statusCode === 200 ? (JSON.parse(res.body) as T).counts : {})
      const checkpoint = checkpointRes?.statusCode === 200 ? readCheckpoint(checkpointRes.body) : undefined
      const figure = (name: string, value: number | undefined) => `<div><dt>${esc(name)}</dt><dd>${value ?? '—'}</dd></div>`
      const o = counts<OfficerQueue>(objectionsRes), e = counts<EntryQueue>(entriesRes), r = counts<RepairQueue>(repairsRes)
      const stats = statsRes?.statusCode === 200 ? (JSON.parse(statsRes.body) as Statistics).byListKind : []
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const body = `<h1>${esc(L(lang, '审计控制台', 'Auditor console'))}</h1>
<p>${esc(L(lang, '只读。您打开的每一份档案、异议或名单条目都记入审计记录，并告知当事人。', 'Read-only. Every file, objection or list entry you open goes into the audit trail and is shown to the one it is about.'))}</p>
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>
<h2>${esc(L(lang, '透明日志', 'Transparency log'))}</h2>
${checkpoint ? `<dl class="facts"><dt>${esc(L(lang, '日志', 'Log'))}</dt><dd>${esc(checkpoint.origin)}</dd><dt>${esc(L(lang, '事件数', 'Events logged'))}</dt><dd>${esc(checkpoint.size)}</dd><dt>${esc(L(lang, '根哈希', 'Root hash'))}</dt><dd class="hash"><code>${esc(checkpoint.root)}</code></dd><dt>${esc(L(lang, '见证人联署', 'Witnesses\' cosignatures'))}</dt><dd>${checkpoint.cosignatures}</dd></dl>
<p><a href="/v1/log/checkpoint">${esc(L(lang, '签名的检查点', 'The signed checkpoint'))}</a></p>` : `<p>${esc(L(lang, '日志尚未签署第一个检查点。', 'The log has not signed its first checkpoint yet.'))}</p>`}
<p><a href="/auditor/state">${esc(L(lang, '现在核对状态表与审计记录', 'Check the state tables against the audit trail now'))}</a></p>
<p>${esc(L(lang, '完整核查（重新计算日志，核对每个检查点和日志之外的副本，再用审计事件重新计算名单条目、授权、异议和账户）：在服务器上运行', 'The full check (the log recomputed, every checkpoint and the copies outside the database compared, then list entries, consents, objections and accounts recomputed from their events): on the server, run'))} <code>npx fides log verify</code>${esc(L(lang, '；从其他机器：', '; from another machine:'))} <code>npx fides log verify --remote URL --key KEY --since FILE</code>.</p>
<h2>${esc(L(lang, '待办情况', 'Work in hand'))}</h2>
<dl class="figures">${figure(L(lang, '未决异议', 'Undecided objections'), o.undecided)}${figure(L(lang, '逾期异议', 'Overdue objections'), o.overdue)}${figure(L(lang, '程序中的名单条目', 'List entries in due process'), e.open)}${figure(L(lang, '移出逾期', 'Removals overdue'), e.removalOverdue)}${figure(L(lang, '待处理的信用修复', 'Repair applications pending'), r.pending)}${figure(L(lang, '决定逾期', 'Repair decisions overdue'), r.decisionOverdue)}</dl>
<h2>${esc(t(lang, 'statisticsTitle'))}</h2>
<div class="scroll" tabindex="0" role="region" aria-label="${esc(t(lang, 'statisticsTitle'))}">${table([t(lang, 'listKind'), t(lang, 'listed'), t(lang, 'active'), t(lang, 'annulled'), t(lang, 'removed')], stats.map((k) => [esc(pick(lang, k.listName)), String(k.listed), String(k.active), String(k.annulled), String(k.removed)]))}</div>
<p><a href="/statistics">${esc(L(lang, '全部统计', 'All statistics'))}</a></p>`
      return sendPrivate(reply, 200, page(lang, { title: L(lang, '审计控制台', 'Auditor console'), path: '/auditor', body }))
    })

    app.get('/auditor/state', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const res = await callApi(root, request, 'GET', '/v1/integrity/state')
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode === 403) return errorPage(reply, lang, 403, L(lang, '此页面仅供审计人员使用。', 'This page is for auditors.'), '/signout')
      if (res.statusCode !== 200) return errorPage(reply, lang, res.statusCode, t(lang, 'error'), '/auditor')
      const check = JSON.parse(res.body) as StateCheck
      const title = L(lang, '状态表核对', 'The state check')
      const counts = table([L(lang, '表', 'Table'), L(lang, '核对的行数', 'Rows checked')], Object.entries(check.checked).map(([name, n]) => [esc(words(TABLE_WORDS, lang, name)), String(n)]))
      const verdict = check.findings === 0
        ? `<p><strong>${esc(L(lang, '全部与审计记录一致。', 'Every row agrees with the audit trail.'))}</strong></p>`
        : `<p role="alert" class="badge">${esc(L(lang, `${check.findings} 行与审计记录不符。`, `${check.findings} row(s) disagree with the audit trail.`))}</p>
<div class="scroll" tabindex="0" role="region" aria-label="${esc(title)}">${table([L(lang, '表', 'Table'), L(lang, '行', 'Row'), L(lang, '问题', 'Problem')], check.listed.map((f) => [esc(words(TABLE_WORDS, lang, f.table)), `<code class="hash">${esc(f.id)}</code>`, esc(words(PROBLEM_WORDS, lang, f.problem))]))}</div>`
      const body = `<h1>${esc(title)}</h1><p>${esc(L(lang, '名单条目、授权、异议和当事人账户：每一行都由其审计事件重新计算，并与表中的行比较。', 'List entries, consents, objections and subjects\' accounts: every row recomputed from its audit events and compared with the table.'))}</p>
${verdict}${counts}<p><a href="/auditor">${esc(L(lang, '返回审计控制台', 'Back to the auditor console'))}</a></p>`
      return sendPrivate(reply, 200, page(lang, { title, path: '/auditor/state', body }))
    })
  }
}
