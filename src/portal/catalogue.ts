/**
 * The public catalogue page (`/catalogue`): every record kind with its data elements in words, the list
 * kinds and the measures that may follow them, the version history with each version's audit event, and
 * what changed between two versions chosen in a plain form. Built from GET /v1/catalogue,
 * /v1/catalogue/versions and /v1/catalogue/diff, called in-process like every public page.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import {
  BASIC_LIST_GROUPS,
  MEASURE_DOMAIN_NAMES,
  type CatalogueDiffView,
  type CatalogueType,
  type PublishedCatalogue,
  type PublishedElement,
  type PublishedKind,
  type StoredVersionView,
  type Versions,
} from '../modules/catalogue/index.ts'
import { callApi, languageOf, pageRoute, portalBasics } from './http.ts'
import { chinaTime, categoryText, durationText, type Lang, type Messages, pick, subjectTypesText, t } from './i18n.ts'
import { esc, page } from './layout.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  aDate: { zh: '日期', en: 'a date' },
  aMonthYearAndMonth: { zh: '年月', en: 'a month (year and month)' },
  anAmountInYuanCny: { zh: '金额（人民币元）', en: 'an amount in yuan (CNY)' },
  anAmountInTheRecordS: { zh: '金额（以记录所填币种计）', en: "an amount in the record's currency" },
  yesOrNo: { zh: '是或否', en: 'yes or no' },
  other: { zh: '其他', en: 'other' },
  notShownToThePublic: { zh: '不向社会公示', en: 'not shown to the public' },
  noCreditRepair: { zh: '不适用信用修复', en: 'no credit repair' },
  yes: { zh: '可以', en: 'yes' },
  category: { zh: '类别', en: 'Category' },
  whomItMayDescribe: { zh: '适用对象', en: 'Whom it may describe' },
  nature: { zh: '性质', en: 'Nature' },
  disclosure: { zh: '公开方式', en: 'Disclosure' },
  publicDisplay: { zh: '公示期', en: 'Public display' },
  retention: { zh: '保存期限', en: 'Retention' },
  creditRepair: { zh: '信用修复', en: 'Credit repair' },
  optional: { zh: '（选填）', en: '(optional)' },
  readAboutANaturalPersonOnly: {
    zh: '自然人的此项信息须经本人同意方可查询',
    en: 'read about a natural person only with their consent',
  },
  dataElement: { zh: '数据项', en: 'Data element' },
  whatItHolds: { zh: '内容', en: 'What it holds' },
  mayDescribe: { zh: '可描述的对象', en: 'Whom it may describe' },
  mayBePublic: { zh: '可否公开', en: 'May be public' },
  typeOfList: { zh: '名单类型', en: 'Type of list' },
  areasOfSeriousBreach: { zh: '严重失信领域', en: 'Areas of serious breach' },
  whomItMayList: { zh: '适用对象', en: 'Whom it may list' },
  recordsThatMayGroundAnEntry: { zh: '列入依据的记录', en: 'Records that may ground an entry' },
  criteria: { zh: '列入标准', en: 'Criteria' },
  notListedWhen: { zh: '不予列入的情形', en: 'Not listed when' },
  term: { zh: '期限', en: 'Term' },
  timeToObject: { zh: '异议期', en: 'Time to object' },
  earlyRemoval: { zh: '提前移出', en: 'Early removal' },
  answers: { zh: '针对：', en: 'answers: ' },
  noMeasureFollowsThisList: { zh: '没有措施随此名单适用。', en: 'No measure follows this list.' },
  measure: { zh: '措施', en: 'Measure' },
  effectAndDomain: { zh: '性质和领域', en: 'Effect and domain' },
  longestTerm: { zh: '最长期限', en: 'Longest term' },
  carriedOutBy: { zh: '实施部门', en: 'Carried out by' },
  legalProvision: { zh: '法律依据', en: 'Legal provision' },
  items: { zh: '限制事项', en: 'Items' },
  theMeasuresThatMayFollowIt: { zh: '随之适用的措施', en: 'The measures that may follow it' },
  none: { zh: '无', en: 'none' },
  recordKinds: { zh: '信息类别目录', en: 'Record kinds' },
  listsAndMeasures: { zh: '名单和措施目录', en: 'Lists and measures' },
  inForce: { zh: '现行', en: 'in force' },
  catalogue: { zh: '目录', en: 'Catalogue' },
  version: { zh: '版本', en: 'Version' },
  publishedOn: { zh: '发布日期', en: 'Published on' },
  loadedHereAt: { zh: '本平台载入时间', en: 'Loaded here at' },
  theAuditEventThatRecordedIt: { zh: '记录它的审计事件', en: 'The audit event that recorded it' },
  versionHistory: { zh: '版本历史', en: 'Version history' },
  noneInBrackets: { zh: '（无）', en: '(none)' },
  was: { zh: '：原为', en: ': was ' },
  now: { zh: '，现为', en: '; now ' },
  oneOfTheVersionsIsIn: {
    zh: '其中一个版本采用较早的格式，数据项只按名称和是否必填比较。',
    en: 'One of the versions is in the earlier format: data elements are compared by name and whether they are required only.',
  },
  required: { zh: '（必填）', en: ' (required)' },
  optionalAfter: { zh: '（选填）', en: ' (optional)' },
  dataElementsAdded: { zh: '新增数据项：', en: 'Data elements added: ' },
  dataElementsRemoved: { zh: '删除数据项：', en: 'Data elements removed: ' },
  nothingDiffersBetweenTheTwoVersions: {
    zh: '两个版本之间没有差别。',
    en: 'Nothing differs between the two versions.',
  },
  fromVersion: { zh: '从版本', en: 'From version' },
  toVersion: { zh: '到版本', en: 'to version' },
  compare: { zh: '比较', en: 'Compare' },
  thereIsNoSuchVersion: { zh: '没有这个版本。', en: 'There is no such version.' },
  theCatalogueOfCreditInformation: { zh: '公共信用信息目录', en: 'The catalogue of credit information' },
  onThisPage: { zh: '本页目录', en: 'On this page' },
  recordKindsShort: { zh: '信息类别', en: 'Record kinds' },
  listsAndMeasuresShort: { zh: '名单和措施', en: 'Lists and measures' },
  whatChanged: { zh: '有何变化', en: 'What changed' },
  eachVersionSContentHashAnd: {
    zh: '每个版本的内容哈希和记录它的审计事件；任何人都可以在透明日志中核验该事件。',
    en: "Each version's content hash and the audit event that recorded it; anyone can check that event in the transparency log.",
  },
  catalogueTitle: { zh: '信息目录', en: 'Catalogue' },
  semicolon: { zh: '；', en: '; ' },
  comma: { zh: '，', en: ', ' },
} satisfies Messages

type Localised = { zh: string; en: string }
type Words = Record<string, Localised>
type Published = PublishedCatalogue
type Section = CatalogueDiffView['sections'][number]
type Changed = Section['changed'][number]

const POLARITY: Words = {
  positive: { zh: '正面信息', en: 'positive' },
  negative: { zh: '负面信息', en: 'negative' },
  neutral: { zh: '中性信息', en: 'neutral' },
}
const SEVERITY: Words = {
  minor: { zh: '轻微', en: 'minor' },
  general: { zh: '一般', en: 'general' },
  serious: { zh: '严重', en: 'serious' },
}
const DISCLOSURE: Words = {
  public: { zh: '向社会公开', en: 'public' },
  restricted: { zh: '不公开，仅依法查询', en: 'not public: shown only for a declared lawful purpose' },
  consent_required: { zh: '不公开，查询须经本人同意', en: "not public: read only with the subject's consent" },
}
const RETENTION_FROM: Words = {
  decision: { zh: '自决定之日起', en: 'from the decision' },
  conduct_end: { zh: '自行为终止之日起', en: 'from the end of the conduct' },
}
const LIST_TYPE: Words = {
  black: { zh: '严重失信主体名单', en: 'black list (serious breach of trust)' },
  red: { zh: '守信激励名单', en: 'red list (commendation)' },
}
const AREA: Words = {
  health_and_safety: { zh: '危害人民群众生命健康安全', en: "endangering people's life and health" },
  market_order: {
    zh: '严重破坏市场公平竞争秩序和社会正常秩序',
    en: 'seriously disrupting fair competition and the social order',
  },
  defiance_of_court_order: {
    zh: '拒不履行法定义务，严重影响司法机关、行政机关公信力',
    en: "refusing legal obligations, seriously undermining courts' and authorities' credibility",
  },
  national_defence: { zh: '拒不履行国防义务', en: 'refusing national defence duties' },
}
const EFFECT: Words = {
  restriction: { zh: '惩戒（限制）', en: 'restriction' },
  incentive: { zh: '激励', en: 'incentive' },
}
const APPLIES_TO: Words = { listed_subject: { zh: '仅名单主体本身', en: 'the listed subject only' } }
const COUNT_UNIT: Words = {
  persons: { zh: '人数', en: 'persons' },
  accounts: { zh: '账户数', en: 'accounts' },
  months: { zh: '月数', en: 'months' },
  days: { zh: '天数', en: 'days' },
}

/** A code in words from one of the tables above; as it reads, if unknown (a version of another time). */
const word = (lang: Lang, table: Words, code: string | null | undefined): string =>
  code === null || code === undefined
    ? '—'
    : table[code]
      ? pick(lang, table[code])
      : lang === 'zh'
        ? code
        : code.replace(/_/g, ' ')
