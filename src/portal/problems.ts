/**
 * What the API refused, in a person's words: every problem code as a sentence in both languages (a
 * closed table: a code without its sentence does not compile), and each field's broken rule (the
 * schema keyword and its bound, never Ajv's English or a JSON pointer) as a sentence for the field.
 */
import type { ErrorCode, FieldRule } from '../platform/app-error.ts'
import type { Problem } from './api.ts'
import { type Lang, type Text, pick } from './i18n.ts'

/** Every problem the API can answer, as a person reads it. */
export const PROBLEM_WORDS = {
  'request.invalid': {
    zh: '表单中有需要更正的内容，请看标出的字段。',
    en: 'Something in the form needs correcting: see the fields marked.',
  },
  'request.unsupported_media_type': {
    zh: '无法读取所提交的内容格式。',
    en: 'What was sent is in a form that cannot be read.',
  },
  'request.too_large': { zh: '提交的内容太大。', en: 'What was sent is too large.' },
  'request.rate_limited': {
    zh: '请求过于频繁，请稍候再试。',
    en: 'Too many requests at once: wait a moment and try again.',
  },
  'route.not_found': { zh: '没有这个页面。', en: 'There is no such page.' },
  'auth.missing_credentials': { zh: '请先登录。', en: 'Please sign in first.' },
  'auth.invalid_credentials': { zh: '用户名或密码不正确。', en: 'The username or password is not right.' },
  'auth.forbidden': { zh: '您的账户无权进行此操作。', en: 'Your account may not do this.' },
  'auth.csrf': {
    zh: '表单已过期（可能是在另一个窗口重新登录了）。请重新打开页面再提交。',
    en: 'The form has expired (perhaps you signed in again in another window). Open the page again and resend it.',
  },
  'auth.throttled': {
    zh: '尝试次数过多，请稍候再试。',
    en: 'Too many attempts: please wait a while before trying again.',
  },
  'account.not_verified': {
    zh: '您的账户尚未经工作人员核验身份，核验后才能查看档案。',
    en: 'An officer has not yet verified who you are; your file opens once they have.',
  },
  'account.username_taken': { zh: '这个用户名已被使用，请换一个。', en: 'That username is taken: choose another.' },
  'account.weak_password': {
    zh: '密码的长度不合要求，请看标出的字段。',
    en: 'The password is not of the length needed: see the field marked.',
  },
  'account.not_found': { zh: '找不到这个账户。', en: 'No such account.' },
  'account.subject_already_verified': {
    zh: '该主体已有一个经核验的账户。如确需再核验一个，请写明理由。',
    en: 'This subject already has a verified account. To verify another, give the reason.',
  },
  'account.claim_settled': {
    zh: '这个认领申请已经核验或驳回，不能再作决定或补充材料。',
    en: 'This claim was verified or refused already: it cannot be decided again, nor given more documents.',
  },
  'account.claim_documents_full': {
    zh: '这个认领申请已提交了允许的最多份数证件。',
    en: 'This claim has as many documents as it may have.',
  },
  'catalogue.version_not_found': { zh: '没有这个目录版本。', en: 'There is no such catalogue version.' },
  'subject.invalid_uscc': {
    zh: '统一社会信用代码不正确：应为 18 位，最后一位是校验码。请核对。',
    en: 'The Unified Social Credit Code is not valid: it has 18 characters, the last a check character. Please check it.',
  },
  'subject.invalid_resident_id': {
    zh: '身份证号码不正确：应为 18 位，最后一位是校验码（数字或 X）。请核对。',
    en: 'The identity number is not valid: it has 18 characters, the last a check digit (a digit or X). Please check it.',
  },
  'subject.missing_identifier': {
    zh: '请填写统一社会信用代码或身份证号码。',
    en: 'Give the Unified Social Credit Code or the identity number.',
  },
  'subject.not_found': { zh: '平台上没有这个主体的信息。', en: 'Fides holds nothing on this subject.' },
  'record.kind_not_in_catalogue': {
    zh: '信息目录中没有这个信息类别。',
    en: 'The catalogue has no such kind of record.',
  },
  'record.kind_not_authorised': {
    zh: '本单位未被授权报送这一类信息。',
    en: 'Your agency is not authorised to submit this kind of record.',
  },
  'record.subject_type_not_applicable': {
    zh: '这一类信息不适用于该类主体。',
    en: 'This kind of record does not apply to this type of subject.',
  },
  'record.invalid_fields': {
    zh: '记录的内容有误，请看标出的字段。',
    en: "The record's contents are not right: see the fields marked.",
  },
  'record.invalid_envelope': {
    zh: '记录不完整或有误，请看标出的字段。',
    en: 'The record is incomplete or wrong: see the fields marked.',
  },
  'record.date_in_future': { zh: '日期不能晚于今天。', en: 'A date cannot be later than today.' },
  'record.date_order': {
    zh: '行为结束日期不能晚于决定日期。',
    en: 'The conduct cannot have ended after the decision on it.',
  },
  'record.identifier_in_text': {
    zh: '文字中不能写身份证号码或统一社会信用代码，它们有专门的字段。',
    en: 'Do not write an identity number or a credit code in the text: they have fields of their own.',
  },
  'record.inexact_number': {
    zh: '数字位数过多，无法精确保存。',
    en: 'A number has more digits than can be kept exactly.',
  },
  'record.batch_too_large': {
    zh: '一次提交的记录太多，请分批提交。',
    en: 'Too many records at once: send them in parts.',
  },
  'import.not_found': { zh: '找不到这次导入。', en: 'No such import.' },
  'import.empty': { zh: '文件中没有记录。', en: 'The file holds no records.' },
  'evidence.empty': { zh: '所附文件是空的。', en: 'The attached file is empty.' },
  'evidence.content_mismatch': {
    zh: '所附文件的内容与其类型不符（例如标为 PDF 却不是 PDF 文件）。请附上 PDF 文件、PNG 或 JPEG 图片、纯文本文件本身。',
    en: 'The attached file is not what its type says (for example, named .pdf but not a PDF). Attach the PDF, PNG or JPEG image, or plain text file itself.',
  },
  'evidence.unknown_document': {
    zh: '引用的证明文件不存在或不属于您。',
    en: 'The document cited does not exist or is not yours.',
  },
  'evidence.not_found': { zh: '找不到这份证明文件。', en: 'No such document.' },
  'record.retention_expired': {
    zh: '这条记录的保存期限已过，不能再报送。',
    en: 'This record is past its retention period and can no longer be submitted.',
  },
  'record.not_found': { zh: '找不到这条记录。', en: 'No such record.' },
  'objection.not_found': { zh: '找不到这项异议。', en: 'No such objection.' },
  'objection.already_undecided': {
    zh: '这条信息已有一项正在处理的异议。',
    en: 'An objection to this is already being handled.',
  },
  'objection.item_erased': { zh: '这条信息已被删除。', en: 'This item has been erased.' },
  'objection.item_withdrawn': { zh: '这条信息已被撤回。', en: 'This item has been withdrawn.' },
  'objection.decided': { zh: '这项异议已经作出决定。', en: 'This objection has been decided already.' },
  'objection.not_escalated': {
    zh: '这项异议尚未转交平台处理。',
    en: 'This objection has not been passed to the platform.',
  },
  'objection.decide_on_the_entry': {
    zh: '对名单列入的异议，在该名单条目的决定中一并处理。',
    en: "An objection to a listing is decided with the entry's decision.",
  },
  'list.kind_unknown': { zh: '没有这种名单。', en: 'There is no such list.' },
  'list.entry_not_found': { zh: '找不到这个名单条目。', en: 'No such list entry.' },
  'list.refused': {
    zh: '名单条目目前的状态不允许这一步骤。',
    en: "The entry's present state does not allow this step.",
  },
  'list.basis_not_effective': {
    zh: '所引用的记录已不再有效（已撤回、暂停展示、删除、被撤销或正在异议中），不能据以作出此步骤。',
    en: 'The record this rests on no longer holds (withdrawn, suppressed, erased, revoked or under objection), so this step cannot be taken on it.',
  },
  'list.agency_not_allowed': {
    zh: '只能从列出的机关中选择决定机关：它须是有权报送该名单所依据记录的机关。',
    en: 'Choose the deciding agency from those listed: only an authority that submits the records this list rests on can decide.',
  },
  'check.domain_not_registered': {
    zh: '本部门未登记这一领域。',
    en: 'Your department is not registered for this domain.',
  },
  'rating.not_found': { zh: '没有评级。', en: 'No rating.' },
  'rating.not_public': { zh: '该评级不公开。', en: 'This rating is not public.' },
  'model.invalid': { zh: '模型文件有误。', en: 'The model file is not valid.' },
  'model.protected_feature': {
    zh: '模型使用了依章程不得使用的信息。',
    en: 'The model uses information that the charter forbids.',
  },
  'model.input_not_allowed': {
    zh: '模型使用了该用途不允许的信息。',
    en: 'The model uses information this purpose does not allow.',
  },
  'model.purpose_not_for_scores': { zh: '这一用途不得使用评分。', en: 'This purpose may not use scores.' },
  'model.not_found': { zh: '找不到这个模型。', en: 'No such model.' },
  'model.already_withdrawn': { zh: '这个模型已经撤下。', en: 'This model has been withdrawn already.' },
  'score.purpose_not_for_scores': { zh: '这一用途不得使用评分。', en: 'This purpose may not use scores.' },
  'score.no_model': { zh: '这一用途没有已发布的模型。', en: 'No model is published for this purpose.' },
  'score.bad_features': {
    zh: '评分所需的信息不完整或有误。',
    en: 'The information the score needs is incomplete or wrong.',
  },
  'score.feature_from_file': {
    zh: '这项信息由平台根据信用档案计算，放款机构不得提供。',
    en: 'This information is computed from the credit file; a lender may not send it.',
  },
  'score.protected_feature': {
    zh: '评分使用了依章程不得使用的信息。',
    en: 'The score uses information that the charter forbids.',
  },
  'repair.not_found': { zh: '找不到这项信用修复申请。', en: 'No such repair application.' },
  'repair.not_repairable': {
    zh: '该记录已不能修复（已撤回、暂停展示、删除或不再公示）。',
    en: 'The record can no longer be repaired (withdrawn, suppressed, erased or no longer published).',
  },
  'repair.too_early': {
    zh: '还未到可以申请信用修复的时间（最短公示期未满）。',
    en: 'It is too early to apply for repair: the minimum publication period has not passed.',
  },
  'repair.pending': {
    zh: '这条记录已有一项正在处理的修复申请。',
    en: 'A repair application for this record is already being handled.',
  },
  'repair.wrong_step': {
    zh: '修复申请目前的状态不允许这一步骤。',
    en: "The application's present state does not allow this step.",
  },
  'objection.correction_unchanged': {
    zh: '更正后的内容与原记录相同。',
    en: 'The correction is the same as the record.',
  },
  'objection.correction_other_record': {
    zh: '更正必须针对异议所指的那条记录。',
    en: 'A correction must be to the record objected to.',
  },
  'source.webhook_invalid': {
    zh: '回调地址不正确：须为 https 地址。',
    en: 'The webhook address is not valid: it must be an https address.',
  },
  'source.not_found': { zh: '找不到这个报送单位。', en: 'No such source.' },
  'access.purpose_unknown': { zh: '没有这种查询用途。', en: 'There is no such purpose.' },
  'access.purpose_not_registered': {
    zh: '本机构未登记这一查询用途。',
    en: 'Your organisation is not registered for this purpose.',
  },
  'access.purpose_not_for_subject': {
    zh: '这一用途不能用于查询该类主体。',
    en: 'This purpose does not apply to this type of subject.',
  },
  'access.consent_required': {
    zh: '查询个人信息须经本人授权，本机构没有该人对这一用途的有效授权。',
    en: "Looking at a person's file needs their consent, and your organisation holds no valid consent of theirs for this purpose.",
  },
  'consent.invalid': { zh: '授权内容有误，请看标出的字段。', en: 'The consent is not right: see the fields marked.' },
  'consent.not_found': { zh: '找不到这项授权。', en: 'No such consent.' },
  'relying_party.not_found': { zh: '找不到这个机构。', en: 'No such organisation.' },
  'relying_party.name_taken': { zh: '这个名称已被使用。', en: 'That name is taken.' },
  'department.name_taken': { zh: '这个名称已被使用。', en: 'That name is taken.' },
  'department.domain_unknown': { zh: '没有这个领域。', en: 'There is no such domain.' },
  'log.size_unknown': { zh: '透明日志没有这个大小。', en: 'The transparency log has no such size.' },
  'log.leaf_unknown': { zh: '透明日志中没有这一项。', en: 'The transparency log has no such entry.' },
  'log.not_ready': {
    zh: '透明日志尚未就绪，请稍候再试。',
    en: 'The transparency log is not ready yet: try again shortly.',
  },
  'log.tile_not_found': { zh: '透明日志中没有这一部分。', en: 'The transparency log has no such part.' },
  'source.name_taken': { zh: '这个名称已被使用。', en: 'That name is taken.' },
  'text.forbidden_category': {
    zh: '文字涉及平台依章程永不收集或使用的信息类别（如宗教、政治、民族、健康、亲属关系等）。请写明记录在案的行为和法律依据。',
    en: 'The text speaks of a kind of information Fides never holds or uses (religion, politics, ethnicity, health, relations and the like). Give the conduct on record and the legal basis instead.',
  },
  'text.control_character': {
    zh: '文字中有不可见的控制字符，请重新输入。',
    en: 'The text holds an invisible control character: please type it again.',
  },
  'parse.invalid_json': { zh: '文件的一行无法读取。', en: 'A line of the file cannot be read.' },
  'parse.not_an_object': { zh: '文件的一行不是一条记录。', en: 'A line of the file is not a record.' },
  'parse.line_too_long': { zh: '文件的一行太长。', en: 'A line of the file is too long.' },
  'parse.unterminated_quote': { zh: '文件中有未闭合的引号。', en: 'A quotation mark in the file is not closed.' },
  'parse.field_count': {
    zh: '文件一行的栏数与表头不符。',
    en: 'A line of the file has more or fewer columns than its header.',
  },
  'parse.invalid_encoding': { zh: '文件不是 UTF-8 编码。', en: 'The file is not in UTF-8.' },
  'parse.empty_header': { zh: '文件的表头有空栏。', en: "The file's header has an empty column." },
  'parse.duplicate_header': { zh: '文件的表头有重复的栏。', en: "The file's header names a column twice." },
  'parse.inexact_number': {
    zh: '数字位数过多，无法精确保存。',
    en: 'A number has more digits than can be kept exactly.',
  },
  internal: { zh: '平台出错了，请稍后再试。', en: 'Something went wrong on our side: please try again later.' },
} as const satisfies Record<ErrorCode, Text>

