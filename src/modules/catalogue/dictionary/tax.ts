// Tax: arrears notices (税收征收管理法 art. 45) and the tax credit evaluation's result.
import { EVERYONE, MARKET_ENTITIES, type Element } from './shared.ts'

/** anyone who pays tax: every subject but a public body */
const TAXPAYERS = EVERYONE.filter((t) => t !== 'public_body')

export const TAX_ELEMENTS: readonly Element[] = [
  {
    code: 'taxAuthority', category: 'tax', value: { type: 'name', maxLength: 200 },
    name: { zh: '税务机关', en: 'Tax authority' },
    description: { zh: '发布信息的税务机关。', en: 'Tax authority that published the information.' },
    subjectTypes: TAXPAYERS, mayBePublic: true, legalBasis: 'tax_administration', source: 'catalogue_tax',
    examples: ['国家税务总局广州市天河区税务局', '国家税务总局杭州市税务局'],
  },
  {
    code: 'taxTypes', category: 'tax',
    value: {
      type: 'codes', values: {
        value_added_tax: ['增值税', 'value-added tax'], consumption_tax: ['消费税', 'consumption tax'], corporate_income_tax: ['企业所得税', 'corporate income tax'],
        individual_income_tax_withheld: ['代扣代缴个人所得税', 'individual income tax withheld'], resource_tax: ['资源税', 'resource tax'],
        land_value_increment_tax: ['土地增值税', 'land value increment tax'], urban_maintenance_and_construction_tax: ['城市维护建设税', 'urban maintenance and construction tax'],
        stamp_duty: ['印花税', 'stamp duty'], property_tax: ['房产税', 'property tax'], urban_land_use_tax: ['城镇土地使用税', 'urban land use tax'],
        vehicle_and_vessel_tax: ['车船税', 'vehicle and vessel tax'], deed_tax: ['契税', 'deed tax'],
        cultivated_land_occupation_tax: ['耕地占用税', 'cultivated land occupation tax'], environmental_protection_tax: ['环境保护税', 'environmental protection tax'], other: ['其他', 'other'],
      },
    },
    name: { zh: '欠缴税种', en: 'Taxes in arrears' },
    description: { zh: '欠缴的税种。', en: 'Taxes in arrears.' },
    subjectTypes: TAXPAYERS, mayBePublic: true, legalBasis: 'tax_administration', source: 'catalogue_tax',
    examples: [['value_added_tax', 'urban_maintenance_and_construction_tax']],
  },
  {
    code: 'arrearsBalance', category: 'tax', value: { type: 'amount', unit: 'CNY' },
    name: { zh: '欠税余额', en: 'Arrears balance' },
    description: { zh: '截至余额日的欠税余额（人民币）。', en: 'Balance of tax in arrears on balanceAsOf, in CNY.' },
    subjectTypes: TAXPAYERS, mayBePublic: true, legalBasis: 'tax_administration', source: 'catalogue_tax',
    personsNeedConsent: true, examples: [238410.77],
  },
  {
    code: 'newArrearsInPeriod', category: 'tax', value: { type: 'amount', unit: 'CNY' },
    name: { zh: '当期新发生欠税', en: 'New arrears in the period' },
    description: { zh: '公告期内新发生的欠税（人民币）。', en: 'Arrears newly arising in the notice period, in CNY.' },
    subjectTypes: TAXPAYERS, mayBePublic: true, legalBasis: 'tax_administration', source: 'catalogue_tax',
    personsNeedConsent: true, examples: [15200],
  },
  {
    code: 'balanceAsOf', category: 'tax', value: { type: 'date' },
    name: { zh: '余额日期', en: 'Balance as of' },
    description: { zh: '余额所指的日期。', en: 'Date the balance refers to.' },
    subjectTypes: TAXPAYERS, mayBePublic: true, legalBasis: 'tax_administration', source: 'catalogue_tax',
    examples: ['2025-06-30'],
  },
  {
    code: 'evaluationYear', category: 'tax', value: { type: 'year', minimum: 2014, maximum: 2100 },
    name: { zh: '评价年度', en: 'Year evaluated' },
    description: { zh: '纳税信用评价的年度。', en: 'Year of the tax credit evaluation.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'tax_administration', source: 'catalogue_tax',
    examples: [2024],
  },
  {
    code: 'taxCreditGrade', category: 'tax',
    value: {
      type: 'code', values: {
        A: ['A级', 'grade A'], B: ['B级', 'grade B'], M: ['M级（新设立或无经营收入）', 'grade M (new or without revenue)'], C: ['C级', 'grade C'], D: ['D级', 'grade D'],
      },
    },
    name: { zh: '纳税信用级别', en: 'Tax credit grade' },
    description: { zh: '纳税信用评价级别：A、B、M、C、D。', en: 'Tax credit grade: A, B, M (new or inactive taxpayers without adverse findings), C or D.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'tax_administration', source: 'catalogue_tax',
    examples: ['A', 'C'],
  },
  {
    code: 'taxCreditScore', category: 'tax', value: { type: 'score', minimum: 0, maximum: 100 },
    name: { zh: '纳税信用评价得分', en: 'Tax credit score' },
    description: { zh: '税务机关给出的评价得分（百分制）。', en: 'Evaluation score out of 100, where the tax authority gives one.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: false, legalBasis: 'tax_administration', source: 'catalogue_tax',
    examples: [95, null],
  },
]
