/**
 * The measure dictionary: the closed list of measure types that may follow a list entry, shipped and
 * versioned with the release (like access/purposes.ts). A list catalogue selects types from it, may
 * shorten their terms and name the department that carries them out; it cannot create a measure, and
 * a measure's name, domain, effect, legal provision and whom it binds come from here alone. Names and
 * department types are display text: they change nothing a check does.
 *
 * Restrictions come from the National Basic List of Measures for Punishing Dishonesty
 * (全国失信惩戒措施基础清单, 2024 edition, NDRC and PBOC), each type with the law that authorises it;
 * red-list incentives from State Council Guo Fa [2016] No. 33 and the joint-incentive memoranda. Fides
 * holds the types it can ground in a cited provision, not the whole national list; what could not be
 * confirmed for this release is said in the type's `note`, never filled in.
 *
 * Where the national rules go further than the charter — a measure on anyone but the listed subject,
 * or on a basic right — the type (or, for high consumption, the item) is here too, marked
 * `outsideCharter` with its reason: named, so that its refusal is explicit, and never selectable.
 */
import type { LocalisedText } from './catalogue.ts'
import type { ListArea } from './list-catalogue.ts'

/** Bumped whenever a type, item, term, citation or display text below changes. */
export const MEASURE_DICTIONARY_VERSION = '2026.1'

/** The editions the dictionary is taken from, and how far they were confirmed. */
export const MEASURE_DICTIONARY_SOURCES: readonly { title: LocalisedText; note: string }[] = [
  {
    title: {
      zh: '《全国失信惩戒措施基础清单（2024年版）》（国家发展改革委、中国人民银行）',
      en: 'National Basic List of Measures for Punishing Dishonesty (2024 edition), NDRC and PBOC',
    },
    note:
      'The 2024 edition was confirmed (NDRC notice of February 2024, reprinted with the 2024 public credit information catalogue; English translation by China Law Translate). ' +
      'Its document number, 发改财金规〔2024〕203号, was seen only in a third-party source and is not confirmed. The list table itself (every measure with its basis) could not be read ' +
      'for this release: the types below are grounded in the provisions they cite, which the 2021 edition (发改财金规〔2021〕1827号, number not confirmed) also names where checked.',
  },
  {
    title: {
      zh: '《最高人民法院关于限制被执行人高消费及有关消费的若干规定》（法释〔2010〕8号，法释〔2015〕17号修正）',
      en: "Supreme People's Court Provisions on Restricting High Consumption and Related Consumption of Judgment Debtors (Fa Shi [2010] No. 8, amended by Fa Shi [2015] No. 17)",
    },
    note: 'Article 3 read, its nine items and its second paragraph; the amending decision confirmed as Fa Shi [2015] No. 17 (adopted 6 July 2015, in force 22 July 2015).',
  },
  {
    title: {
      zh: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）',
      en: 'State Council Guiding Opinions on Joint Incentives for Trustworthiness and Joint Punishment of Dishonesty (Guo Fa [2016] No. 33)',
    },
    note: 'The incentives (green channel and acceptance before every paper is in, fewer inspections, priority in funded projects) as remembered; paragraph numbers not confirmed.',
  },
]

/**
 * The closed list of domains a measure may work in (DOMAIN.md, Measures), with their names: the
 * domains departments are registered for too. Social security, welfare, healthcare, compulsory
 * education, legal aid and access to courts are not domains any measure may reach (CHARTER), so they
 * are not here to choose.
 */
export const MEASURE_DOMAIN_NAMES = {
  public_procurement: { zh: '政府采购', en: 'public procurement' },
  licensing: { zh: '行政许可', en: 'licensing' },
  subsidies: { zh: '财政补贴', en: 'subsidies and public funding' },
  honours: { zh: '评优评先', en: 'honours and commendations' },
  high_consumption: { zh: '高消费', en: 'high consumption (judgment defaulters only)' },
  inspections: { zh: '监管检查', en: 'inspection frequency' },
  fast_track_approval: { zh: '绿色通道', en: 'fast-track approval' },
} as const satisfies Record<string, LocalisedText>
export type MeasureDomainCode = keyof typeof MEASURE_DOMAIN_NAMES
export const MEASURE_DOMAINS = Object.keys(MEASURE_DOMAIN_NAMES) as readonly MeasureDomainCode[]

export function isMeasureDomain(value: string): value is MeasureDomainCode {
  return Object.hasOwn(MEASURE_DOMAIN_NAMES, value)
}

