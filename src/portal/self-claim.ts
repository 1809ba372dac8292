/**
 * The claimant's page while its account is not (or no longer) on the way to a file: its claim awaiting
 * an officer, with the identity documents given and a form to give one more; or refused, with the
 * reason in words and the officer's own words. From GET /v1/me/claim; a document goes to
 * POST /v1/me/claim/document (the form is self-service.ts's, which streams the file on).
 */
import type { OwnClaim } from './api.ts'
import { chinaDay, type Lang, type Messages, pick } from './i18n.ts'
import { formAlert, type FormState } from './http.ts'
import { esc } from './layout.ts'
import { dayText } from './report-fields.ts'
import { awaitingBody, awaitingTitle } from './self-register.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  documentsGiven: { zh: '已提交的身份证件', en: 'Identity documents given' },
  noDocumentsYet: {
    zh: '尚未提交。您可以在这里上传身份证件（个人）或营业执照和授权书（组织），以便核验。',
    en: "None yet. You can upload your identity card (a person), or the business licence and the organisation's letter of authority, for the officer to check.",
  },
  giveADocument: { zh: '提交一份证件', en: 'Give a document' },
  send: { zh: '上传', en: 'Upload' },
  documentGiven: {
    zh: '证件已收到，加密保存。信用官员每次打开它都会被记录。',
    en: 'The document is in, stored encrypted. Each time an officer opens it is recorded.',
  },
  givenOn: (day: string) => ({ zh: `${day}提交`, en: `given on ${day}` }),
  refusedTitle: { zh: '您的认领申请未获核验', en: 'Your claim was refused' },
  refusedOn: (day: string) => ({
    zh: `信用管理部门于${day}驳回了您的认领申请，理由如下：`,
    en: `The credit authority refused your claim on ${day}, for this reason:`,
  }),
  officerWrote: { zh: '信用官员的说明：', en: 'The officer wrote:' },
  refusedMeans: {
    zh: '这个账户看不到任何档案。如果您确是本人或组织授权的代表，可以带齐证件重新注册，或联系信用管理部门。',
    en: 'This account sees no file. If you are the person, or a representative the organisation has authorised, register again with the documents, or contact the credit authority.',
  },
  registerAgain: { zh: '重新注册', en: 'Register again' },
} satisfies Messages

const data = (s: string) => `<span translate="no">${esc(s)}</span>`

/** The documents given with the claim, each by its name and day. */
function documentsList(lang: Lang, claim: OwnClaim): string {
  if (claim.documents.length === 0) return `<p>${esc(pick(lang, TEXT.noDocumentsYet))}</p>`
  return `<ul>${claim.documents
    .map(
      (d) =>
        `<li>${data(d.documentName)} · ${esc(pick(lang, TEXT.givenOn(dayText(lang, chinaDay(d.uploadedAt)))))}</li>`,
    )
    .join('')}</ul>`
}

/** The page's title for the claim. */
export const claimTitle = (lang: Lang, claim: OwnClaim): string =>
  claim.status === 'refused' ? pick(lang, TEXT.refusedTitle) : awaitingTitle(lang)

/**
 * The claim's page body: `documentField` is the form's file field, `csrf` the session's form token,
 * `state` a refused upload (its sentence beside the field), `given` after an upload went in.
 */
export function claimBody(
  lang: Lang,
  claim: OwnClaim,
  parts: { csrf: string; documentField: string; signOut: string; state?: FormState; given: boolean },
): string {
  if (claim.status === 'refused' && claim.refusal) {
    const r = claim.refusal
    return `<h1>${esc(pick(lang, TEXT.refusedTitle))}</h1>
<p role="status">${esc(pick(lang, TEXT.refusedOn(dayText(lang, chinaDay(r.refusedAt)))))}</p>
<p><strong>${esc(pick(lang, r.reasonText))}</strong></p>
${r.note ? `<p>${esc(pick(lang, TEXT.officerWrote))} ${data(r.note)}</p>` : ''}
<p>${esc(pick(lang, TEXT.refusedMeans))}</p>
<p><a href="/register">${esc(pick(lang, TEXT.registerAgain))}</a></p>${parts.signOut}`
  }
  const form = 'claim-document'
  const upload = `<h2>${esc(pick(lang, TEXT.giveADocument))}</h2>${formAlert(parts.state, form)}
<form method="post" action="/me/claim/document" enctype="multipart/form-data" novalidate><input type="hidden" name="csrf" value="${esc(parts.csrf)}"><input type="hidden" name="form" value="${form}">
${parts.documentField}<button type="submit">${esc(pick(lang, TEXT.send))}</button></form>`
  return awaitingBody(
    lang,
    `${parts.given ? `<p role="status">${esc(pick(lang, TEXT.documentGiven))}</p>` : ''}<h2>${esc(pick(lang, TEXT.documentsGiven))}</h2>${documentsList(lang, claim)}${upload}${parts.signOut}`,
  )
}
