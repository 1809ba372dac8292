// The kinds of record that may exist at all, shipped with the release: each with its name, the legal basis that allows
// it, its category, polarity and (for penalties) severity, fixed here; the subjects it may describe at most and the
// most open disclosure it may have. A deployment's catalogue selects kinds by code and may narrow them (fewer subject
// types, a more restricted disclosure, shorter windows and retention, fewer or narrower elements); it cannot create a
// kind or rename one. They are the items of the National Basic Catalogue of Public Credit Information (2024 edition)
// that carry credit records, and the credit accounts lenders report.
import type { Disclosure, LocalisedText, Polarity, RecordCategory, Severity, SubjectType } from '../catalogue.ts'

export interface KindType {
  code: string
  name: LocalisedText
  legalBasis: LocalisedText
  category: RecordCategory
  polarity: Polarity
  severity?: Severity
  /** the subject types it may describe at most */
  subjectTypes: readonly SubjectType[]
  /** the most open disclosure it may have: public, then restricted, then consent_required */
  disclosure: Disclosure
}

/** What a kind type fixes: a catalogue file does not write these, the dictionary gives them. */
export const FIXED_KIND_KEYS = ['name', 'legalBasis', 'category', 'polarity', 'severity'] as const

/** The properties a kind takes from its type. */
export function fixedFieldsOf(type: KindType): Pick<KindType, (typeof FIXED_KIND_KEYS)[number]> {
  return {
    name: type.name,
    legalBasis: type.legalBasis,
    category: type.category,
    polarity: type.polarity,
    ...(type.severity ? { severity: type.severity } : {}),
  }
}

/** A kind as a catalogue file writes it: what the dictionaries give (its type's fixed properties, the derived field schema) left out. */
export function kindAsWritten(kind: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...kind }
  for (const key of [...FIXED_KIND_KEYS, 'fields']) delete out[key]
  return out
}