const yesNo = (lang: Lang, yes: boolean) => pick(lang, { zh: yes ? '是' : '否', en: yes ? 'yes' : 'no' })
const list = (lang: Lang, items: readonly string[]) => items.join(pick(lang, TEXT.semicolon))

/** What an element holds, in words: "text of up to 500 characters", "one of: …". */
export function valueText(
  lang: Lang,
  e: Pick<PublishedElement, 'type' | 'bounds' | 'unit' | 'values' | 'legend'>,
): string {
  const b = e.bounds
  const labels = () =>
    list(
      lang,
      e.values.map((v) => (lang === 'zh' ? v.zh : v.en)),
    )
  switch (e.type) {
    case 'identifier':
      return b.minLength !== undefined && b.minLength === b.maxLength
        ? pick(lang, { zh: `编号，${b.maxLength}个字符`, en: `an identifier of exactly ${b.maxLength} characters` })
        : pick(lang, { zh: `编号，最多${b.maxLength}个字符`, en: `an identifier of up to ${b.maxLength} characters` })
    case 'name':
      return pick(lang, { zh: `名称，最多${b.maxLength}个字`, en: `a name of up to ${b.maxLength} characters` })
    case 'text':
      return pick(lang, {
        zh: `文字，最多${b.maxLength}个字（个人身份号码和姓名入库时遮蔽）`,
        en: `text of up to ${b.maxLength} characters (identity numbers and persons' names are masked when it arrives)`,
      })
    case 'date':
      return pick(lang, TEXT.aDate)
    case 'month':
      return pick(lang, TEXT.aMonthYearAndMonth)
    case 'year':
      return pick(lang, {
        zh: `年份（${b.minimum}年至${b.maximum}年）`,
        en: `a year from ${b.minimum} to ${b.maximum}`,
      })
    case 'code':
      return pick(lang, { zh: `下列之一：${labels()}`, en: `one of: ${labels()}` })
    case 'codes':
      return b.maxItems !== undefined && b.maxItems < e.values.length
        ? pick(lang, {
            zh: `下列一项或多项（最多${b.maxItems}项）：${labels()}`,
            en: `one or more (at most ${b.maxItems}) of: ${labels()}`,
          })
        : pick(lang, { zh: `下列一项或多项：${labels()}`, en: `one or more of: ${labels()}` })
    case 'amount': {
      const unit = e.unit === 'CNY' ? pick(lang, TEXT.anAmountInYuanCny) : pick(lang, TEXT.anAmountInTheRecordS)
      return b.maximum !== undefined
        ? unit + pick(lang, { zh: `，不超过${b.maximum}`, en: `, at most ${b.maximum}` })
        : unit
    }
    case 'count': {
      const unit = word(lang, COUNT_UNIT, e.unit)
      const range = [
        b.minimum !== undefined ? pick(lang, { zh: `不少于${b.minimum}`, en: `at least ${b.minimum}` }) : '',
        b.maximum !== undefined ? pick(lang, { zh: `不超过${b.maximum}`, en: `at most ${b.maximum}` }) : '',
      ].filter(Boolean)
      return pick(lang, {
        zh: `${unit}（整数${range.length ? '，' + range.join('，') : ''}）`,
        en: `a whole number of ${unit}${range.length ? ', ' + range.join(', ') : ''}`,
      })
    }
    case 'score':
      return pick(lang, { zh: `分数（${b.minimum}至${b.maximum}）`, en: `a score from ${b.minimum} to ${b.maximum}` })
    case 'boolean':
      return pick(lang, TEXT.yesOrNo)
    case 'coded_string':
      return pick(lang, {
        zh: `${b.length}位代码：${e.legend?.zh ?? ''}`,
        en: `${b.length} coded characters: ${e.legend?.en ?? ''}`,
      })
    default:
      return pick(lang, TEXT.other)
  }
}

