// Administrative licences and penalties: the double-publicity (双公示) items of the national catalogue.
import { EVERYONE, ORGANISATIONS, type Element } from './shared.ts'

export const ADMINISTRATIVE_ELEMENTS: readonly Element[] = [
  {
    code: 'penaltyTypes', category: 'administrative_penalties',
    value: {
      type: 'codes', values: {
        warning: ['警告', 'warning'], circulated_criticism: ['通报批评', 'circulated criticism'], fine: ['罚款', 'fine'],
        confiscation_of_unlawful_gains: ['没收违法所得', 'confiscation of unlawful gains'],
        confiscation_of_illegal_articles: ['没收非法财物', 'confiscation of illegal articles'],
        licence_suspension: ['暂扣许可证件', 'licence suspended'], qualification_downgrade: ['降低资质等级', 'qualification downgraded'],
        licence_revocation: ['吊销许可证件', 'licence revoked'], business_restriction: ['限制开展生产经营活动', 'business activities restricted'],
        suspension_of_production_or_business: ['责令停产停业', 'production or business suspended'], order_to_close: ['责令关闭', 'ordered to close'],
        employment_restriction: ['限制从业', 'barred from the trade'], administrative_detention: ['行政拘留', 'administrative detention'],
        other_statutory_penalty: ['法律、行政法规规定的其他行政处罚', 'other penalty set by law'],
      },
    },
    name: { zh: '处罚类别', en: 'Types of penalty' },
    description: { zh: '按《行政处罚法》第九条的处罚种类。', en: 'Penalties imposed, by the types of Administrative Penalty Law art. 9.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [['fine'], ['fine', 'confiscation_of_unlawful_gains']],
  },
  {
    code: 'fineAmount', category: 'administrative_penalties', value: { type: 'amount', unit: 'record_currency' },
    name: { zh: '罚款金额', en: 'Fine' },
    description: { zh: '罚款金额（按记录的币种）。', en: 'Fine imposed, in the record\'s currency.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [2000, 60000],
  },
  {
    code: 'confiscatedAmount', category: 'administrative_penalties', value: { type: 'amount', unit: 'record_currency' },
    name: { zh: '没收违法所得、没收非法财物的金额', en: 'Amount confiscated' },
    description: { zh: '没收的违法所得或非法财物金额。', en: 'Unlawful gains or illegal articles confiscated, in the record\'s currency.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [12850.5],
  },
  {
    code: 'licenceNumber', category: 'licensing', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '许可证书编号', en: 'Licence number' },
    description: { zh: '颁发的许可证书编号。', en: 'Number of the licence certificate, where one is issued.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['JY11105050123456'],
  },
  {
    code: 'licenceName', category: 'licensing', value: { type: 'name', maxLength: 200 },
    name: { zh: '许可证书名称', en: 'Licence' },
    description: { zh: '许可证书名称，如食品经营许可证。', en: 'Name of the licence, e.g. 食品经营许可证 (food business licence).' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['食品经营许可证', '排污许可证'],
  },
  {
    code: 'licenceCategory', category: 'licensing',
    value: {
      type: 'code', values: {
        general: ['普通', 'general'], franchise: ['特许', 'franchise'], accreditation: ['认可', 'accreditation'],
        approval: ['核准', 'approval'], registration: ['登记', 'registration'], other: ['其他', 'other'],
      },
    },
    name: { zh: '许可类别', en: 'Licence category' },
    description: { zh: '双公示数据标准中的许可类别。', en: 'Category in the double-publicity data standard.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['general', 'approval'],
  },
  {
    code: 'scope', category: 'licensing', value: { type: 'text', maxLength: 500 },
    name: { zh: '许可内容', en: 'Licensed scope' },
    description: { zh: '许可决定载明的许可内容。', en: 'Licensed scope as stated in the decision.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['预包装食品销售（含冷藏冷冻食品）；热食类食品制售', '废水、废气污染物排放'],
  },
  {
    code: 'issuingAuthority', category: 'licensing', value: { type: 'name', maxLength: 200 },
    name: { zh: '许可机关', en: 'Licensing authority' },
    description: { zh: '作出许可决定的机关。', en: 'Name of the licensing authority.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['北京市朝阳区市场监督管理局', '福州市生态环境局'],
  },
  {
    code: 'validFrom', category: 'licensing', value: { type: 'date' },
    name: { zh: '有效期自', en: 'Valid from' },
    description: { zh: '许可生效的第一天。', en: 'First day the licence is valid.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['2025-03-18', '2024-06-01'],
  },
  {
    code: 'licenceStatus', category: 'licensing',
    value: {
      type: 'code', values: {
        valid: ['有效', 'valid'], expired: ['已过期', 'expired'], suspended: ['暂扣', 'suspended'], revoked: ['吊销', 'revoked'],
        cancelled: ['注销', 'cancelled'], withdrawn: ['撤回', 'withdrawn'],
      },
    },
    name: { zh: '许可状态', en: 'State of the licence' },
    description: { zh: '许可的当前状态。', en: 'Current state of the licence.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['valid'],
  },
]
