/**
 * Everything Fides holds on a subject, for the subject: its file with every version, its consents and
 * every look at it, as JSON and as a printable HTML page (self-contained, prints cleanly to PDF from a
 * browser). The subject's own identity number and name appear in clear here, and nowhere else.
 */
import { listConsents, listInquiries, type Consent, type Inquiry } from '../access/index.ts'
import { DATA_ELEMENTS, describeFields, OBJECTION_ANSWER_DAYS } from '../catalogue/index.ts'
import { listNotices, type StoredNotice } from '../notices/index.ts'
import { findOwnIdentity } from '../subjects/index.ts'
import type { RecordsContext } from './records.context.ts'
import { getCreditFile, type CreditFile, type CreditFileRecord } from './records.read.ts'
import { styleHash } from '../../platform/csp.ts'

export interface SubjectExport {
  generatedAt: string
  subject: CreditFile['subject'] & { residentId?: string; personName?: string }
  categories: CreditFile['categories']
  consents: {
    consentId: string
    relyingParty: string
    purpose: string
    grantedAt: string
    expiresAt: string
    revokedAt: string | null
  }[]
  inquiries: Inquiry[]
  objections: OwnObjection[]
  listEntries: OwnListEntry[]
  repairs: OwnRepair[]
  /** an organisation's ratings (none for a person: there is no composite score of people) */
  ratings: OwnRating[]
  notices: StoredNotice[]
}

/** A rating as the export shows it. */
export interface OwnRating {
  model: string
  ratedOn: string
  score: number
  grade: string
  inspectionTier: string
  reasons: { text: string; points: number }[]
}

/** A list entry as the export shows it. */
export interface OwnListEntry {
  entryId: string
  listName: string
  status: string
  proposedOn: string
  startsOn: string | null
  endsOn: string | null
  objectionWindowEndsOn: string | null
}

/** A credit repair application as the export shows it. */
export interface OwnRepair {
  applicationId: string
  target: string
  status: string
  appliedOn: string
  feedbackDueOn: string
  decisionDueOn: string | null
  decidedOn: string | null
}

/** An objection as the export shows it; the objections module provides them (app.ts wires it in). */
export interface OwnObjection {
  objectionId: string
  filedAt: string
  recordId: string
  kind: string | null
  status: string
  dueOn: string
  reasons: string
  statement: string | null
}

/** What other modules hold on the subject, provided by them (app.ts wires it in: they build on records). */
export type OwnHoldings = (
  subjectId: string,
) => Promise<{ objections: OwnObjection[]; listEntries: OwnListEntry[]; repairs: OwnRepair[]; ratings: OwnRating[] }>

export async function exportForSubject(
  ctx: RecordsContext & { ownHoldings?: OwnHoldings },
  subjectId: string,
  viewer: { role: 'subject'; keyId: string; label: string; subjectId: string | null },
): Promise<SubjectExport> {
  const file = await getCreditFile(ctx, subjectId, { history: true, viewer })
  const own = await findOwnIdentity(ctx.database, ctx.keys, subjectId)
  const consents = (await listConsents(ctx.database, subjectId)).map((c: Consent) => ({
    consentId: c.consentId,
    relyingParty: c.relyingPartyName,
    purpose: c.purpose,
    grantedAt: c.grantedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
  }))
  return {
    generatedAt: ctx.clock.now().toISOString(),
    subject: {
      ...file.subject,
      ...(own.residentId ? { residentId: own.residentId } : {}),
      ...(own.name ? { personName: own.name } : {}),
    },
    categories: file.categories,
    consents,
    inquiries: await listInquiries(ctx.database, subjectId),
    ...(ctx.ownHoldings
      ? await ctx.ownHoldings(subjectId)
      : { objections: [], listEntries: [], repairs: [], ratings: [] }),
    notices: await listNotices(ctx.database.db, subjectId),
  }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const esc = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => escapes[c]!)

/** Records per category as a horizontal bar chart, negative records in red. */
function categoryChart(categories: CreditFile['categories']): string {
  const rows = categories.map((c) => ({
    name: c.category,
    negative: c.records.filter((r) => r.polarity === 'negative').length,
    other: c.records.filter((r) => r.polarity !== 'negative').length,
  }))
  const max = Math.max(1, ...rows.map((r) => r.negative + r.other))
  const bar = 22
  const width = 560
  const label = 190
  const scale = (width - label - 40) / max
  const body = rows
    .map((r, i) => {
      const y = i * bar + 4
      const neg = r.negative * scale
      const oth = r.other * scale
      return (
        `<text x="0" y="${y + 14}" font-size="12">${esc(r.name.replace(/_/g, ' '))}</text>` +
        `<rect x="${label}" y="${y}" width="${neg}" height="16" fill="#b3261e"><title>${r.negative} negative</title></rect>` +
        `<rect x="${label + neg}" y="${y}" width="${oth}" height="16" fill="#4a6fa5"><title>${r.other} other</title></rect>` +
        `<text x="${label + neg + oth + 6}" y="${y + 13}" font-size="12">${r.negative + r.other}</text>`
      )
    })
    .join('')
  return `<svg role="img" aria-label="Records per category" width="${width}" height="${rows.length * bar + 8}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`
}

