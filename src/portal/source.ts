/**
 * The source console: a source's staff upload a CSV or NDJSON file (a plain multipart form, no
 * script), watch its import (the page refreshes itself each second while it runs), download the
 * rejected lines with their reasons, and answer the objections against the source's records. Every
 * step is an API call made as the signed-in account (POST /v1/imports streams the file on).
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { formatOf } from '../modules/records/index.ts'
import type { ImportJob, ImportJobs, Me, SourceQueue } from './api.ts'
import { chinaTime, type Lang, type Messages, pick, statusText, t } from './i18n.ts'
import {
  portalBasics,
  callApi,
  cookie,
  CSRF_COOKIE,
  errorPage,
  formRoute,
  formTokenOk,
  languageOf,
  pageRoute,
  problemText,
  sendPrivate,
  submitForm,
} from './http.ts'
import { esc, page } from './layout.ts'

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
    zh: '已更正（填写更正后的记录 JSON）',
    en: 'Corrected (give the corrected record as JSON)',
  },
  withdrawnTheRecordIsTakenBack: { zh: '撤回该记录', en: 'Withdrawn: the record is taken back' },
  explanationRequiredTheSubjectReadsIt: {
    zh: '说明（必填，告知当事人）',
    en: 'Explanation (required; the subject reads it)',
  },
  correctedRecordOnlyWhenCorrected: { zh: '更正后的记录（仅更正时）', en: 'Corrected record (only when corrected)' },
  sendTheAnswer: { zh: '提交答复', en: 'Send the answer' },
  sourceConsole: { zh: '报送机构控制台', en: 'Source console' },
  yourAnswerIsRecorded: { zh: '答复已提交。', en: 'Your answer is recorded.' },
  uploadAFile: { zh: '上传文件', en: 'Upload a file' },
  aCsvOrNdjsonFileThe: {
    zh: 'CSV 或 NDJSON 文件（列与 fides import 相同）',
    en: 'A CSV or NDJSON file (the columns of fides import)',
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
  theFileMustBeCsvNdjson: { zh: '文件须为 .csv、.ndjson 或 .jsonl。', en: 'The file must be .csv, .ndjson or .jsonl.' },
  import: { zh: '导入', en: 'Import' },
  progress: { zh: '进度', en: 'Progress' },
  storedNew: { zh: '新存入', en: 'Stored (new)' },
  newVersions: { zh: '新版本', en: 'New versions' },
  thisPageRefreshesItselfEverySecond: { zh: '本页每秒自动刷新。', en: 'This page refreshes itself every second.' },
  backToTheConsole: { zh: '返回控制台', en: 'Back to the console' },
  theCorrectedRecordMustBeJson: { zh: '更正后的记录须为 JSON。', en: 'The corrected record must be JSON.' },
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

export function sourceRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    // the API limits the size; here the file part is only streamed on
    await app.register(multipart, { limits: { files: 1, fields: 4, fileSize: Number.MAX_SAFE_INTEGER } })

    const failed = (reply: FastifyReply, lang: Lang, status: number, message: string) =>
      errorPage(reply, lang, status, message, '/source')
    const signedOut = (status: number) => status === 401 || status === 403

    app.get('/source', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const [me, imports, objections] = await Promise.all(
        ['/v1/me', '/v1/imports', '/v1/sources/me/objections'].map((url) => callApi(root, request, 'GET', url)),
      )
      if (!me || !imports || !objections) throw new Error('unreachable')
      if (signedOut(imports.statusCode)) return reply.redirect('/signin', 303)
      const name = me.statusCode === 200 ? (JSON.parse(me.body) as Me).name : ''
      const jobs = (JSON.parse(imports.body) as ImportJobs).imports
      const queue = objections.statusCode === 200 ? (JSON.parse(objections.body) as SourceQueue).objections : []
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const jobRows = jobs
        .map(
          (j) =>
            `<tr><td><a href="/source/imports/${esc(j.jobId)}">${esc(j.fileName)}</a></td><td>${esc(chinaTime(lang, j.startedAt))}</td><td>${esc(statusName(lang, j.status))}</td><td>${j.accepted + j.versioned}</td><td>${j.unchanged}</td><td>${j.rejected}</td></tr>`,
        )
        .join('')
      const objectionRows = queue
        .map(
          (
            o,
          ) => `<li id="objection-${esc(o.objectionId)}"><p><strong>${esc(o.target.kind ?? '')}</strong> ${esc(o.target.sourceRecordId ?? '')} · ${esc(t(lang, 'objectionDue'))} ${esc(o.dueOn)}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdueTheRecordIsHidden))}</span>` : ''}</p>
<p>${esc(t(lang, 'reasons'))}: ${esc(o.reasons ?? '')}</p>
<form method="post" action="/source/objections/${esc(o.objectionId)}/answer"><input type="hidden" name="csrf" value="${csrf}">
<fieldset><legend>${esc(pick(lang, TEXT.answer))}</legend>
<label><input type="radio" name="outcome" value="verified" required> ${esc(pick(lang, TEXT.verifiedTheRecordIsRight))}</label><br>
<label><input type="radio" name="outcome" value="corrected"> ${esc(pick(lang, TEXT.correctedGiveTheCorrectedRecordAs))}</label><br>
<label><input type="radio" name="outcome" value="withdrawn"> ${esc(pick(lang, TEXT.withdrawnTheRecordIsTakenBack))}</label></fieldset>
<p><label for="explanation-${esc(o.objectionId)}">${esc(pick(lang, TEXT.explanationRequiredTheSubjectReadsIt))}</label><br><textarea id="explanation-${esc(o.objectionId)}" name="explanation" required maxlength="4000" rows="3" cols="40"></textarea></p>
<p><label for="record-${esc(o.objectionId)}">${esc(pick(lang, TEXT.correctedRecordOnlyWhenCorrected))}</label><br><textarea id="record-${esc(o.objectionId)}" name="record" maxlength="100000" rows="3" cols="40"></textarea></p>
<button type="submit">${esc(pick(lang, TEXT.sendTheAnswer))}</button></form></li>`,
        )
        .join('')
      const body = `<h1>${esc(pick(lang, TEXT.sourceConsole))}: ${esc(name)}</h1>
${(request.query as Record<string, unknown>).answered ? `<p role="status"><strong>${esc(pick(lang, TEXT.yourAnswerIsRecorded))}</strong></p>` : ''}
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>
<h2>${esc(pick(lang, TEXT.uploadAFile))}</h2>
<form method="post" action="/source/imports" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${csrf}">
<p><label for="file">${esc(pick(lang, TEXT.aCsvOrNdjsonFileThe))}</label><br><input id="file" name="file" type="file" accept=".csv,.ndjson,.jsonl" required></p>
<button type="submit">${esc(pick(lang, TEXT.uploadAndImport))}</button></form>
<h2>${esc(pick(lang, TEXT.imports))}</h2>${jobs.length === 0 ? `<p>${esc(pick(lang, TEXT.noneYet))}</p>` : `<table><thead><tr><th scope="col">${esc(pick(lang, TEXT.file))}</th><th scope="col">${esc(pick(lang, TEXT.started))}</th><th scope="col">${esc(pick(lang, TEXT.status))}</th><th scope="col">${esc(pick(lang, TEXT.stored))}</th><th scope="col">${esc(pick(lang, TEXT.unchanged))}</th><th scope="col">${esc(pick(lang, TEXT.rejected))}</th></tr></thead><tbody>${jobRows}</tbody></table>`}
<h2>${esc(pick(lang, TEXT.objectionsToAnswer))} (${queue.length})</h2>${queue.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : `<ul class="plain">${objectionRows}</ul>`}`
      return sendPrivate(reply, 200, page(lang, { title: pick(lang, TEXT.sourceConsole), path: '/source', body }))
    })

    app.post('/source/imports', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      if (!request.isMultipart()) return failed(reply, lang, 415, pick(lang, TEXT.uploadTheFileWithTheForm))
      const file = await request.file()
      if (!file) return failed(reply, lang, 400, pick(lang, TEXT.noFile))
      const token = (file.fields.csrf as { value?: unknown } | undefined)?.value
      const format = formatOf(file.filename)
      if (!formTokenOk(request, token) || !format) {
        file.file.resume()
        return failed(
          reply,
          lang,
          formTokenOk(request, token) ? 415 : 403,
          format ? t(lang, 'error') : pick(lang, TEXT.theFileMustBeCsvNdjson),
        )
      }
      const res = await callApi(root, request, 'POST', `/v1/imports?fileName=${encodeURIComponent(file.filename)}`, {
        stream: file.file,
        contentType: CONTENT_TYPES[format],
      })
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
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
      const figure = (label: string, n: number) => `<div><dt>${esc(label)}</dt><dd>${n}</dd></div>`
      const body = `<h1>${esc(pick(lang, TEXT.import))}: ${esc(j.fileName)}</h1>
<p role="status" aria-live="polite">${esc(pick(lang, TEXT.status))}: <strong id="job-status">${esc(statusName(lang, j.status))}</strong></p>
<p><label for="progress">${esc(pick(lang, TEXT.progress))}</label> <progress id="progress" max="100" value="${j.percent}">${j.percent} %</progress> ${j.percent} % · ${Math.round(j.bytesRead / 1024)} / ${Math.round(j.bytesTotal / 1024)} KB</p>
<dl class="figures">${figure(pick(lang, TEXT.storedNew), j.accepted)}${figure(pick(lang, TEXT.newVersions), j.versioned)}${figure(pick(lang, TEXT.unchanged), j.unchanged)}${figure(pick(lang, TEXT.rejected), j.rejected)}</dl>
${j.error && j.status !== 'interrupted' ? `<p role="alert">${esc(j.error)}</p>` : ''}
${!running && j.rejected > 0 ? `<p><a id="rejects" href="/source/imports/${esc(j.jobId)}/rejects.csv" download>${esc(pick(lang, TEXT.downloadRejected(j.rejected)))}</a></p>` : ''}
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
      const fields = (request.body ?? {}) as Record<string, string>
      let record: unknown
      if (fields.outcome === 'corrected') {
        try {
          record = JSON.parse(fields.record ?? '')
        } catch {
          return failed(reply, languageOf(request), 400, pick(languageOf(request), TEXT.theCorrectedRecordMustBeJson))
        }
      }
      return submitForm(root, request, reply, {
        token: fields.csrf,
        url: `/v1/sources/me/objections/${encodeURIComponent((request.params as { id: string }).id)}/answer`,
        json: {
          outcome: fields.outcome ?? '',
          explanation: fields.explanation ?? '',
          ...(record === undefined ? {} : { record }),
        },
        next: '/source?answered=1',
        back: '/source',
      })
    })
  }
}