/** A table that scrolls sideways inside its own box on a narrow screen (focusable, so a keyboard can scroll it). */
const scrolling = (label: string, html: string) =>
  `<div class="scroll" role="region" aria-label="${esc(label)}" tabindex="0">${html}</div>`

function displayText(lang: Lang, kind: Pick<PublishedKind, 'display' | 'disclosure'>): string {
  if (kind.display === null || kind.disclosure !== 'public') return pick(lang, TEXT.notShownToThePublic)
  const { window, maxWindow } = kind.display
  return window === maxWindow
    ? pick(lang, {
        zh: `自决定之日起公示${durationText(lang, window)}`,
        en: `shown publicly for ${durationText(lang, window)} from the decision`,
      })
    : pick(lang, {
        zh: `自决定之日起公示${durationText(lang, window)}，延长后最长${durationText(lang, maxWindow)}`,
        en: `shown publicly for ${durationText(lang, window)} from the decision, ${durationText(lang, maxWindow)} at most if extended`,
      })
}

const retentionText = (lang: Lang, r: PublishedKind['retention']) =>
  pick(lang, {
    zh: `${word(lang, RETENTION_FROM, r.from)}满${durationText(lang, r.period)}后删除`,
    en: `erased ${durationText(lang, r.period)} ${word(lang, RETENTION_FROM, r.from)}`,
  })

function repairText(lang: Lang, kind: Pick<PublishedKind, 'repairable' | 'minimumPublication'>): string {
  if (!kind.repairable) return pick(lang, TEXT.noCreditRepair)
  return kind.minimumPublication
    ? pick(lang, {
        zh: `可以，最短公示${durationText(lang, kind.minimumPublication)}后`,
        en: `yes, after at least ${durationText(lang, kind.minimumPublication)} of publication`,
      })
    : pick(lang, TEXT.yes)
}

/**
 * An element's description with the other elements it names (by their field names, e.g. historyThrough)
 * named in words instead: the dictionary's texts are written for sources, the page for people.
 */
function describedIn(lang: Lang, description: string, names: ReadonlyMap<string, Localised>): string {
  return description.replace(/\b[a-z]+[A-Z][A-Za-z]*\b/g, (code) => {
    const name = names.get(code)
    return name ? pick(lang, { zh: `“${name.zh}”`, en: `"${name.en}"` }) : code
  })
}

