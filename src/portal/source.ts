/**
 * The source console: a source's staff upload a CSV or NDJSON file (a plain multipart form, no
 * script), watch its import (the page refreshes itself each second while it runs), download the
 * rejected lines with their reasons, and answer the objections against the source's records. Every
 * step is an API call made as the signed-in account (POST /v1/imports streams the file on).
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { formatOf } from '../modules/records/index.ts'
import type { Static } from 'typebox'
import type { RejectedLinesSchema } from '../modules/imports/index.ts'
import type { FieldRule } from '../platform/app-error.ts'
import type { CreditFile, ImportJob, ImportJobs, Me, Objection, SourceQueue } from './api.ts'
import { chinaTime, type Lang, type Messages, pick, statusText, t } from './i18n.ts'
import {
  portalBasics,
  callApi,
  cookie,
  CSRF_COOKIE,
  errorPage,
  field,
  formAlert,
  formRoute,
  type FormState,
  formTokenOk,
  languageOf,
  pageRoute,
  problemText,
  sendPrivate,
  submitForm,
} from './http.ts'
import { esc, page, table } from './layout.ts'
import { problemWords, ruleText } from './problems.ts'
import { type CatalogueWords, catalogueWords, dayText, kindName, recordFieldsHtml } from './report-fields.ts'
import { recordFieldOf, recordFields, recordFromForm, type RecordShown, type RecordSubject } from './record-form.ts'
import type { PublishedElement } from '../modules/catalogue/index.ts'

type RejectedLines = Static<typeof RejectedLinesSchema>

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  interruptedUploadItAgainStoredRecords: {
    zh: '已中断（可重新上传，已存记录不会重复）',
    en: 'interrupted (upload it again: stored records are not repeated)',
  },
  overdueTheRecordIsHidden: { zh: '逾期：记录已暂停展示', en: 'overdue: the record is hidden' },
  answer: { zh: '答复', en: 'Answer' },
  verifiedTheRecordIsRight: { zh: '经核实无误', en: 'Verified: the record is right' },
  correctedGiveTheCorrectedRecordAs: {
    zh: '已更正（在下方填写更正后的记录）',
    en: 'Corrected (give the corrected record below)',
  },
  withdrawnTheRecordIsTakenBack: { zh: '撤回该记录', en: 'Withdrawn: the record is taken back' },
  explanationRequiredTheSubjectReadsIt: {
    zh: '说明（必填，告知当事人）',
    en: 'Explanation (required; the subject reads it)',
  },
  correctedRecordOnlyWhenCorrected: {
    zh: '更正后的记录（仅更正时填写）',
    en: 'The corrected record (only when corrected)',
  },
  sendTheAnswer: { zh: '提交答复', en: 'Send the answer' },
  sourceConsole: { zh: '报送机构控制台', en: 'Source console' },
  yourAnswerIsRecorded: { zh: '答复已提交。', en: 'Your answer is recorded.' },
  uploadAFile: { zh: '上传文件', en: 'Upload a file' },
  aCsvOrNdjsonFileThe: {
    zh: 'CSV 文件，或每行一条 JSON 记录的文件（各列与命令行导入相同）',
    en: 'A CSV or NDJSON file (the columns of the command-line import)',
  },
  uploadAndImport: { zh: '上传并导入', en: 'Upload and import' },
  imports: { zh: '导入记录', en: 'Imports' },
  noneYet: { zh: '还没有。', en: 'None yet.' },
  file: { zh: '文件', en: 'File' },
  started: { zh: '开始', en: 'Started' },
  status: { zh: '状态', en: 'Status' },
  stored: { zh: '已存', en: 'Stored' },
  unchanged: { zh: '未变', en: 'Unchanged' },
  rejected: { zh: '被拒', en: 'Rejected' },
  objectionsToAnswer: { zh: '待答复的异议', en: 'Objections to answer' },
  none: { zh: '没有。', en: 'None.' },
  uploadTheFileWithTheForm: { zh: '请通过表单上传文件。', en: 'Upload the file with the form.' },
  noFile: { zh: '没有文件。', en: 'No file.' },
  theFileMustBeCsvNdjson: {
    zh: '文件须为 CSV 文件，或每行一条 JSON 记录的文件。',
    en: 'Upload a .csv, .ndjson or .jsonl file.',
  },
  import: { zh: '导入', en: 'Import' },
  progress: { zh: '进度', en: 'Progress' },
  storedNew: { zh: '新存入', en: 'Stored (new)' },
  newVersions: { zh: '新版本', en: 'New versions' },
  thisPageRefreshesItselfEverySecond: { zh: '本页每秒自动刷新。', en: 'This page refreshes itself every second.' },
  backToTheConsole: { zh: '返回控制台', en: 'Back to the console' },
  whatWasWrong: { zh: '被拒的行及原因', en: 'The lines refused, and why' },
  lineNumber: (line: number) => ({ zh: `第 ${line} 行`, en: `Line ${line}` }),
  sourceRecordId: { zh: '来源编号', en: 'source record id' },
  theField: (name: string) => ({ zh: `有误的是“${name}”：`, en: `The field at fault is "${name}": ` }),
  moreRejects: (shown: number) => ({
    zh: `只列出前 ${shown} 行，其余请下载。`,
    en: `Only the first ${shown} are listed here; download them all.`,
  }),
  importError: {
    zh: '导入没有完成。已存入的记录保留；请检查文件后重新上传。',
    en: 'The import did not finish. The records stored are kept; check the file and upload it again.',
  },
  kilobytes: { zh: '千字节', en: 'KB' },
  objectionAgainst: { zh: '异议针对的记录', en: 'The record objected to' },
  subject: { zh: '当事人', en: 'Subject' },
  theSubjectSays: { zh: '当事人的异议理由', en: 'What the subject says is wrong' },
  theSubjectSStatement: { zh: '当事人声明', en: "The subject's statement" },
  evidence: { zh: '当事人提供的证据', en: 'Evidence the subject gave' },
  decided: { zh: '决定日期', en: 'Decided on' },
  answerDueBy: { zh: '答复期限', en: 'Answer due by' },
  outcomeRequired: { zh: '请选择答复结果。', en: 'Choose the outcome.' },
  correctedRecordHint: {
    zh: '各项已按现有记录填好：只改需要更正的项目。',
    en: 'Each field holds what the record says now: change only what needs correcting.',
  },
  fieldDecidedOn: { zh: '决定日期', en: 'Decided on' },
  fieldConductEndedOn: { zh: '行为终止日期', en: 'Conduct ended on' },
  fieldSourceRecordId: { zh: '来源编号', en: 'Source record id' },
  fieldKind: { zh: '信息类别', en: 'Kind of record' },
  fieldUscc: { zh: '统一社会信用代码', en: 'Unified Social Credit Code' },
  fieldResidentId: { zh: '身份证号码', en: 'Identity number' },
  fieldSubjectName: { zh: '主体名称', en: "Subject's name" },
  fieldFields: { zh: '记录内容', en: "The record's contents" },
  downloadRejected: (lines: number) => ({
    zh: `下载被拒的 ${lines} 行及原因（CSV）`,
    en: `Download the ${lines} rejected line(s) with their reasons (CSV)`,
  }),
} satisfies Messages

type Root = () => FastifyInstance

const CONTENT_TYPES = { csv: 'text/csv', ndjson: 'application/x-ndjson' } as const

// 'interrupted' is the API's view of a job whose process stopped: it says what to do
const statusName = (lang: Lang, status: string) =>
  status === 'interrupted' ? pick(lang, TEXT.interruptedUploadItAgainStoredRecords) : statusText(lang, status)

/** The envelope's own fields, by their pointer, as a reader names them. */
const ENVELOPE_FIELDS: Readonly<Record<string, keyof typeof TEXT>> = {
  '/decidedOn': 'fieldDecidedOn',
  '/conductEndedOn': 'fieldConductEndedOn',
  '/sourceRecordId': 'fieldSourceRecordId',
  '/kind': 'fieldKind',
  '/subject': 'fieldUscc',
  '/subject/uscc': 'fieldUscc',
  '/subject/residentId': 'fieldResidentId',
  '/subject/name': 'fieldSubjectName',
  '/fields': 'fieldFields',
}