/** The groups of the basic list (and, for red lists, the incentives, which are not on it). */
export const BASIC_LIST_GROUPS = {
  rights_reducing: {
    zh: '公共管理机构依法依规实施的减损权益或增加义务的措施',
    en: 'measures of public bodies, under law, that reduce rights or add obligations',
  },
  management: {
    zh: '公共管理机构根据履职需要实施的相关管理措施',
    en: 'management measures of public bodies in the course of their duties',
  },
  red_list_incentive: { zh: '守信激励措施', en: 'incentives for red-listed subjects' },
} as const satisfies Record<string, LocalisedText>
export type BasicListGroup = keyof typeof BASIC_LIST_GROUPS

export type MeasureEffect = 'restriction' | 'incentive'
/** A black list's area of serious breach, or 'red' for a red list. */
export type MeasureFollows = ListArea | 'red'

/** Why a national measure (or item) can never be selected. */
export interface OutsideCharter {
  /** targets_others: it reaches someone other than the listed subject; basic_rights: it reaches a basic right */
  readonly rule: 'targets_others' | 'basic_rights'
  readonly reason: LocalisedText
}

/** An item of a closed sub-list (the high-consumption restriction's nine). */
export interface SubListItem {
  readonly code: string
  /** where the item is, e.g. '3(1)' */
  readonly article: string
  readonly name: LocalisedText
  readonly outsideCharter: OutsideCharter | null
}

interface MeasureTypeCommon {
  readonly code: string
  readonly effect: MeasureEffect
  readonly group: BasicListGroup
  readonly name: LocalisedText
  /** the provisions that authorise it, as cited */
  readonly legalProvision: LocalisedText
  /** what could not be confirmed for this release */
  readonly note?: string
}

export interface SelectableMeasureType extends MeasureTypeCommon {
  readonly outsideCharter: null
  readonly domain: MeasureDomainCode
  /** the list areas (or 'red') it may follow */
  readonly follows: readonly MeasureFollows[]
  /** the longest it may last from the entry's start (a selection may shorten it, never lengthen it) */
  readonly maxTerm: string
  /** the kind of department that carries it out (display text; a selection may name the department) */
  readonly departmentType: LocalisedText
  /** always the listed subject: no selectable measure reaches anyone else */
  readonly appliesTo: 'listed_subject'
  /** a closed sub-list the selection chooses from (all selectable items by default) */
  readonly items: readonly SubListItem[] | null
}

export interface RefusedMeasureType extends MeasureTypeCommon {
  readonly outsideCharter: OutsideCharter
}

export type MeasureType = SelectableMeasureType | RefusedMeasureType

const LONGEST = 'P5Y' // no term in the basis: bounded by the entry's own term (catalogue MAX_LIST_TERM)

const ENFORCEMENT_COURT = {
  zh: '人民法院执行机构，协助执行的交通运输企业、宾馆等单位',
  en: "the court's enforcement division, with the carriers, hotels and other units assisting enforcement",
}
const FUNDING_DEPARTMENTS = { zh: '安排财政资金的主管部门', en: 'the departments that grant public funds' }
const SUPERVISORS = { zh: '负有监管职责的部门', en: 'the supervising department' }