function kindSection(lang: Lang, k: PublishedKind, names: ReadonlyMap<string, Localised>): string {
  const facts: [string, string][] = [
    [pick(lang, TEXT.category), categoryText(lang, k.category)],
    [pick(lang, TEXT.whomItMayDescribe), subjectTypesText(lang, k.subjectTypes)],
    [
      pick(lang, TEXT.nature),
      word(lang, POLARITY, k.polarity) +
        (k.severity
          ? pick(lang, { zh: `（${word(lang, SEVERITY, k.severity)}）`, en: ` (${word(lang, SEVERITY, k.severity)})` })
          : ''),
    ],
    [pick(lang, TEXT.disclosure), word(lang, DISCLOSURE, k.disclosure)],
    [pick(lang, TEXT.publicDisplay), displayText(lang, k)],
    [pick(lang, TEXT.retention), retentionText(lang, k.retention)],
    [pick(lang, TEXT.creditRepair), repairText(lang, k)],
    [t(lang, 'legalBasis'), pick(lang, k.legalBasis)],
  ]
  const rows = k.elements
    .map(
      (e) =>
        `<tr><th scope="row">${esc(pick(lang, e.name))}${e.required ? '' : ` <span class="muted">${esc(pick(lang, TEXT.optional))}</span>`}<br><small class="muted">${esc(describedIn(lang, pick(lang, e.description), names))}</small></th>` +
        `<td>${esc(valueText(lang, e))}</td><td>${esc(subjectTypesText(lang, e.subjectTypes))}${e.personsNeedConsent ? `<br><small>${esc(pick(lang, TEXT.readAboutANaturalPersonOnly))}</small>` : ''}</td><td>${esc(yesNo(lang, e.mayBePublic))}</td></tr>`,
    )
    .join('')
  const name = pick(lang, k.name)
  const table = `<table><caption class="sr-only">${esc(pick(lang, { zh: `${name}的数据项`, en: `The data elements of ${name}` }))}</caption><thead><tr><th scope="col">${esc(pick(lang, TEXT.dataElement))}</th><th scope="col">${esc(pick(lang, TEXT.whatItHolds))}</th><th scope="col">${esc(pick(lang, TEXT.mayDescribe))}</th><th scope="col">${esc(pick(lang, TEXT.mayBePublic))}</th></tr></thead><tbody>${rows}</tbody></table>`
  return `<section id="kind-${esc(k.code)}" aria-labelledby="kind-${esc(k.code)}-h"><h3 id="kind-${esc(k.code)}-h">${esc(name)}</h3>
<dl class="facts">${facts.map(([dt, dd]) => `<dt>${esc(dt)}</dt><dd>${esc(dd)}</dd>`).join('')}</dl>
${scrolling(pick(lang, { zh: `${name}的数据项`, en: `The data elements of ${name}` }), table)}</section>`
}

function listsSection(lang: Lang, c: Published, kindName: (code: string) => string): string {
  const { listKinds, measures } = c.lists
  return listKinds
    .map((lk) => {
      const name = pick(lang, lk.name)
      const facts: [string, string][] = [
        [pick(lang, TEXT.typeOfList), word(lang, LIST_TYPE, lk.type)],
        ...(lk.areas.length > 0
          ? [
              [
                pick(lang, TEXT.areasOfSeriousBreach),
                list(
                  lang,
                  lk.areas.map((a) => word(lang, AREA, a)),
                ),
              ] as [string, string],
            ]
          : []),
        [pick(lang, TEXT.whomItMayList), subjectTypesText(lang, lk.subjectTypes)],
        [pick(lang, TEXT.recordsThatMayGroundAnEntry), list(lang, lk.basisKinds.map(kindName))],
        [
          pick(lang, TEXT.criteria),
          list(
            lang,
            lk.criteria.map((x) => pick(lang, x.name)),
          ),
        ],
        ...(lk.exclusions.length > 0
          ? [
              [
                pick(lang, TEXT.notListedWhen),
                list(
                  lang,
                  lk.exclusions.map((x) => pick(lang, x.name)),
                ),
              ] as [string, string],
            ]
          : []),
        [
          pick(lang, TEXT.term),
          pick(lang, {
            zh: `一般${durationText(lang, lk.term.default)}，最长${durationText(lang, lk.term.max)}`,
            en: `${durationText(lang, lk.term.default)} as a rule, ${durationText(lang, lk.term.max)} at most`,
          }),
        ],
        [
          pick(lang, TEXT.timeToObject),
          pick(lang, {
            zh: `书面告知后${durationText(lang, lk.objectionWindow)}`,
            en: `${durationText(lang, lk.objectionWindow)} after written notice`,
          }),
        ],
        ...(lk.earlyRemoval.length > 0
          ? [
              [
                pick(lang, TEXT.earlyRemoval),
                list(
                  lang,
                  lk.earlyRemoval.map((r) =>
                    pick(lang, {
                      zh: `${r.name.zh}（${r.withinWorkingDays}个工作日内）`,
                      en: `${r.name.en} (within ${r.withinWorkingDays} working days)`,
                    }),
                  ),
                ),
              ] as [string, string],
            ]
          : []),
        [pick(lang, TEXT.disclosure), word(lang, DISCLOSURE, lk.disclosure)],
        [t(lang, 'legalBasis'), pick(lang, lk.legalBasis)],
      ]
      const following = measures.filter((m) => m.listKind === lk.code)
      const rows = following
        .map(
          (m) =>
            `<tr><th scope="row">${esc(pick(lang, m.name))}<br><small class="muted">${esc(pick(lang, m.groupName))}</small></th>` +
            `<td>${esc(word(lang, EFFECT, m.effect))}; ${esc(pick(lang, MEASURE_DOMAIN_NAMES[m.domain as keyof typeof MEASURE_DOMAIN_NAMES] ?? { zh: m.domain, en: m.domain.replace(/_/g, ' ') }))}${m.area ? `<br><small>${esc(pick(lang, TEXT.answers))}${esc(word(lang, AREA, m.area))}</small>` : ''}</td>` +
            `<td>${esc(durationText(lang, m.maxTerm))}</td><td>${esc(pick(lang, m.department))}<br><small>${esc(word(lang, APPLIES_TO, m.appliesTo))}</small></td><td>${esc(pick(lang, m.legalProvision))}</td>` +
            `<td>${m.items.length === 0 ? '—' : `<ul>${m.items.map((i) => `<li>${esc(pick(lang, i.name))}</li>`).join('')}</ul>`}</td></tr>`,
        )
        .join('')
      const table =
        following.length === 0
          ? `<p>${esc(pick(lang, TEXT.noMeasureFollowsThisList))}</p>`
          : scrolling(
              pick(lang, { zh: `${name}的措施`, en: `The measures that follow ${name}` }),
              `<table><caption class="sr-only">${esc(pick(lang, { zh: `${name}的措施`, en: `The measures that follow ${name}` }))}</caption><thead><tr>${[pick(lang, TEXT.measure), pick(lang, TEXT.effectAndDomain), pick(lang, TEXT.longestTerm), pick(lang, TEXT.carriedOutBy), pick(lang, TEXT.legalProvision), pick(lang, TEXT.items)].map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`,
            )
      return `<section id="list-${esc(lk.code)}" aria-labelledby="list-${esc(lk.code)}-h"><h3 id="list-${esc(lk.code)}-h">${esc(name)}</h3><dl class="facts">${facts.map(([dt, dd]) => `<dt>${esc(dt)}</dt><dd>${esc(dd)}</dd>`).join('')}</dl>
<h4>${esc(pick(lang, TEXT.theMeasuresThatMayFollowIt))}</h4>${table}</section>`
    })
    .join('')
}