export const KIND_TYPES: readonly KindType[] = [
  {
    code: 'admin_licence',
    name: { zh: '行政许可', en: 'Administrative licence' },
    legalBasis: {
      zh: '《中华人民共和国行政许可法》第四十条（准予行政许可的决定应当予以公开，公众有权查阅）；《国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见》（国办发〔2015〕51号）（行政许可和行政处罚信息“双公示”，自作出决定之日起7个工作日内上网公开）',
      en: 'Administrative Licensing Law of the PRC, art. 40 (decisions granting a licence shall be made public and open to inspection); General Office of the State Council, Opinions on Using Big Data to Strengthen Services to and Supervision of Market Entities (Guo Ban Fa [2015] No. 51) ("double publicity" of licences and penalties online within 7 working days of the decision)',
    },
    category: 'licensing',
    polarity: 'neutral',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
    ],
    disclosure: 'public',
  },
  {
    code: 'admin_penalty_minor',
    name: { zh: '行政处罚（轻微失信）', en: 'Administrative penalty (minor)' },
    legalBasis: {
      zh: '《中华人民共和国行政处罚法》第九条（处罚种类）、第四十八条（具有一定社会影响的行政处罚决定应当依法公开）；《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展和改革委员会令2023年第58号）（公示期限与信用修复）',
      en: 'Administrative Penalty Law of the PRC, art. 9 (types of penalty) and art. 48 (penalty decisions with a certain social impact shall be made public); Measures for Restoring Credit Information after a Breach of Trust Is Corrected (Trial), NDRC Order No. 58 of 2023 (publication periods and credit repair)',
    },
    category: 'administrative_penalties',
    polarity: 'negative',
    severity: 'minor',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
      'person',
    ],
    disclosure: 'public',
  },
  {
    code: 'admin_penalty_general',
    name: { zh: '行政处罚（一般失信）', en: 'Administrative penalty (general)' },
    legalBasis: {
      zh: '《中华人民共和国行政处罚法》第九条（处罚种类）、第四十八条（具有一定社会影响的行政处罚决定应当依法公开）；《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展和改革委员会令2023年第58号）（公示期限与信用修复）',
      en: 'Administrative Penalty Law of the PRC, art. 9 (types of penalty) and art. 48 (penalty decisions with a certain social impact shall be made public); Measures for Restoring Credit Information after a Breach of Trust Is Corrected (Trial), NDRC Order No. 58 of 2023 (publication periods and credit repair)',
    },
    category: 'administrative_penalties',
    polarity: 'negative',
    severity: 'general',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
      'person',
    ],
    disclosure: 'public',
  },
  {
    code: 'admin_penalty_serious',
    name: { zh: '行政处罚（严重失信）', en: 'Administrative penalty (serious)' },
    legalBasis: {
      zh: '《中华人民共和国行政处罚法》第九条（处罚种类）、第四十八条（具有一定社会影响的行政处罚决定应当依法公开）；《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展和改革委员会令2023年第58号）（公示期限与信用修复）',
      en: 'Administrative Penalty Law of the PRC, art. 9 (types of penalty) and art. 48 (penalty decisions with a certain social impact shall be made public); Measures for Restoring Credit Information after a Breach of Trust Is Corrected (Trial), NDRC Order No. 58 of 2023 (publication periods and credit repair)',
    },
    category: 'administrative_penalties',
    polarity: 'negative',
    severity: 'serious',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
      'person',
    ],
    disclosure: 'public',
  },
  {
    code: 'admin_penalty_warning',
    name: { zh: '行政处罚（仅警告）', en: 'Administrative penalty (warning only)' },
    legalBasis: {
      zh: '《中华人民共和国行政处罚法》第九条第（一）项（警告）、第四十八条；国家发展改革委信用网站行政处罚信息公示规则（仅受警告的行政处罚信息不向社会公示）',
      en: 'Administrative Penalty Law of the PRC, art. 9(1) (warning) and art. 48; NDRC rules for publishing administrative penalties on credit websites (penalties consisting only of a warning are not published)',
    },
    category: 'administrative_penalties',
    polarity: 'negative',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
      'person',
    ],
    disclosure: 'restricted',
  },
  {
    code: 'court_judgment_enforcement',
    name: { zh: '生效裁判及执行信息', en: 'Effective court judgment and its enforcement' },
    legalBasis: {
      zh: '《中华人民共和国民事诉讼法》第三编（执行程序）；《最高人民法院关于人民法院在互联网公布裁判文书的规定》（法释〔2016〕19号）；《最高人民法院关于人民法院执行流程公开的若干意见》（法发〔2014〕18号）',
      en: "Civil Procedure Law of the PRC, Part Three (enforcement procedure); Supreme People's Court Provisions on the Publication of Judgments on the Internet (Fa Shi [2016] No. 19); Supreme People's Court Opinions on Opening the Enforcement Process to the Public (Fa Fa [2014] No. 18)",
    },
    category: 'judicial',
    polarity: 'negative',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
      'person',
    ],
    disclosure: 'restricted',
  },
  {
    code: 'judgment_defaulter',
    name: { zh: '失信被执行人', en: 'Judgment defaulter (listed dishonest party subject to enforcement)' },
    legalBasis: {
      zh: '《最高人民法院关于公布失信被执行人名单信息的若干规定》（法释〔2013〕17号，法释〔2017〕7号修正）第一条（纳入情形）、第二条（纳入期限二年，情节严重的可延长一至三年）、第六条（记载和公布的事项）、第十条（删除）；《中华人民共和国民事诉讼法》第三编（执行程序）',
      en: "Supreme People's Court Provisions on Publishing the List of Dishonest Judgment Debtors (Fa Shi [2013] No. 17, amended by Fa Shi [2017] No. 7), art. 1 (criteria), art. 2 (two-year term, extendable by one to three years in serious cases), art. 6 (what is recorded and published), art. 10 (removal); Civil Procedure Law of the PRC, Part Three (enforcement procedure)",
    },
    category: 'judicial',
    polarity: 'negative',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
      'person',
    ],
    disclosure: 'public',
  },
  {
    code: 'tax_arrears',
    name: { zh: '欠税公告', en: 'Tax arrears (public notice)' },
    legalBasis: {
      zh: '《中华人民共和国税收征收管理法》第四十五条第三款（税务机关应当对纳税人欠缴税款的情况定期予以公告）；《欠税公告办法（试行）》（国家税务总局令第9号）',
      en: "Tax Collection Administration Law of the PRC, art. 45(3) (tax authorities shall regularly publish taxpayers' tax arrears); Measures for Public Notice of Tax Arrears (Trial), State Taxation Administration Order No. 9",
    },
    category: 'tax',
    polarity: 'negative',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'other_organisation',
      'person',
    ],
    disclosure: 'public',
  },
  {
    code: 'tax_credit_grade',
    name: { zh: '纳税信用等级', en: 'Tax credit grade' },
    legalBasis: {
      zh: '《中华人民共和国税收征收管理法》；《纳税信用管理办法》（国家税务总局）（纳税信用评价与A、B、M、C、D级）',
      en: 'Tax Collection Administration Law of the PRC; Measures for the Administration of Tax Credit (State Taxation Administration) (annual tax credit evaluation, grades A, B, M, C and D)',
    },
    category: 'tax',
    polarity: 'neutral',
    subjectTypes: ['enterprise', 'individual_business', 'cooperative', 'other_organisation'],
    disclosure: 'restricted',
  },
  {
    code: 'loan_account',
    name: { zh: '信贷账户及还款记录', en: 'Loan account and 24-month repayment history' },
    legalBasis: {
      zh: '《征信业管理条例》第二十九条（从事信贷业务的机构应当按照规定向金融信用信息基础数据库提供信贷信息）、第十三条（采集个人信息应当经信息主体本人同意）、第十六条（不良信息保存期限）；《征信业务管理办法》（中国人民银行令〔2021〕第4号）',
      en: "Regulations on the Administration of the Credit Investigation Industry, art. 29 (lenders shall report credit information to the financial credit information database), art. 13 (personal information is collected with the subject's consent), art. 16 (retention of negative information); Measures for the Administration of Credit Investigation Business, PBOC Order [2021] No. 4",
    },
    category: 'finance',
    polarity: 'neutral',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'other_organisation',
      'person',
    ],
    disclosure: 'restricted',
  },
  {
    code: 'public_body_contract_default',
    name: { zh: '机关事业单位违约拖欠款项', en: 'Contract default by a public body' },
    legalBasis: {
      zh: '《保障中小企业款项支付条例》（国务院令第728号公布，国务院令第802号修订）（机关、事业单位支付期限及拖欠信息公开与失信惩戒）；《优化营商环境条例》（国务院令第722号）（政府应当履行依法订立的各类合同，不得违约毁约）；《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）',
      en: 'Regulations on Ensuring Payments to Small and Medium-sized Enterprises (State Council Order No. 728, revised by Order No. 802) (payment deadlines for government bodies and public institutions, publication of arrears and sanctions for breach of trust); Regulations on Optimising the Business Environment (State Council Order No. 722) (governments shall perform the contracts they lawfully conclude and shall not default on them); State Council Guiding Opinions on Strengthening Government Integrity (Guo Fa [2016] No. 76)',
    },
    category: 'public_contracts',
    polarity: 'negative',
    subjectTypes: ['public_body'],
    disclosure: 'public',
  },
  {
    code: 'wage_arrears_listing',
    name: { zh: '拖欠农民工工资失信联合惩戒对象', en: 'Listed for wage arrears owed to migrant workers' },
    legalBasis: {
      zh: '《保障农民工工资支付条例》（国务院令第724号）第四十八条（拖欠农民工工资情节严重或者造成严重不良社会影响的，列入失信联合惩戒对象名单）；《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源和社会保障部令第45号）（列入条件，期限三年，改正满六个月后可申请提前移出）',
      en: 'Regulations on Ensuring Payment of Wages to Migrant Workers (State Council Order No. 724), art. 48 (employers in serious wage arrears, or whose arrears caused serious adverse social impact, are listed for joint sanctions); Interim Measures for the List of Joint Sanctions for Wage Arrears to Migrant Workers (MOHRSS Order No. 45) (criteria; three-year term; early removal may be applied for six months after correction)',
    },
    category: 'labour',
    polarity: 'negative',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
    ],
    disclosure: 'public',
  },
  {
    code: 'product_safety_violation',
    name: { zh: '产品质量安全违法行政处罚', en: 'Product quality and safety violation' },
    legalBasis: {
      zh: '《中华人民共和国产品质量法》第四十九条至第五十四条（生产、销售不符合保障人身、财产安全标准的产品，掺杂掺假，淘汰产品，失效变质产品，伪造产地或质量标志，标识不符合规定）；《中华人民共和国行政处罚法》第四十八条',
      en: 'Product Quality Law of the PRC, arts. 49-54 (producing or selling products that fail the standards for the safety of persons and property, adulteration and counterfeits, products ordered off the market, expired or deteriorated products, false origin or quality marks, non-compliant marking); Administrative Penalty Law of the PRC, art. 48',
    },
    category: 'product_safety',
    polarity: 'negative',
    severity: 'general',
    subjectTypes: ['enterprise', 'individual_business', 'cooperative', 'other_organisation'],
    disclosure: 'public',
  },
  {
    code: 'environmental_penalty',
    name: { zh: '生态环境行政处罚', en: 'Environmental administrative penalty' },
    legalBasis: {
      zh: '《中华人民共和国环境保护法》第五十四条第三款（环境违法信息记入社会诚信档案，及时向社会公布违法者名单）、第五十九条（按日连续处罚）、第六十三条；《生态环境行政处罚办法》；《中华人民共和国行政处罚法》第四十八条',
      en: 'Environmental Protection Law of the PRC, art. 54(3) (environmental violations are entered in social credit files and offenders published), art. 59 (daily continuous penalties), art. 63; Measures on Administrative Penalties for the Ecological Environment; Administrative Penalty Law of the PRC, art. 48',
    },
    category: 'environment',
    polarity: 'negative',
    severity: 'general',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
    ],
    disclosure: 'public',
  },
  {
    code: 'work_safety_penalty',
    name: { zh: '安全生产行政处罚', en: 'Workplace health and safety penalty' },
    legalBasis: {
      zh: '《中华人民共和国安全生产法》第七十八条（安全生产违法行为信息库，情节严重的生产经营单位向社会公告）；《中华人民共和国行政处罚法》第四十八条',
      en: 'Work Safety Law of the PRC, art. 78 (database of work-safety violations; serious offenders are announced to the public); Administrative Penalty Law of the PRC, art. 48',
    },
    category: 'labour',
    polarity: 'negative',
    severity: 'general',
    subjectTypes: ['enterprise', 'individual_business', 'cooperative', 'social_organisation', 'other_organisation'],
    disclosure: 'public',
  },
  {
    code: 'public_procurement_breach',
    name: { zh: '政府采购严重违法失信行为', en: 'Serious breach in government procurement' },
    legalBasis: {
      zh: '《中华人民共和国政府采购法》第七十七条（供应商提供虚假材料、恶意串通、行贿等情形，处以罚款，列入不良行为记录名单，在一至三年内禁止参加政府采购活动）；《中华人民共和国行政处罚法》第四十八条',
      en: 'Government Procurement Law of the PRC, art. 77 (suppliers who submit false material, collude, offer bribes and the like are fined, entered in the record of misconduct and barred from government procurement for one to three years); Administrative Penalty Law of the PRC, art. 48',
    },
    category: 'public_procurement',
    polarity: 'negative',
    severity: 'serious',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'other_organisation',
      'person',
    ],
    disclosure: 'public',
  },
  {
    code: 'commendation',
    name: { zh: '诚实守信相关荣誉', en: 'Commendation for honesty and integrity' },
    legalBasis: {
      zh: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）（守信激励，表彰诚信典型）；《全国公共信用信息基础目录》（国家发展改革委、中国人民银行）（诚实守信相关荣誉信息）',
      en: 'State Council Guiding Opinions on Joint Incentives for Trustworthiness and Joint Sanctions for Untrustworthiness (Guo Fa [2016] No. 33) (incentives for and commendation of trustworthy entities); National Basic Catalogue of Public Credit Information (NDRC and PBOC) (honours related to honesty and trustworthiness)',
    },
    category: 'commendations',
    polarity: 'positive',
    subjectTypes: [
      'enterprise',
      'individual_business',
      'cooperative',
      'social_organisation',
      'public_body',
      'other_organisation',
    ],
    disclosure: 'public',
  },
  {
    code: 'abnormal_operation_listing',
    name: { zh: '列入经营异常名录', en: 'Listed as operating abnormally' },
    legalBasis: {
      zh: '《企业信息公示暂行条例》（国务院令第654号）第十七条（未按规定公示年度报告等情形，列入经营异常名录并向社会公示）；《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号）第四条（列入情形）',
      en: 'Interim Regulations on Enterprise Information Disclosure (State Council Order No. 654), art. 17 (enterprises that fail to publish their annual report and the like are listed as operating abnormally and announced to the public); Interim Measures for the Administration of the List of Enterprises Operating Abnormally (SAIC Order No. 68), art. 4 (criteria)',
    },
    category: 'market_supervision',
    polarity: 'negative',
    subjectTypes: ['enterprise', 'cooperative'],
    disclosure: 'public',
  },
]
