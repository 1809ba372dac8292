/**
 * The portal's two languages. The choice comes from ?lang= (and is then remembered in a cookie), else
 * the cookie, else the browser's Accept-Language; Simplified Chinese when nothing says otherwise.
 */
import type { ImportJobsTable, ObjectionStatus, RepairApplicationsTable, ScoreModelsTable } from '../db/schema.ts'
import type { Standing } from '../modules/access/index.ts'
import type { Purpose } from '../modules/access/purposes.ts'
import type { BasisLapse, EntryStatus } from '../modules/lists/lists.machine.ts'
import {
  OBJECTION_ANSWER_DAYS,
  parseDuration,
  type RecordCategory,
  type SubjectType,
} from '../modules/catalogue/index.ts'
export type Lang = 'zh' | 'en'

/**
 * The portal's one way to words: a text in both languages, picked in the reader's (`pick`). The words
 * every page shares are keyed here (`t`); each page keeps its own in its exported TEXT, `satisfies
 * Messages`, so a text missing a language does not compile; a text built from values is such a pair too.
 */
export type Text = Readonly<Record<Lang, string>>
/** A page's words: texts, and texts built from values (a function of them giving the pair). */
export type Messages = Readonly<Record<string, Text | ((...values: never[]) => Text)>>

export const messages = {
  siteName: { zh: 'Fides 公共信用信息平台', en: 'Fides public credit information' },
  skip: { zh: '跳到正文', en: 'Skip to content' },
  navSearch: { zh: '查询', en: 'Search' },
  navStatistics: { zh: '问责统计', en: 'Accountability statistics' },
  navCatalogue: { zh: '信息目录', en: 'Catalogue' },
  navApi: { zh: '接口文档', en: 'API' },
  otherLanguage: { zh: 'English', en: '中文' },
  searchTitle: { zh: '查询企业和机构的公共信用信息', en: 'Look up the public credit information of an organisation' },
  searchLabel: { zh: '名称的一部分或统一社会信用代码', en: 'Part of the name, or the Unified Social Credit Code' },
  searchButton: { zh: '查询', en: 'Search' },
  searchHint: {
    zh: '个人没有公开档案，无法查询。',
    en: 'Natural persons have no public file and cannot be looked up.',
  },
  results: { zh: '查询结果', en: 'Results' },
  noResults: { zh: '没有找到。', en: 'Nothing found.' },
  moreResults: {
    zh: '还有更多符合的组织，请输入更完整的名称或统一社会信用代码。',
    en: 'More organisations match: type more of the name, or the Unified Social Credit Code.',
  },
  uscc: { zh: '统一社会信用代码', en: 'USCC' },
  publicRecords: { zh: '公开信息', en: 'Public records' },
  noPublicRecords: { zh: '目前没有公开的信用信息。', en: 'No public credit information at present.' },
  decidedOn: { zh: '决定日期', en: 'Decided' },
  publicUntil: { zh: '公示至', en: 'Public until' },
  source: { zh: '来源', en: 'Source' },
  kind: { zh: '类别', en: 'Kind' },
  underObjection: { zh: '异议处理中', en: 'under objection' },
  statement: { zh: '本单位说明', en: "The organisation's statement" },
  grade: { zh: '信用等级', en: 'Credit grade' },
  gradeNone: { zh: '尚未评级', en: 'Not rated yet' },
  ratedOn: { zh: '评价日期', en: 'rated on' },
  listEntries: { zh: '名单', en: 'Lists' },
  noListEntries: { zh: '不在任何公开名单上。', en: 'On no public list.' },
  legalBasis: { zh: '法律依据', en: 'Legal basis' },
  term: { zh: '期限', en: 'Term' },
  howToObject: {
    zh: `如认为信息有误，本单位可登录后提出异议；来源机构须在${OBJECTION_ANSWER_DAYS}日内答复。信用修复见“申请修复”。`,
    en: `If this is wrong, the organisation can sign in and object; the source must answer within ${OBJECTION_ANSWER_DAYS} days. Credit repair: apply after fulfilling the obligation.`,
  },
  statisticsTitle: {
    zh: '问责统计：名单的列入、移出和异议',
    en: 'Accountability: list entries, removals and objections',
  },
  listKind: { zh: '名单', en: 'List' },
  proposed: { zh: '提出', en: 'Proposed' },
  listed: { zh: '列入', en: 'Listed' },
  rejected: { zh: '不予列入', en: 'Rejected' },
  annulled: { zh: '撤销（异议成立或依据失效）', en: 'Annulled (on objection, or its basis fell)' },
  removed: { zh: '提前移出', en: 'Removed early' },
  expired: { zh: '期满移出', en: 'Expired' },
  active: { zh: '在列', en: 'Active' },
  navSignIn: { zh: '登录', en: 'Sign in' },
  navMine: { zh: '我的信用档案', en: 'My file' },
  signOut: { zh: '退出', en: 'Sign out' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  signInFailed: { zh: '用户名或密码不正确。', en: 'The username or password is not right.' },
  mineTitle: { zh: '我的信用档案', en: 'My credit file' },
  mineIntro: {
    zh: '这里是平台保存的关于您的全部记录，免费、不限次数。',
    en: 'Everything the platform holds on you, free and as often as you like.',
  },
  records: { zh: '记录', en: 'Records' },
  noRecords: { zh: '平台没有关于您的记录。', en: 'The platform holds no records on you.' },
  standing: { zh: '状态', en: 'Standing' },
  objectTo: { zh: '提出异议', en: 'Object' },
  reasons: { zh: '异议理由', en: 'Why it is wrong' },
  objectionFiled: {
    zh: `异议已提交，来源机构须在${OBJECTION_ANSWER_DAYS}日内答复。`,
    en: `Your objection is filed: the source must answer within ${OBJECTION_ANSWER_DAYS} days.`,
  },
  objectionDue: { zh: '答复期限', en: 'Answer due' },
  whoLooked: { zh: '谁查询了我的档案', en: 'Who looked at my file' },
  noInquiries: { zh: '还没有人查询。', en: 'Nobody has looked yet.' },
  when: { zh: '时间', en: 'When' },
  who: { zh: '查询方', en: 'Who' },
  purpose: { zh: '目的', en: 'Purpose' },
  download: { zh: '下载全部信息', en: 'Download everything' },
  printable: { zh: '可打印的报告', en: 'Printable report' },
  consents: { zh: '我的授权', en: 'My consents' },
  noConsents: { zh: '没有授权。', en: 'No consents.' },
  until: { zh: '有效至', en: 'Until' },
  revoke: { zh: '撤销', en: 'Revoke' },
  revoked: { zh: '已撤销', en: 'revoked' },
  notices: { zh: '给我的通知', en: 'Notices to me' },
  noNotices: { zh: '没有通知。', en: 'No notices.' },
  notFound: { zh: '没有这个页面。', en: 'There is no such page.' },
  error: { zh: '出错了，请稍后再试。', en: 'Something went wrong; please try again later.' },
  everyoneAll: { zh: '所有组织和自然人', en: 'every organisation and natural person' },
  organisationsAll: { zh: '各类组织（不含自然人）', en: 'organisations of every kind (not natural persons)' },
  navLists: { zh: '红黑名单', en: 'Red and black lists' },
  navPublicity: { zh: '行政许可和处罚', en: 'Licences and penalties' },
  navHelp: { zh: '帮助', en: 'Help' },
  navCharter: { zh: '平台章程', en: 'Charter' },
} satisfies Record<string, Text>

export type MessageKey = keyof typeof messages

export const t = (lang: Lang, key: MessageKey): string => messages[key][lang]

/** A localised pair from the catalogue, in the reader's language. */
export const pick = (lang: Lang, text: Text): string => text[lang]

type Status =
  | EntryStatus
  | ObjectionStatus
  | RepairApplicationsTable['status']
  | ScoreModelsTable['status']
  | ImportJobsTable['status']

// every status the API can answer has its Chinese name (checked when compiling)
const STATUS_ZH: Record<Status, string> = {
  // list entries
  proposed: '已提议',
  noticed: '已告知（异议期）',
  objection_filed: '已提出异议',
  heard: '已听证',
  active: '生效中',
  rejected: '不予列入',
  expired: '期满移出',
  removed_early: '提前移出',
  annulled: '已撤销',
  // objections
  open: '待答复',
  escalated: '已提交决定',
  verified: '经核实无误',
  corrected: '已更正',
  withdrawn: '已撤回',
  upheld: '异议成立',
  dismissed: '异议不成立',
  lapsed: '已失效',
  // repair applications, models, imports
  submitted: '已提交',
  feedback_given: '已反馈',
  approved: '已批准',
  refused: '未批准',
  published: '已发布',
  running: '导入中',
  done: '完成',
  failed: '失败',
  interrupted: '已中断',
}

const STANDING: Record<Standing, { zh: string; en: string }> = {
  current: { zh: '有效', en: 'current' },
  under_objection: { zh: '异议处理中', en: 'under objection' },
  suppressed: { zh: '来源逾期未答复，暂停展示', en: 'hidden: the source is late to answer' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  erased: { zh: '已删除（仅保留痕迹）', en: 'erased (a tombstone remains)' },
}

/** A record's standing in words, the same in every view that shows it. */
export const standingText = (lang: Lang, standing: string): string =>
  pick(
    lang,
    (STANDING as Record<string, { zh: string; en: string }>)[standing] ?? {
      zh: standing,
      en: standing.replace(/_/g, ' '),
    },
  )

const BASIS_LAPSE: Record<BasisLapse, { zh: string; en: string }> = {
  basis_withdrawn: {
    zh: '所依据的信用记录已撤回，名单条目随之撤销',
    en: 'the record it rested on was withdrawn, so the list entry is annulled',
  },
  basis_corrected: {
    zh: '所依据的信用记录经异议更正，名单条目随之撤销',
    en: 'the record it rested on was corrected on objection, so the list entry is annulled',
  },
  basis_revoked: {
    zh: '所依据的决定已被撤销或确认违法、无效，名单条目随之撤销',
    en: 'the decision it rested on was revoked or found unlawful or void, so the list entry is annulled',
  },
  basis_erased: {
    zh: '所依据的信用记录保存期满已删除，名单条目随之撤销',
    en: 'the record it rested on was erased at the end of its retention, so the list entry is annulled',
  },
}

/** Why a list entry was annulled with its basis record, in words (undefined for anything else). */
export const basisLapseText = (lang: Lang, code: unknown): string | undefined =>
  typeof code === 'string' && Object.hasOwn(BASIS_LAPSE, code) ? pick(lang, BASIS_LAPSE[code as BasisLapse]) : undefined

/** A status code in words: Chinese from the table, English as the code reads (so the two never disagree on what it is). */
export const statusText = (lang: Lang, code: string): string =>
  lang === 'zh' ? ((STATUS_ZH as Record<string, string>)[code] ?? code) : code.replace(/_/g, ' ')

const PURPOSE_ZH: Record<Purpose, string> = {
  credit_application: '信贷申请',
  account_review: '贷后管理',
  judgment_collection: '判决执行',
  public_procurement_check: '政府采购审查',
  licensing_check: '行政许可审查',
  regulatory_supervision: '监管',
  subject_request: '本人查询',
}

const CATEGORY_ZH: Record<RecordCategory, string> = {
  administrative_penalties: '行政处罚',
  commendations: '表彰奖励',
  environment: '生态环境',
  finance: '金融信贷',
  judicial: '司法',
  labour: '劳动用工',
  licensing: '行政许可',
  market_supervision: '市场监管',
  product_safety: '产品质量安全',
  public_contracts: '合同履约',
  public_procurement: '政府采购',
  tax: '纳税',
}

/** A record category in words. */
export const categoryText = (lang: Lang, code: string): string =>
  lang === 'zh' ? ((CATEGORY_ZH as Record<string, string>)[code] ?? code) : code.replace(/_/g, ' ')

/** A declared purpose in words. */
export const purposeText = (lang: Lang, code: string): string =>
  lang === 'zh' ? ((PURPOSE_ZH as Record<string, string>)[code] ?? code) : code.replace(/_/g, ' ')

export function langOf(
  query: Record<string, unknown>,
  cookie: string | undefined,
  acceptLanguage: string | undefined,
): { lang: Lang; remember: boolean } {
  if (query.lang === 'zh' || query.lang === 'en') return { lang: query.lang, remember: true }
  if (cookie === 'zh' || cookie === 'en') return { lang: cookie, remember: false }
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? ''
  return { lang: first.startsWith('en') ? 'en' : 'zh', remember: false }
}

/**
 * A period in words, never as written in the catalogue (an ISO 8601 duration such as P1Y6M):
 * "1 year and 6 months", "1年6个月". A text that is not a period comes back as it is.
 */
export function durationText(lang: Lang, iso: string): string {
  let d
  try {
    d = parseDuration(iso)
  } catch {
    return iso
  }
  const parts: [number, string, string, string][] = [
    [d.years, '年', 'year', 'years'],
    [d.months, '个月', 'month', 'months'],
    [d.weeks, '周', 'week', 'weeks'],
    [d.days, '天', 'day', 'days'],
  ]
  const used = parts.filter(([n]) => n > 0)
  if (used.length === 0) return lang === 'zh' ? '0天' : 'no time'
  if (lang === 'zh') return used.map(([n, zh]) => `${n}${zh}`).join('')
  const words = used.map(([n, , one, many]) => `${n} ${n === 1 ? one : many}`)
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`
}

const SUBJECT_TYPES_TEXT: Record<SubjectType, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'enterprises' },
  individual_business: { zh: '个体工商户', en: 'individual businesses' },
  cooperative: { zh: '农民专业合作社', en: "farmers' cooperatives" },
  social_organisation: { zh: '社会组织', en: 'social organisations' },
  public_body: { zh: '机关和事业单位', en: 'public bodies' },
  other_organisation: { zh: '其他组织', en: 'other organisations' },
  person: { zh: '自然人', en: 'natural persons' },
}

/** Whom something may describe, in words: "organisations of every kind" when it is all of them. */
export function subjectTypesText(lang: Lang, types: readonly string[]): string {
  const all = Object.keys(SUBJECT_TYPES_TEXT)
  const organisations = all.filter((t) => t !== 'person')
  const has = (list: readonly string[]) => list.every((t) => types.includes(t))
  if (has(all)) return t(lang, 'everyoneAll')
  if (has(organisations) && types.length === organisations.length) return t(lang, 'organisationsAll')
  const words = types.map((t) =>
    pick(
      lang,
      (SUBJECT_TYPES_TEXT as Record<string, { zh: string; en: string }>)[t] ?? { zh: t, en: t.replace(/_/g, ' ') },
    ),
  )
  return words.join(lang === 'zh' ? '、' : ', ')
}

const CHINA_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/**
 * A moment as people in China read it: its date and time in China time (UTC+8, no summer time),
 * saying so ("2026-12-05 09:30 北京时间", "2026-12-05 09:30 China time"). Timestamps are kept in
 * UTC; a page never shows one bare.
 */
export function chinaTime(lang: Lang, iso: string | Date): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso
  if (Number.isNaN(at.getTime())) return typeof iso === 'string' ? iso : ''
  const parts = Object.fromEntries(CHINA_TIME.formatToParts(at).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${lang === 'zh' ? '北京时间' : 'China time'}`
}

/** The China date of a moment (YYYY-MM-DD), for a timestamp shown as a day. */
export const chinaDay = (iso: string | Date): string => chinaTime('en', iso).slice(0, 10)