function historyTable(lang: Lang, versions: Versions): string {
  const row = (type: CatalogueType) => (v: StoredVersionView) => {
    const e = v.recordedBy
    const event =
      e === null
        ? pick(lang, TEXT.none)
        : pick(lang, {
            zh: `审计事件第${e.seq}号，${e.leafIndex === null ? '尚未写入透明日志' : `透明日志第${e.leafIndex}条`}`,
            en: `audit event no. ${e.seq}, ${e.leafIndex === null ? 'not yet in the transparency log' : `transparency log entry ${e.leafIndex}`}`,
          })
    return (
      `<tr><td>${esc(type === 'kinds' ? pick(lang, TEXT.recordKinds) : pick(lang, TEXT.listsAndMeasures))}</td><th scope="row">${esc(v.version)}${v.inForce ? ` <span class="badge">${esc(pick(lang, TEXT.inForce))}</span>` : ''}</th>` +
      `<td>${esc(v.publishedOn)}</td><td>${esc(chinaTime(lang, v.loadedAt))}</td><td>${esc(event)}<br><small class="hash">SHA-256 ${esc(v.contentHash)}</small></td></tr>`
    )
  }
  const headers = [
    pick(lang, TEXT.catalogue),
    pick(lang, TEXT.version),
    pick(lang, TEXT.publishedOn),
    pick(lang, TEXT.loadedHereAt),
    pick(lang, TEXT.theAuditEventThatRecordedIt),
  ]
  return scrolling(
    pick(lang, TEXT.versionHistory),
    `<table><caption class="sr-only">${esc(pick(lang, TEXT.versionHistory))}</caption><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${[...versions.recordKinds.map(row('kinds')), ...versions.lists.map(row('lists'))].join('')}</tbody></table>`,
  )
}

const PROPERTY: Words = {
  category: { zh: '类别', en: 'category' },
  name: { zh: '名称', en: 'name' },
  legalBasis: { zh: '法律依据', en: 'legal basis' },
  subjectTypes: { zh: '适用对象', en: 'whom it may describe' },
  polarity: { zh: '性质', en: 'nature' },
  severity: { zh: '严重程度', en: 'severity' },
  disclosure: { zh: '公开方式', en: 'disclosure' },
  display: { zh: '公示期', en: 'public display' },
  retention: { zh: '保存期限', en: 'retention' },
  repairable: { zh: '可否信用修复', en: 'credit repair' },
  minimumPublication: { zh: '最短公示期', en: 'minimum publication' },
  type: { zh: '名单类型', en: 'type of list' },
  areas: { zh: '严重失信领域', en: 'areas of serious breach' },
  basisKinds: { zh: '列入依据的记录', en: 'records that may ground an entry' },
  criteria: { zh: '列入标准', en: 'criteria' },
  exclusions: { zh: '不予列入的情形', en: 'not listed when' },
  term: { zh: '期限', en: 'term' },
  objectionWindow: { zh: '异议期', en: 'time to object' },
  earlyRemoval: { zh: '提前移出', en: 'early removal' },
  effect: { zh: '性质', en: 'effect' },
  group: { zh: '措施类别', en: 'group' },
  listKind: { zh: '所随名单', en: 'the list it follows' },
  area: { zh: '针对的领域', en: 'area it answers' },
  legalProvision: { zh: '法律依据', en: 'legal provision' },
  department: { zh: '实施部门', en: 'carried out by' },
  domain: { zh: '领域', en: 'domain' },
  appliesTo: { zh: '约束对象', en: 'applies to' },
  maxTerm: { zh: '最长期限', en: 'longest term' },
  items: { zh: '限制事项', en: 'items' },
  required: { zh: '是否必填', en: 'required' },
  values: { zh: '允许的值', en: 'allowed values' },
  maxLength: { zh: '最大长度', en: 'longest' },
  minLength: { zh: '最小长度', en: 'shortest' },
  minimum: { zh: '最小值', en: 'least' },
  maximum: { zh: '最大值', en: 'most' },
  maxItems: { zh: '最多项数', en: 'most items' },
}