const standingLabel: Record<CreditFileRecord['standing'], string> = {
  current: '',
  under_objection: '异议处理中 · under objection',
  suppressed: '已暂停展示 · suppressed: the source did not answer your objection in time',
  withdrawn: '已撤回 · withdrawn',
  erased: '已删除 · erased (only this tombstone remains)',
}

/** A record's fields as the person reads them: each element's name and value in Chinese, then in English. */
function fieldsInWords(fields: Readonly<Record<string, unknown>>): string {
  const zh = describeFields(fields, DATA_ELEMENTS, 'zh')
  const en = describeFields(fields, DATA_ELEMENTS, 'en')
  return zh.map((f, i) => `${esc(f.name)}：${esc(f.value)} · ${esc(en[i]!.name)}: ${esc(en[i]!.value)}`).join('<br>')
}

const EXPORT_STYLE = `
  body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 60rem; padding: 0 1rem }
  h1 { font-size: 1.5rem } h2 { border-bottom: 2px solid #1b1b1b; padding-bottom: .2rem; margin-top: 2rem } h3 { text-transform: capitalize }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem } th, td { border: 1px solid #999; padding: .3rem .4rem; text-align: left; vertical-align: top }
  th { background: #eee } tr.negative td:first-child { border-left: 4px solid #b3261e } small { color: #444 }
  @media print { body { margin: 0; max-width: none } h2 { break-after: avoid } tr { break-inside: avoid } }
`

/** The hash that lets the printable page's style sheet apply under the content security policy (platform/csp.ts). */
export const EXPORT_STYLE_HASH = styleHash(EXPORT_STYLE)