/** The rule a value of this type keeps (the catalogue's type of an element; the envelope's dates). */
function ruleOfType(type: string | undefined): FieldRule | undefined {
  switch (type) {
    case 'date':
      return { keyword: 'format', format: 'date' }
    case 'code':
    case 'codes':
      return { keyword: 'enum' }
    case 'amount':
    case 'count':
    case 'score':
    case 'level':
    case 'year':
    case 'boolean':
      return { keyword: 'type' }
    case 'month':
    case 'identifier':
    case 'coded_string':
      return { keyword: 'pattern' }
    default:
      return undefined
  }
}

/** One rejected line in words: its number, its source record id, the problem's sentence, the field at fault and what it needs. */
export function rejectHtml(lang: Lang, words: CatalogueWords, r: RejectedLines['lines'][number]): string {
  const envelope = ENVELOPE_FIELDS[r.pointer]
  const element = /^\/fields\/([^/]+)/.exec(r.pointer)?.[1]
  const known =
    element === undefined ? undefined : words.anyElement.get(element.replace(/~1/g, '/').replace(/~0/g, '~'))
  const label = envelope ? pick(lang, TEXT[envelope] as { zh: string; en: string }) : known?.name[lang]
  const missing = /\brequired\b/.test(r.detail) ? ({ keyword: 'required' } as const) : undefined
  const rule =
    missing ??
    (r.pointer === '/decidedOn' || r.pointer === '/conductEndedOn' ? ruleOfType('date') : ruleOfType(known?.type))
  const at = `${pick(lang, TEXT.lineNumber(r.line))}${r.sourceRecordId ? `${lang === 'zh' ? '（' : ' ('}${esc(pick(lang, TEXT.sourceRecordId))} <span translate="no">${esc(r.sourceRecordId)}</span>${lang === 'zh' ? '）' : ')'}` : ''}`
  const why = problemWords(lang, r.code)
  const fieldWords = label
    ? ` ${esc(pick(lang, TEXT.theField(label)))}${esc(rule ? ruleText(lang, rule) : ruleText(lang, undefined))}`
    : ''
  return `<li><strong>${at}</strong>${lang === 'zh' ? '：' : ': '}${esc(why)}${fieldWords}</li>`
}