const isLocalised = (v: unknown): v is Localised =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Localised).zh === 'string' &&
  typeof (v as Localised).en === 'string'

/** A value of a changed property in words: periods, codes, names and lists as a person reads them. */
function valueWords(
  lang: Lang,
  property: string,
  value: unknown,
  kindName: (code: string) => string,
  labels: Record<string, Localised> = {},
): string {
  if (value === null || value === undefined) return pick(lang, TEXT.noneInBrackets)
  if (typeof value === 'boolean') return yesNo(lang, value)
  if (typeof value === 'number') return String(value)
  if (isLocalised(value)) return pick(lang, value)
  if (Array.isArray(value)) {
    if (property === 'subjectTypes') return subjectTypesText(lang, value.map(String))
    return value.length === 0
      ? pick(lang, TEXT.noneInBrackets)
      : list(
          lang,
          value.map((v) => valueWords(lang, property, v, kindName, labels)),
        )
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>
    if (property === 'display' && typeof o.window === 'string')
      return displayText(lang, {
        display: { window: o.window, maxWindow: String(o.maxWindow ?? o.window) },
        disclosure: 'public',
      })
    if (property === 'retention' && typeof o.period === 'string')
      return retentionText(lang, { period: o.period, from: String(o.from) })
    if (property === 'term' && typeof o.default === 'string')
      return pick(lang, {
        zh: `一般${durationText(lang, o.default)}，最长${durationText(lang, String(o.max))}`,
        en: `${durationText(lang, o.default)} as a rule, ${durationText(lang, String(o.max))} at most`,
      })
    if (isLocalised(o.name))
      return (
        pick(lang, o.name) +
        (typeof o.withinWorkingDays === 'number'
          ? pick(lang, {
              zh: `（${o.withinWorkingDays}个工作日内）`,
              en: ` (within ${o.withinWorkingDays} working days)`,
            })
          : '')
      )
    return Object.entries(o)
      .map(([k, v]) => `${word(lang, PROPERTY, k)}: ${valueWords(lang, k, v, kindName, labels)}`)
      .join(pick(lang, TEXT.comma))
  }
  const s = String(value)
  if (/^P(\d+[YMWD])+$/.test(s)) return durationText(lang, s)
  switch (property) {
    case 'category':
      return categoryText(lang, s)
    case 'polarity':
      return word(lang, POLARITY, s)
    case 'severity':
      return word(lang, SEVERITY, s)
    case 'disclosure':
      return word(lang, DISCLOSURE, s)
    case 'type':
      return word(lang, LIST_TYPE, s)
    case 'areas':
    case 'area':
      return word(lang, AREA, s)
    case 'effect':
      return word(lang, EFFECT, s)
    case 'group':
      return word(lang, BASIC_LIST_GROUPS, s)
    case 'domain':
      return pick(
        lang,
        MEASURE_DOMAIN_NAMES[s as keyof typeof MEASURE_DOMAIN_NAMES] ?? { zh: s, en: s.replace(/_/g, ' ') },
      )
    case 'appliesTo':
      return word(lang, APPLIES_TO, s)
    case 'basisKinds':
    case 'listKind':
      return kindName(s)
    case 'values':
      return labels[s] ? pick(lang, labels[s]) : s
    default:
      return s
  }
}

function changesList(
  lang: Lang,
  changes: readonly { property: string; before: unknown; after: unknown }[],
  kindName: (code: string) => string,
  labels?: Record<string, Localised>,
): string {
  return `<ul>${changes.map((c) => `<li>${esc(word(lang, PROPERTY, c.property))}${pick(lang, TEXT.was)}${esc(valueWords(lang, c.property, c.before, kindName, labels))}${pick(lang, TEXT.now)}${esc(valueWords(lang, c.property, c.after, kindName, labels))}</li>`).join('')}</ul>`
}