export function renderExportHtml(data: SubjectExport): string {
  const s = data.subject
  const identity = s.residentId
    ? `${esc(s.personName ?? s.name)} · ${esc(s.residentId)}`
    : `${esc(s.name)} · ${esc(s.uscc ?? '')}`
  const records = data.categories
    .map(
      (c) => `
    <h3>${esc(c.category.replace(/_/g, ' '))}</h3>
    <table><thead><tr><th>Record / 记录</th><th>Decided</th><th>Source</th><th>Version</th><th>Public until / kept until</th><th>Details</th></tr></thead><tbody>
    ${c.records
      .map(
        (
          r,
        ) => `<tr class="${esc(r.polarity)}"><td>${esc(r.kindName.zh)}<br><small>${esc(r.kindName.en)}</small></td><td>${esc(r.decidedOn)}</td><td>${esc(r.source.displayName)}</td>
      <td>${esc(r.version)}${r.history && r.history.length ? ` <small>(${r.history.length} earlier)</small>` : ''}</td>
      <td>${esc(r.publicUntil ?? 'never public')}<br><small>kept until ${esc(r.keptUntil ?? 'the end of the conduct + its period')}</small></td>
      <td>${r.standing === 'current' ? '' : `<strong>${esc(standingLabel[r.standing])}</strong><br>`}${r.statement !== undefined ? `<em>Your statement: ${esc(r.statement)}</em><br>` : ''}<small>${fieldsInWords(r.fields)}</small></td></tr>`,
      )
      .join('')}
    </tbody></table>`,
    )
    .join('')
  const inquiries =
    data.inquiries.length === 0
      ? '<p>Nobody has looked at your file.</p>'
      : `<table><thead><tr><th>When</th><th>Who</th><th>Purpose</th><th>What</th></tr></thead><tbody>
    ${data.inquiries.map((q) => `<tr><td>${esc(q.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(q.by)}</td><td>${esc(q.purpose.zh)}<br><small>${esc(q.purpose.en)}</small></td><td>${esc(q.categories.join(', '))}</td></tr>`).join('')}</tbody></table>`
  const consents =
    data.consents.length === 0
      ? '<p>No consents.</p>'
      : `<table><thead><tr><th>Relying party</th><th>Purpose</th><th>Given</th><th>Until</th><th>Revoked</th></tr></thead><tbody>
    ${data.consents.map((c) => `<tr><td>${esc(c.relyingParty)}</td><td>${esc(c.purpose.replace(/_/g, ' '))}</td><td>${esc(c.grantedAt.slice(0, 10))}</td><td>${esc(c.expiresAt.slice(0, 10))}</td><td>${esc(c.revokedAt?.slice(0, 10) ?? '—')}</td></tr>`).join('')}</tbody></table>`
  const objections =
    data.objections.length === 0
      ? '<p>You have not objected to any record.</p>'
      : `<table><thead><tr><th>Filed</th><th>Record</th><th>Status</th><th>Answer due</th><th>Your reasons and statement</th></tr></thead><tbody>
    ${data.objections.map((o) => `<tr><td>${esc(o.filedAt.slice(0, 10))}</td><td>${esc(o.kind ?? o.recordId)}</td><td>${esc(o.status)}</td><td>${esc(o.dueOn)}</td><td>${esc(o.reasons)}${o.statement ? `<br><em>${esc(o.statement)}</em>` : ''}</td></tr>`).join('')}</tbody></table>`
  const listEntries =
    data.listEntries.length === 0
      ? '<p>You are on no list.</p>'
      : `<table><thead><tr><th>List</th><th>Status</th><th>Proposed</th><th>In force</th><th>Objections until</th></tr></thead><tbody>
    ${data.listEntries.map((e) => `<tr><td>${esc(e.listName)}</td><td>${esc(e.status.replace(/_/g, ' '))}</td><td>${esc(e.proposedOn)}</td><td>${e.startsOn ? `${esc(e.startsOn)} – ${esc(e.endsOn)}` : '—'}</td><td>${esc(e.objectionWindowEndsOn ?? '—')}</td></tr>`).join('')}</tbody></table>`
  const repairs =
    data.repairs.length === 0
      ? '<p>No applications.</p>'
      : `<table><thead><tr><th>Applied</th><th>For</th><th>Status</th><th>Feedback due</th><th>Decision due</th><th>Decided</th></tr></thead><tbody>
    ${data.repairs.map((r) => `<tr><td>${esc(r.appliedOn)}</td><td>${esc(r.target)}</td><td>${esc(r.status.replace(/_/g, ' '))}</td><td>${esc(r.feedbackDueOn)}</td><td>${esc(r.decisionDueOn ?? '—')}</td><td>${esc(r.decidedOn ?? '—')}</td></tr>`).join('')}</tbody></table>`
  const ratings =
    data.ratings.length === 0
      ? ''
      : `<h2>Your credit rating</h2>${data.ratings.map((r) => `<p><strong>${esc(r.grade)}</strong> · ${esc(String(r.score))} points (${esc(r.model)}, ${esc(r.ratedOn)}; inspection: ${esc(r.inspectionTier)})</p>${r.reasons.length === 0 ? '<p>Nothing lowered it.</p>' : `<table><thead><tr><th>Reason</th><th>Points</th></tr></thead><tbody>${r.reasons.map((x) => `<tr><td>${esc(x.text)}</td><td>${esc(String(x.points))}</td></tr>`).join('')}</tbody></table>`}`).join('')}`
  const notices =
    data.notices.length === 0
      ? '<p>No notices.</p>'
      : `<table><thead><tr><th>When</th><th>What</th><th>About</th></tr></thead><tbody>
    ${data.notices
      .map(
        (n) =>
          `<tr><td>${esc(n.createdAt.slice(0, 16).replace('T', ' '))}</td><td>${esc(n.kind.replace(/[._]/g, ' '))}</td><td><small>${esc(
            Object.entries(n.body)
              .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
              .join('; '),
          )}</small></td></tr>`,
      )
      .join('')}</tbody></table>`
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Fides — 信用记录 Credit file — ${esc(s.name)}</title>
<style>${EXPORT_STYLE}</style></head><body>
<h1>信用记录 · Credit file</h1>
<p><strong>${identity}</strong> (${esc(s.subjectType.replace(/_/g, ' '))})<br><small>Everything Fides holds on you, generated ${esc(data.generatedAt.slice(0, 16).replace('T', ' '))} UTC. Free, as often as you like.</small></p>
<h2>Records by category</h2>${categoryChart(data.categories)}
${records || '<p>Fides holds no records on you.</p>'}
<h2>Who looked at your file</h2>${inquiries}
<h2>Your consents</h2>${consents}
<h2>Your objections</h2>${objections}
<h2>List entries about you</h2>${listEntries}
<h2>Your credit repair applications</h2>${repairs}
${ratings}
<h2>Notices to you</h2>${notices}
<p><small>If a record is wrong, you can object to it; its source must answer within ${OBJECTION_ANSWER_DAYS} days, or the record is shown to nobody but you and the credit authority until it does.</small></p>
</body></html>
`
}