/** Article 3 of the SPC provisions: the closed sub-list of high consumption, nothing beyond it. */
export const HIGH_CONSUMPTION_ITEMS: readonly SubListItem[] = [
  {
    code: 'flights_soft_sleepers_ship_cabins',
    article: '3(1)',
    outsideCharter: null,
    name: {
      zh: '乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位',
      en: 'flights, soft sleepers on trains, and second-class or better ship cabins',
    },
  },
  {
    code: 'star_hotels_nightclubs_golf',
    article: '3(2)',
    outsideCharter: null,
    name: {
      zh: '在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费',
      en: 'high consumption at star-rated hotels, nightclubs and golf courses',
    },
  },
  {
    code: 'real_estate_and_building',
    article: '3(3)',
    outsideCharter: null,
    name: {
      zh: '购买不动产或者新建、扩建、高档装修房屋',
      en: 'buying real estate, or building, extending or luxuriously renovating a house',
    },
  },
  {
    code: 'high_grade_premises',
    article: '3(4)',
    outsideCharter: null,
    name: {
      zh: '租赁高档写字楼、宾馆、公寓等场所办公',
      en: 'renting high-grade offices, hotels or apartments to work from',
    },
  },
  {
    code: 'vehicles_not_needed_for_business',
    article: '3(5)',
    outsideCharter: null,
    name: { zh: '购买非经营必需车辆', en: 'buying vehicles not needed for business' },
  },
  {
    code: 'travel_and_holidays',
    article: '3(6)',
    outsideCharter: null,
    name: { zh: '旅游、度假', en: 'travel and holidays' },
  },
  {
    code: 'private_school_fees_for_children',
    article: '3(7)',
    name: { zh: '子女就读高收费私立学校', en: "the debtor's children attending high-fee private schools" },
    outsideCharter: {
      rule: 'targets_others',
      reason: {
        zh: '约束的是被执行人的子女及其就学，而非名单主体本人',
        en: "it binds the debtor's children and their schooling, not the listed subject",
      },
    },
  },
  {
    code: 'high_premium_insurance',
    article: '3(8)',
    outsideCharter: null,
    name: {
      zh: '支付高额保费购买保险理财产品',
      en: 'paying high premiums for insurance or wealth-management products',
    },
  },
  {
    code: 'high_speed_rail_seats',
    article: '3(9)',
    outsideCharter: null,
    name: {
      zh: '乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位',
      en: 'any seat on a G-prefixed high-speed train, first class or better on other EMU trains',
    },
  },
]