function diffView(
  lang: Lang,
  diff: CatalogueDiffView,
  itemName: (section: string, code: string, name: Localised | null) => string,
  kindName: (code: string) => string,
): string {
  const titles: Record<string, [Localised, Localised, Localised]> = {
    kinds: [
      { zh: '新增的信息类别', en: 'Kinds added' },
      { zh: '删除的信息类别', en: 'Kinds removed' },
      { zh: '修改的信息类别', en: 'Kinds changed' },
    ],
    listKinds: [
      { zh: '新增的名单', en: 'Lists added' },
      { zh: '删除的名单', en: 'Lists removed' },
      { zh: '修改的名单', en: 'Lists changed' },
    ],
    measures: [
      { zh: '新增的措施', en: 'Measures added' },
      { zh: '删除的措施', en: 'Measures removed' },
      { zh: '修改的措施', en: 'Measures changed' },
    ],
  }
  const measureWhere = (i: { listKind: string | null; area: string | null }) =>
    i.listKind
      ? pick(lang, {
          zh: `（随${kindName(i.listKind)}${i.area ? `，${word(lang, AREA, i.area)}` : ''}）`,
          en: ` (following ${kindName(i.listKind)}${i.area ? `, ${word(lang, AREA, i.area)}` : ''})`,
        })
      : ''
  const label = (s: Section, i: Section['added'][number]) =>
    itemName(s.section, i.code, i.name) + (s.section === 'measures' ? measureWhere(i) : '')
  const elementName = (e: { element: string; name: Localised | null }) =>
    e.name ? pick(lang, e.name) : pick(lang, { zh: `旧版字段“${e.element}”`, en: `the earlier field "${e.element}"` })
  const changed = (s: Section, c: Changed) => {
    const el = c.elements
    const parts = [c.properties.length > 0 ? changesList(lang, c.properties, kindName) : '']
    if (el) {
      if (el.comparedBy === 'name') parts.push(`<p class="muted">${esc(pick(lang, TEXT.oneOfTheVersionsIsIn))}</p>`)
      const req = (r: { required: boolean }) =>
        r.required ? pick(lang, TEXT.required) : pick(lang, TEXT.optionalAfter)
      if (el.added.length > 0)
        parts.push(
          `<p>${esc(pick(lang, TEXT.dataElementsAdded))}${esc(
            list(
              lang,
              el.added.map((e) => elementName(e) + req(e)),
            ),
          )}</p>`,
        )
      if (el.removed.length > 0)
        parts.push(
          `<p>${esc(pick(lang, TEXT.dataElementsRemoved))}${esc(
            list(
              lang,
              el.removed.map((e) => elementName(e) + req(e)),
            ),
          )}</p>`,
        )
      for (const n of el.narrowed)
        parts.push(
          `<p>${esc(pick(lang, { zh: `数据项“${elementName(n)}”的限定改变：`, en: `The bounds of "${elementName(n)}" changed:` }))}</p>${changesList(lang, n.changes, kindName, n.labels)}`,
        )
    }
    return `<li><strong>${esc(label(s, c))}</strong>${parts.join('')}</li>`
  }
  const sections = diff.sections
    .map((s) => {
      const [added, removed, changedTitle] = titles[s.section] ?? [
        { zh: '新增', en: 'Added' },
        { zh: '删除', en: 'Removed' },
        { zh: '修改', en: 'Changed' },
      ]
      return [
        s.added.length > 0
          ? `<h4>${esc(pick(lang, added))}</h4><ul>${s.added.map((i) => `<li>${esc(label(s, i))}</li>`).join('')}</ul>`
          : '',
        s.removed.length > 0
          ? `<h4>${esc(pick(lang, removed))}</h4><ul>${s.removed.map((i) => `<li>${esc(label(s, i))}</li>`).join('')}</ul>`
          : '',
        s.changed.length > 0
          ? `<h4>${esc(pick(lang, changedTitle))}</h4><ul>${s.changed.map((c) => changed(s, c)).join('')}</ul>`
          : '',
      ].join('')
    })
    .join('')
  const heading = pick(lang, {
    zh: `从${diff.from.version}版（${diff.from.publishedOn}发布）到${diff.to.version}版（${diff.to.publishedOn}发布）`,
    en: `From version ${diff.from.version} (published ${diff.from.publishedOn}) to version ${diff.to.version} (published ${diff.to.publishedOn})`,
  })
  return `<h3 id="changes">${esc(heading)}</h3>${sections || `<p>${esc(pick(lang, TEXT.nothingDiffersBetweenTheTwoVersions))}</p>`}`
}

function diffForm(
  lang: Lang,
  type: CatalogueType,
  versions: readonly StoredVersionView[],
  chosen: { from: string; to: string } | null,
): string {
  const title = type === 'kinds' ? pick(lang, TEXT.recordKinds) : pick(lang, TEXT.listsAndMeasures)
  if (versions.length < 2)
    return `<p>${esc(pick(lang, { zh: `${title}：目前只有一个版本。`, en: `${title}: there is only one version so far.` }))}</p>`
  const option = (v: StoredVersionView, selected: string) =>
    `<option value="${esc(v.version)}"${v.version === selected ? ' selected' : ''}>${esc(v.version)} (${esc(v.publishedOn)})</option>`
  const from = chosen?.from ?? versions[1]!.version,
    to = chosen?.to ?? versions[0]!.version
  return `<form method="get" action="/catalogue#changes" class="no-print"><fieldset><legend>${esc(title)}</legend><input type="hidden" name="type" value="${type}">
<label for="from-${type}">${esc(pick(lang, TEXT.fromVersion))}</label> <select id="from-${type}" name="from">${versions.map((v) => option(v, from)).join('')}</select>
<label for="to-${type}">${esc(pick(lang, TEXT.toVersion))}</label> <select id="to-${type}" name="to">${versions.map((v) => option(v, to)).join('')}</select>
<button type="submit">${esc(pick(lang, TEXT.compare))}</button></fieldset></form>`
}

const VERSION_RE = /^[0-9A-Za-z.-]{1,20}$/