/** The record an objection is about, from the source's own view of the subject's file. */
function objectedRecord(file: CreditFile | undefined, o: Objection) {
  for (const c of file?.categories ?? []) for (const r of c.records) if (r.recordId === o.target.id) return r
  return undefined
}

/** Whom a record is about, as the correction form sends it: an organisation as the file shows it, a person typed again. */
const subjectOf = (file: CreditFile): RecordSubject =>
  file.subject.uscc ? { uscc: file.subject.uscc, name: file.subject.name } : { person: true }

export function sourceRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    /** What a correction of this objection's record is made from: the kind's elements and the record's identity. */
    const correctionOf = async (request: FastifyRequest, objectionId: string) => {
      const queue = await callApi(root, request, 'GET', '/v1/sources/me/objections')
      if (queue.statusCode !== 200) return undefined
      const o = (JSON.parse(queue.body) as SourceQueue).objections.find((x) => x.objectionId === objectionId)
      if (!o || o.target.kind === null || o.target.sourceRecordId === null) return undefined
      const [words, fileRes] = await Promise.all([
        catalogueWords(root, request),
        callApi(root, request, 'GET', `/v1/subjects/${encodeURIComponent(o.subjectId)}/file`),
      ])
      if (fileRes.statusCode !== 200) return undefined
      const file = JSON.parse(fileRes.body) as CreditFile
      return {
        elements: words.elements.get(o.target.kind) ?? new Map<string, PublishedElement>(),
        base: { kind: o.target.kind, sourceRecordId: o.target.sourceRecordId, subject: subjectOf(file) },
      }
    }

    portalBasics(app)
    // the API limits the size; here the file part is only streamed on
    await app.register(multipart, { limits: { files: 1, fields: 4, fileSize: Number.MAX_SAFE_INTEGER } })

    const failed = (reply: FastifyReply, lang: Lang, status: number, message: string) =>
      errorPage(reply, lang, status, message, '/source')
    const signedOut = (status: number) => status === 401 || status === 403

    /**
     * The answer form of one objection, keeping what was typed when the answer was refused; with the
     * record in view, its correction typed field by field (record-form.ts), starting from what it says now.
     */
    const answerForm = (
      lang: Lang,
      csrf: string,
      o: Objection,
      state: FormState | undefined,
      correction:
        | { elements: ReadonlyMap<string, PublishedElement>; record: RecordShown; subject: RecordSubject }
        | undefined,
    ) => {
      const form = `answer-${o.objectionId}`
      const chosen = state?.form === form ? state.values.outcome : undefined
      const outcomeError = state?.form === form ? state.errors.outcome : undefined
      const radio = (value: string, words: { zh: string; en: string }) =>
        `<label><input type="radio" name="outcome" value="${value}" required${chosen === value ? ' checked' : ''}${outcomeError ? ` aria-describedby="${form}-outcome-error"` : ''}> ${esc(pick(lang, words))}</label><br>`
      return `<form method="post" action="/source/objections/${esc(o.objectionId)}/answer">${formAlert(state, form)}<input type="hidden" name="csrf" value="${csrf}">
<fieldset><legend>${esc(pick(lang, TEXT.answer))}</legend>
${radio('verified', TEXT.verifiedTheRecordIsRight)}${radio('corrected', TEXT.correctedGiveTheCorrectedRecordAs)}${radio('withdrawn', TEXT.withdrawnTheRecordIsTakenBack)}${outcomeError ? `<small class="field-error" id="${form}-outcome-error">${esc(outcomeError)}</small>` : ''}</fieldset>
${field(state, form, { name: 'explanation', label: pick(lang, TEXT.explanationRequiredTheSubjectReadsIt), kind: 'textarea', required: true, maxlength: 4000, rows: 3, data: true })}
${correction ? `<details${state?.form === form && state.values.outcome === 'corrected' ? ' open' : ''}><summary>${esc(pick(lang, TEXT.correctedRecordOnlyWhenCorrected))}</summary><p class="muted">${esc(pick(lang, TEXT.correctedRecordHint))}</p>${recordFields(lang, state, form, correction.elements, correction.record, correction.subject)}</details>` : ''}
<button type="submit">${esc(pick(lang, TEXT.sendTheAnswer))}</button></form>`
    }

    /** The console: uploading, the imports, and the objections to answer, each with its record in view. */
    const consolePage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      state?: FormState,
    ): Promise<FastifyReply> => {
      const lang = languageOf(request)
      const [me, imports, objections] = await Promise.all(
        ['/v1/me', '/v1/imports', '/v1/sources/me/objections'].map((url) => callApi(root, request, 'GET', url)),
      )
      if (!me || !imports || !objections) throw new Error('unreachable')
      if (signedOut(imports.statusCode)) return reply.redirect('/signin', 303)
      const name = me.statusCode === 200 ? (JSON.parse(me.body) as Me).name : ''
      const jobs = (JSON.parse(imports.body) as ImportJobs).imports
      const queue = objections.statusCode === 200 ? (JSON.parse(objections.body) as SourceQueue).objections : []
      const words = await catalogueWords(root, request)
      // each subject's file as this source sees it (its own records), once per subject
      const subjects = [...new Set(queue.map((o) => o.subjectId))]
      const files = new Map(
        await Promise.all(
          subjects.map(async (id) => {
            const res = await callApi(root, request, 'GET', `/v1/subjects/${encodeURIComponent(id)}/file`)
            return [id, res.statusCode === 200 ? (JSON.parse(res.body) as CreditFile) : undefined] as const
          }),
        ),
      )
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const jobRows = jobs.map((j) => [
        `<a href="/source/imports/${esc(j.jobId)}" translate="no">${esc(j.fileName)}</a>`,
        esc(chinaTime(lang, j.startedAt)),
        esc(statusName(lang, j.status)),
        String(j.accepted + j.versioned),
        String(j.unchanged),
        String(j.rejected),
      ])
      const objectionItems = queue
        .map((o) => {
          const file = files.get(o.subjectId)
          const record = objectedRecord(file, o)
          const kind = o.target.kind ? (kindName(words, lang, o.target.kind) ?? o.target.kind) : ''
          const subject = file
            ? `<span translate="no">${esc(file.subject.name)}${file.subject.uscc ? ` · ${esc(file.subject.uscc)}` : file.subject.residentIdMasked ? ` · ${esc(file.subject.residentIdMasked)}` : ''}</span>`
            : ''
          const evidence = (o.evidence ?? []).map((e) => `<li translate="no">${esc(e.description)}</li>`).join('')
          return `<li id="objection-${esc(o.objectionId)}"><h3>${esc(kind)} <small class="muted" translate="no">${esc(o.target.sourceRecordId ?? '')}</small></h3>
<dl class="facts"><dt>${esc(pick(lang, TEXT.subject))}</dt><dd>${subject}</dd><dt>${esc(pick(lang, TEXT.answerDueBy))}</dt><dd>${esc(dayText(lang, o.dueOn))}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdueTheRecordIsHidden))}</span>` : ''}</dd>
<dt>${esc(pick(lang, TEXT.theSubjectSays))}</dt><dd translate="no">${esc(o.reasons ?? '')}</dd>${o.statement ? `<dt>${esc(pick(lang, TEXT.theSubjectSStatement))}</dt><dd translate="no">${esc(o.statement)}</dd>` : ''}${evidence ? `<dt>${esc(pick(lang, TEXT.evidence))}</dt><dd><ul>${evidence}</ul></dd>` : ''}</dl>
${record ? `<details open><summary>${esc(pick(lang, TEXT.objectionAgainst))}</summary><dl class="facts"><dt>${esc(pick(lang, TEXT.decided))}</dt><dd>${esc(dayText(lang, record.decidedOn))}</dd></dl>${recordFieldsHtml(lang, words.elements.get(record.kind), record.fields)}</details>` : ''}
${answerForm(lang, csrf, o, state, record && file ? { elements: words.elements.get(record.kind) ?? new Map(), record, subject: subjectOf(file) } : undefined)}</li>`
        })
        .join('')
      const uploadError = state?.form === 'upload' ? state.errors.file : undefined
      const body = `<h1>${esc(pick(lang, TEXT.sourceConsole))}: <span translate="no">${esc(name)}</span></h1>
${(request.query as Record<string, unknown>).answered ? `<p role="status"><strong>${esc(pick(lang, TEXT.yourAnswerIsRecorded))}</strong></p>` : ''}
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>
<h2>${esc(pick(lang, TEXT.uploadAFile))}</h2>
<form method="post" action="/source/imports" enctype="multipart/form-data">${formAlert(state, 'upload')}<input type="hidden" name="csrf" value="${csrf}">
<p class="field${uploadError ? ' invalid' : ''}"><label for="file">${esc(pick(lang, TEXT.aCsvOrNdjsonFileThe))}</label><input id="file" name="file" type="file" accept=".csv,.ndjson,.jsonl" required${uploadError ? ' aria-invalid="true" aria-describedby="file-error"' : ''}>${uploadError ? `<small class="field-error" id="file-error">${esc(uploadError)}</small>` : ''}</p>
<button type="submit">${esc(pick(lang, TEXT.uploadAndImport))}</button></form>
<h2>${esc(pick(lang, TEXT.imports))}</h2>${
        jobs.length === 0
          ? `<p>${esc(pick(lang, TEXT.noneYet))}</p>`
          : `<div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.imports))}">${table(
              [
                pick(lang, TEXT.file),
                pick(lang, TEXT.started),
                pick(lang, TEXT.status),
                pick(lang, TEXT.stored),
                pick(lang, TEXT.unchanged),
                pick(lang, TEXT.rejected),
              ],
              jobRows,
            )}</div>`
      }
<h2>${esc(pick(lang, TEXT.objectionsToAnswer))} (${queue.length})</h2>${queue.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : `<ul class="plain">${objectionItems}</ul>`}`
      return sendPrivate(reply, status, page(lang, { title: pick(lang, TEXT.sourceConsole), path: '/source', body }))
    }

    app.get('/source', pageRoute, async (request, reply) => consolePage(request, reply, 200))

    app.post('/source/imports', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const refused = (status: number, message: string) =>
        consolePage(request, reply, status, { form: 'upload', values: {}, errors: { file: message }, message })
      if (!request.isMultipart()) return refused(415, pick(lang, TEXT.uploadTheFileWithTheForm))
      const file = await request.file()
      if (!file) return refused(422, pick(lang, TEXT.noFile))
      const token = (file.fields.csrf as { value?: unknown } | undefined)?.value
      const format = formatOf(file.filename)
      if (!formTokenOk(request, token)) {
        file.file.resume()
        return failed(reply, lang, 403, problemWords(lang, 'auth.csrf'))
      }
      if (!format) {
        file.file.resume()
        return refused(415, pick(lang, TEXT.theFileMustBeCsvNdjson))
      }
      const res = await callApi(root, request, 'POST', `/v1/imports?fileName=${encodeURIComponent(file.filename)}`, {
        stream: file.file,
        contentType: CONTENT_TYPES[format],
      })
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 429)
        return refused(res.statusCode, problemText(res.body, lang))
      if (res.statusCode !== 202) return failed(reply, lang, res.statusCode, problemText(res.body, lang))
      return reply.redirect(`/source/imports/${(JSON.parse(res.body) as ImportJob).jobId}`, 303)
    })

    app.get('/source/imports/:id', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const id = encodeURIComponent((request.params as { id: string }).id)
      const res = await callApi(root, request, 'GET', `/v1/imports/${id}`)
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, t(lang, 'notFound'))
      const j = JSON.parse(res.body) as ImportJob
      const running = j.status === 'running'
      let rejects = ''
      if (!running && j.rejected > 0) {
        const [listed, words] = await Promise.all([
          callApi(root, request, 'GET', `/v1/imports/${id}/rejected-lines?limit=100`),
          catalogueWords(root, request),
        ])
        const lines =
          listed.statusCode === 200 ? (JSON.parse(listed.body) as RejectedLines) : { lines: [], more: false }
        rejects = `<h2>${esc(pick(lang, TEXT.whatWasWrong))}</h2><ul id="reject-lines">${lines.lines.map((r) => rejectHtml(lang, words, r)).join('')}</ul>
${lines.more ? `<p class="muted">${esc(pick(lang, TEXT.moreRejects(lines.lines.length)))}</p>` : ''}
<p><a id="rejects" href="/source/imports/${esc(j.jobId)}/rejects.csv" download>${esc(pick(lang, TEXT.downloadRejected(j.rejected)))}</a></p>`
      }
      const figure = (label: string, n: number) => `<div><dt>${esc(label)}</dt><dd>${n}</dd></div>`
      const body = `<h1>${esc(pick(lang, TEXT.import))}: <span translate="no">${esc(j.fileName)}</span></h1>
<p role="status" aria-live="polite">${esc(pick(lang, TEXT.status))}: <strong id="job-status">${esc(statusName(lang, j.status))}</strong></p>
<p><label for="progress">${esc(pick(lang, TEXT.progress))}</label> <progress id="progress" max="100" value="${j.percent}">${j.percent} %</progress> ${j.percent} % · ${Math.round(j.bytesRead / 1024)} / ${Math.round(j.bytesTotal / 1024)} ${esc(pick(lang, TEXT.kilobytes))}</p>
<dl class="figures">${figure(pick(lang, TEXT.storedNew), j.accepted)}${figure(pick(lang, TEXT.newVersions), j.versioned)}${figure(pick(lang, TEXT.unchanged), j.unchanged)}${figure(pick(lang, TEXT.rejected), j.rejected)}</dl>
${j.error && j.status !== 'interrupted' ? `<p role="alert">${esc(pick(lang, TEXT.importError))}</p>` : ''}
${rejects}
${running ? `<p class="muted">${esc(pick(lang, TEXT.thisPageRefreshesItselfEverySecond))}</p>` : ''}
<p><a href="/source">${esc(pick(lang, TEXT.backToTheConsole))}</a></p>`
      return sendPrivate(
        reply,
        200,
        page(lang, {
          title: pick(lang, TEXT.import),
          path: `/source/imports/${id}`,
          body,
          ...(running ? { head: '<meta http-equiv="refresh" content="1">' } : {}),
        }),
      )
    })

    app.get('/source/imports/:id/rejects.csv', pageRoute, async (request: FastifyRequest, reply) => {
      const res = await callApi(
        root,
        request,
        'GET',
        `/v1/imports/${encodeURIComponent((request.params as { id: string }).id)}/rejects`,
      )
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200)
        return failed(reply, languageOf(request), res.statusCode, t(languageOf(request), 'notFound'))
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', String(res.headers['content-disposition'] ?? 'attachment'))
        .send(res.body)
    })

    app.post('/source/objections/:id/answer', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const fields = (request.body ?? {}) as Record<string, string>
      const objectionId = (request.params as { id: string }).id
      const form = `answer-${objectionId}`
      // the record's fields (r.*, f.*) are kept as typed too
      const values: Record<string, string> = {
        ...Object.fromEntries(Object.entries(fields).filter(([name]) => /^[rf]\./.test(name))),
        outcome: fields.outcome ?? '',
        explanation: fields.explanation ?? '',
      }
      const again = (state: FormState) => consolePage(request, reply, 422, state)
      if (!formTokenOk(request, fields.csrf)) return failed(reply, lang, 403, problemWords(lang, 'auth.csrf'))
      if (values.outcome === '') {
        const message = pick(lang, TEXT.outcomeRequired)
        return again({ form, values, errors: { outcome: message }, message })
      }
      let record: unknown
      if (values.outcome === 'corrected') {
        const correction = await correctionOf(request, objectionId)
        if (!correction) return failed(reply, lang, 404, t(lang, 'notFound'))
        record = recordFromForm(fields, correction.elements, correction.base)
      }
      return submitForm(root, request, reply, {
        token: fields.csrf,
        url: `/v1/sources/me/objections/${encodeURIComponent(objectionId)}/answer`,
        json: {
          outcome: values.outcome,
          explanation: values.explanation,
          ...(record === undefined ? {} : { record }),
        },
        next: '/source?answered=1',
        back: '/source',
        again: {
          form,
          values,
          // a pointer into the corrected record is the record's field on the form
          fieldOf: (pointer) => /^\/(?:body\/)?(outcome|explanation)\b/.exec(pointer)?.[1] ?? recordFieldOf(pointer),
          show: again,
        },
      })
    })
  }
}