/** What a form's field was refused for, as a person reads it (the rule's keyword and bound). */
export function ruleText(lang: Lang, rule: FieldRule | undefined): string {
  const n = rule?.limit
  const words: Text = (() => {
    switch (rule?.keyword) {
      case 'required':
        return { zh: '请填写这一项。', en: 'Please fill this in.' }
      case 'minLength':
        return n === 1
          ? { zh: '请填写这一项。', en: 'Please fill this in.' }
          : { zh: `请至少写 ${n} 个字。`, en: `Write at least ${n} characters.` }
      case 'maxLength':
        return { zh: `最多 ${n} 个字，请缩短。`, en: `At most ${n} characters: please shorten it.` }
      case 'minimum':
        return { zh: `不能小于 ${n}。`, en: `It cannot be less than ${n}.` }
      case 'maximum':
        return { zh: `不能大于 ${n}。`, en: `It cannot be more than ${n}.` }
      case 'minItems':
        return { zh: `请至少选择 ${n} 项。`, en: `Choose at least ${n}.` }
      case 'maxItems':
        return { zh: `最多选择 ${n} 项。`, en: `Choose at most ${n}.` }
      case 'format':
        return rule.format === 'date'
          ? { zh: '请填写日期，如 2026-12-05。', en: 'Give a date, like 2026-12-05.' }
          : rule.format === 'email'
            ? { zh: '请填写电子邮件地址。', en: 'Give an e-mail address.' }
            : rule.format === 'uri'
              ? { zh: '请填写网址。', en: 'Give a web address.' }
              : { zh: '格式不正确，请核对。', en: 'This is not in the right form: please check it.' }
      case 'enum':
      case 'const':
        return { zh: '请从列出的选项中选择。', en: 'Choose one of the options given.' }
      case 'type':
        return {
          zh: '请填写正确的内容（如数字或日期）。',
          en: 'Give the right kind of value (a number or a date, say).',
        }
      case 'pattern':
        return { zh: '格式不正确，请核对。', en: 'This is not in the right form: please check it.' }
      default:
        return { zh: '这一项需要更正。', en: 'This needs correcting.' }
    }
  })()
  return pick(lang, words)
}

/** A problem+json body, or undefined when the body is not one. */
export function parseProblem(body: string): Problem | undefined {
  try {
    const problem = JSON.parse(body) as Partial<Problem>
    return typeof problem.code === 'string' && Array.isArray(problem.errors) ? (problem as Problem) : undefined
  } catch {
    return undefined
  }
}

/** The sentence for a problem's code; a code the table lacks (an older server) reads as an error. */
export function problemWords(lang: Lang, code: string): string {
  const words = (PROBLEM_WORDS as Record<string, Text>)[code]
  return pick(lang, words ?? PROBLEM_WORDS.internal)
}

/** Whether the problem is the visitor's to fix (their input), not the platform's fault. */
export const isInputProblem = (status: number): boolean => status >= 400 && status < 500 && status !== 429