export function cataloguePageRoutes(root: () => FastifyInstance): FastifyPluginAsync {
  const get = async <T>(request: FastifyRequest, url: string): Promise<{ status: number; body: T }> => {
    const res = await callApi(root, request, 'GET', url)
    return { status: res.statusCode, body: res.json<T>() }
  }
  return async (app) => {
    portalBasics(app)
    app.get('/catalogue', pageRoute, async (request, reply) => {
      const query = request.query as Record<string, unknown>
      const lang = languageOf(request)
      const [catalogue, versions] = await Promise.all([
        get<Published>(request, '/v1/catalogue'),
        get<Versions>(request, '/v1/catalogue/versions'),
      ])
      if (catalogue.status !== 200 || versions.status !== 200)
        return reply
          .status(500)
          .type('text/html; charset=utf-8')
          .send(page(lang, { title: t(lang, 'error'), path: '/catalogue', body: `<h1>${esc(t(lang, 'error'))}</h1>` }))
      const c = catalogue.body,
        v = versions.body
      const kindNames = new Map(c.kinds.map((k) => [k.code, k.name]))
      const listNames = new Map(c.lists.listKinds.map((k) => [k.code, k.name]))
      const kindName = (code: string) => {
        const n = kindNames.get(code) ?? listNames.get(code)
        return n
          ? pick(lang, n)
          : pick(lang, { zh: `已不在目录中的类别“${code}”`, en: `"${code}", no longer in the catalogue` })
      }
      const itemName = (_section: string, code: string, name: Localised | null) =>
        name ? pick(lang, name) : kindName(code)
      const elementNames = new Map(c.kinds.flatMap((k) => k.elements.map((e) => [e.code, e.name] as const)))
      // what changed: the versions chosen in the form, or the last change of the record kinds
      const type: CatalogueType = query.type === 'lists' ? 'lists' : 'kinds'
      const asked =
        typeof query.from === 'string' &&
        typeof query.to === 'string' &&
        VERSION_RE.test(query.from) &&
        VERSION_RE.test(query.to)
          ? { from: query.from, to: query.to }
          : null
      const history = type === 'kinds' ? v.recordKinds : v.lists
      const pair = asked ?? (history.length >= 2 ? { from: history[1]!.version, to: history[0]!.version } : null)
      let changes = ''
      if (pair) {
        const diff = await get<CatalogueDiffView>(
          request,
          `/v1/catalogue/diff?type=${type}&from=${encodeURIComponent(pair.from)}&to=${encodeURIComponent(pair.to)}`,
        )
        changes =
          diff.status === 200
            ? diffView(lang, diff.body, itemName, kindName)
            : `<p role="alert">${esc(pick(lang, TEXT.thereIsNoSuchVersion))}</p>`
      }
      const path = asked
        ? `/catalogue?type=${type}&from=${encodeURIComponent(asked.from)}&to=${encodeURIComponent(asked.to)}`
        : '/catalogue'
      const body = `<h1>${esc(pick(lang, TEXT.theCatalogueOfCreditInformation))}</h1>
<p>${esc(pick(lang, { zh: `平台只保存本目录列出的信息类别，每一类只含数据项字典中的数据项（字典版本${c.dictionaryVersion}）。现行信息类别目录为${c.catalogueVersion}版（${c.publishedOn}发布），名单和措施目录为${c.lists.listCatalogueVersion}版（${c.lists.publishedOn}发布）。每个版本载入时都记入审计日志，见下方版本历史。`, en: `The platform holds only the kinds of record listed here, each made of data elements from the data-element dictionary (version ${c.dictionaryVersion}). The record kinds in force are version ${c.catalogueVersion} (published ${c.publishedOn}); the lists and measures, version ${c.lists.listCatalogueVersion} (published ${c.lists.publishedOn}). Every version is recorded in the audit log when it is loaded: see the version history below.` }))}</p>
<nav aria-label="${esc(pick(lang, TEXT.onThisPage))}"><ul><li><a href="#kinds">${esc(pick(lang, TEXT.recordKindsShort))}</a></li><li><a href="#lists">${esc(pick(lang, TEXT.listsAndMeasuresShort))}</a></li><li><a href="#history">${esc(pick(lang, TEXT.versionHistory))}</a></li><li><a href="#what-changed">${esc(pick(lang, TEXT.whatChanged))}</a></li></ul></nav>
<h2 id="kinds">${esc(pick(lang, TEXT.recordKindsShort))}</h2>
<ul class="columns">${c.kinds.map((k) => `<li><a href="#kind-${esc(k.code)}">${esc(pick(lang, k.name))}</a></li>`).join('')}</ul>
${c.kinds.map((k) => kindSection(lang, k, elementNames)).join('\n')}
<h2 id="lists">${esc(pick(lang, TEXT.listsAndMeasuresShort))}</h2>
<p>${esc(pick(lang, { zh: `措施只能从措施字典（${c.lists.measureDictionaryVersion}版）中选取，只约束名单主体本身，并有最长期限。`, en: `Measures can only be chosen from the measure dictionary (version ${c.lists.measureDictionaryVersion}); each binds the listed subject alone and has a longest term.` }))}</p>
${listsSection(lang, c, kindName)}
<h2 id="history">${esc(pick(lang, TEXT.versionHistory))}</h2>
<p>${esc(pick(lang, TEXT.eachVersionSContentHashAnd))}</p>
${historyTable(lang, v)}
<h2 id="what-changed">${esc(pick(lang, TEXT.whatChanged))}</h2>
${diffForm(lang, 'kinds', v.recordKinds, type === 'kinds' ? pair : null)}${diffForm(lang, 'lists', v.lists, type === 'lists' ? pair : null)}
${changes}`
      return reply
        .type('text/html; charset=utf-8')
        .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
        .send(page(lang, { title: pick(lang, TEXT.catalogueTitle), path, body }))
    })
  }
}