export const MEASURE_DICTIONARY: readonly MeasureType[] = [
  {
    code: 'licence_application_bar',
    effect: 'restriction',
    group: 'rights_reducing',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'licensing',
    follows: ['health_and_safety', 'market_order'],
    maxTerm: 'P3Y',
    name: {
      zh: '一定期限内不得申请或取得相关行政许可',
      en: 'No application for, or grant of, the licence concerned for a period',
    },
    legalProvision: {
      zh: '《中华人民共和国行政许可法》第七十八条、第七十九条（直接关系公共安全、人身健康、生命财产安全的许可事项）',
      en: 'Administrative Licensing Law of the PRC, arts. 78 and 79 (licences bearing directly on public safety, health, life and property)',
    },
    departmentType: {
      zh: '受理或者作出行政许可决定的行政机关',
      en: 'the authority that receives or decides the licence application',
    },
    note: "Basis and target as the 2021 basic list gives them (read in China Law Translate's table of that list). The bars themselves (one year after a false or concealed application, art. 78; three years after a licence obtained by fraud or bribery, art. 79) are from the Law as remembered, not re-read for this release.",
  },
  {
    code: 'bidding_exclusion',
    effect: 'restriction',
    group: 'rights_reducing',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'public_procurement',
    follows: ['market_order'],
    maxTerm: 'P5Y',
    name: {
      zh: '一定期限内取消参加依法必须进行招标的项目的投标资格',
      en: 'Exclusion for a period from bidding in projects that must be put out to tender by law',
    },
    legalProvision: {
      zh: '《中华人民共和国招标投标法》第五十三条、第五十四条、第六十条；《中华人民共和国招标投标法实施条例》第六十七条、第六十八条；《保障农民工工资支付条例》第四十八条',
      en: "Tendering and Bidding Law of the PRC, arts. 53, 54 and 60; its Implementing Regulations, arts. 67 and 68; Regulations on Ensuring Payment of Migrant Workers' Wages, art. 48",
    },
    departmentType: { zh: '招标投标活动的行政监督部门', en: 'the departments supervising tendering and bidding' },
    note: "Bases as the 2021 basic list gives them (China Law Translate's table). The terms (one to two years under art. 53, one to three under art. 54, two to five under art. 60) are from the Law as remembered, not re-read for this release.",
  },
  {
    code: 'procurement_exclusion',
    effect: 'restriction',
    group: 'rights_reducing',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'public_procurement',
    follows: ['health_and_safety', 'market_order'],
    maxTerm: 'P3Y',
    name: { zh: '一至三年内禁止参加政府采购活动', en: 'Exclusion from government procurement for one to three years' },
    legalProvision: {
      zh: '《中华人民共和国政府采购法》第二十二条第一款第（五）项、第七十七条；《中华人民共和国政府采购法实施条例》第十九条',
      en: 'Government Procurement Law of the PRC, art. 22(1)(5) and art. 77; Implementing Regulations of the Government Procurement Law, art. 19',
    },
    departmentType: {
      zh: '各级财政部门及政府采购代理机构',
      en: 'finance departments and procurement agencies at every level',
    },
    note: "Art. 77 (fine, entry on the record of bad conduct, exclusion for one to three years) read in the Law's text. Art. 22(1)(5) and the Implementing Regulations' art. 19 (no major illegal record in the three years before) as remembered.",
  },
  {
    code: 'high_consumption_restriction',
    effect: 'restriction',
    group: 'rights_reducing',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    domain: 'high_consumption',
    follows: ['defiance_of_court_order'],
    maxTerm: 'P5Y',
    items: HIGH_CONSUMPTION_ITEMS,
    name: {
      zh: '限制高消费及有关消费（限于第三条所列各项）',
      en: 'Restriction on high and related consumption (the items of art. 3 only)',
    },
    legalProvision: {
      zh: '《最高人民法院关于限制被执行人高消费及有关消费的若干规定》（法释〔2010〕8号，法释〔2015〕17号修正）第一条、第三条第一款',
      en: "Supreme People's Court Provisions on Restricting High Consumption and Related Consumption of Judgment Debtors (Fa Shi [2010] No. 8, amended by Fa Shi [2015] No. 17), art. 1 and art. 3(1)",
    },
    departmentType: ENFORCEMENT_COURT,
    note: 'Art. 3 read. Its items are the SPC\'s words; their closing "and the like" (等) and item (9)\'s "other consumption not needed for life or work" name no further item: a department checks for the items selected, nothing beyond them. Five years is the longest a judgment-defaulter listing lasts (Fa Shi [2017] No. 7, art. 2: two years, extendable by one to three).',
  },
  {
    code: 'public_funding_restriction',
    effect: 'restriction',
    group: 'rights_reducing',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'subsidies',
    follows: ['market_order', 'defiance_of_court_order'],
    maxTerm: LONGEST,
    name: {
      zh: '限制获得政府资金支持（企业补贴和项目资金）',
      en: 'No government funding support (business subsidies and project funds)',
    },
    legalProvision: {
      zh: '《保障农民工工资支付条例》第四十八条；《关于对失信被执行人实施联合惩戒的合作备忘录》（发改财金〔2016〕141号）',
      en: "Regulations on Ensuring Payment of Migrant Workers' Wages, art. 48; Memorandum on joint punishment of dishonest judgment debtors (Fa Gai Cai Jin [2016] No. 141)",
    },
    departmentType: FUNDING_DEPARTMENTS,
    note: "Art. 48's list of restrictions (government funding support, procurement, bidding, financing, market access, tax preferences, honours, travel) as remembered; the memorandum's number as remembered. Neither gives a term: the entry's own term bounds it.",
  },
  {
    code: 'honours_restriction',
    effect: 'restriction',
    group: 'rights_reducing',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'honours',
    follows: ['market_order'],
    maxTerm: LONGEST,
    name: { zh: '限制参加评优评先、授予荣誉称号', en: 'No honours or commendations' },
    legalProvision: {
      zh: '《企业信息公示暂行条例》第十八条；《保障农民工工资支付条例》第四十八条',
      en: "Interim Regulations on Enterprise Information Disclosure, art. 18; Regulations on Ensuring Payment of Migrant Workers' Wages, art. 48",
    },
    departmentType: { zh: '评选表彰和授予荣誉称号的机关', en: 'the bodies that award honours and commendations' },
    note: "Both articles as remembered (art. 18: procurement, tendering, state land and honours restricted for enterprises on the abnormal-operations or serious-violation lists). Group placement in the basic list not confirmed. No term in either: the entry's own term bounds it.",
  },
  {
    code: 'more_frequent_inspections',
    effect: 'restriction',
    group: 'management',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'inspections',
    follows: ['health_and_safety', 'market_order'],
    maxTerm: 'P3Y',
    name: { zh: '列为重点监管对象，提高检查频次', en: 'Closer supervision, with more frequent inspections' },
    legalProvision: {
      zh: '《纳税信用管理办法（试行）》（国家税务总局公告2014年第40号）第三十二条第（四）项；《国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见》（国办发〔2019〕35号）',
      en: 'Measures for the Administration of Tax Credit (Trial) (SAT Announcement 2014 No. 40), art. 32(4); General Office of the State Council, Guiding Opinions on credit-based supervision (Guo Ban Fa [2019] No. 35)',
    },
    departmentType: SUPERVISORS,
    note: "The tax article as the shipped catalogue cited it before; Guo Ban Fa [2019] No. 35's paragraph on graded supervision not confirmed.",
  },
  {
    code: 'fast_track_approval',
    effect: 'incentive',
    group: 'red_list_incentive',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'fast_track_approval',
    follows: ['red'],
    maxTerm: LONGEST,
    name: {
      zh: '行政审批“绿色通道”和容缺受理',
      en: 'Fast-track ("green channel") administrative approval, with acceptance before every paper is in',
    },
    legalProvision: {
      zh: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）；《关于对纳税信用A级纳税人实施联合激励措施的合作备忘录》（发改财金〔2016〕1467号）第二部分',
      en: 'State Council Guo Fa [2016] No. 33; Memorandum on joint incentives for grade A taxpayers (Fa Gai Cai Jin [2016] No. 1467), part II',
    },
    departmentType: { zh: '各级行政审批部门', en: 'administrative approval departments at every level' },
    note: "Paragraphs not confirmed. No term in either: the entry's own term bounds it.",
  },
  {
    code: 'fewer_inspections',
    effect: 'incentive',
    group: 'red_list_incentive',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'inspections',
    follows: ['red'],
    maxTerm: LONGEST,
    name: { zh: '优化检查频次，合理降低抽查比例', en: 'Fewer inspections: a lower share of random checks' },
    legalProvision: {
      zh: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）；《国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见》（国办发〔2019〕35号）',
      en: 'State Council Guo Fa [2016] No. 33; General Office of the State Council, Guiding Opinions on credit-based supervision (Guo Ban Fa [2019] No. 35)',
    },
    departmentType: SUPERVISORS,
    note: "Paragraphs not confirmed. No term in either: the entry's own term bounds it.",
  },
  {
    code: 'funding_priority',
    effect: 'incentive',
    group: 'red_list_incentive',
    outsideCharter: null,
    appliesTo: 'listed_subject',
    items: null,
    domain: 'subsidies',
    follows: ['red'],
    maxTerm: LONGEST,
    name: {
      zh: '同等条件下优先安排财政性资金项目',
      en: 'Priority, other things equal, in projects funded by the state',
    },
    legalProvision: {
      zh: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）',
      en: 'State Council Guo Fa [2016] No. 33 (priority for trustworthy market players in funded projects and preferential policies)',
    },
    departmentType: FUNDING_DEPARTMENTS,
    note: "Wording as remembered; paragraph not confirmed. No term: the entry's own term bounds it.",
  },
  // ---- national measures outside the charter: named, never selectable ----
  {
    code: 'high_consumption_restriction_of_officers',
    effect: 'restriction',
    group: 'rights_reducing',
    name: {
      zh: '单位被执行人的法定代表人、主要负责人等不得实施高消费',
      en: "High-consumption restriction on a debtor organisation's legal representative, principal and others",
    },
    legalProvision: {
      zh: '《最高人民法院关于限制被执行人高消费及有关消费的若干规定》第三条第二款',
      en: "Supreme People's Court Provisions on Restricting High Consumption and Related Consumption of Judgment Debtors, art. 3(2)",
    },
    outsideCharter: {
      rule: 'targets_others',
      reason: {
        zh: '及于单位被执行人的法定代表人、主要负责人、影响债务履行的直接责任人员和实际控制人，即名单主体以外的人',
        en: 'it reaches the legal representative, principal, responsible staff and actual controller of a debtor organisation: people other than the listed subject',
      },
    },
  },
  {
    code: 'schooling_bar_for_refusing_military_service',
    effect: 'restriction',
    group: 'rights_reducing',
    name: {
      zh: '拒绝、逃避征集服现役拒不改正的，不得升学复学',
      en: 'No admission to or return to school or university after refusing conscription',
    },
    legalProvision: {
      zh: '《中华人民共和国兵役法》（2021年修订）第五十七条第二款',
      en: 'Military Service Law of the PRC (revised 2021), art. 57(2)',
    },
    outsideCharter: {
      rule: 'basic_rights',
      reason: {
        zh: '限制受教育，属于任何措施都不得触及的基本权利',
        en: 'it bars education, a basic right no measure may reach',
      },
    },
    note: "The article as remembered, not re-read for this release; kept so that the refusal is explicit. The same paragraph's bars on public employment and on leaving the country are in no Fides domain.",
  },
]

export function findMeasureType(code: string): MeasureType | undefined {
  return MEASURE_DICTIONARY.find((m) => m.code === code)
}
