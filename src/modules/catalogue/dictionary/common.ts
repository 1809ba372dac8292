// Elements every decision carries, whatever its field: who decided, under which number, the facts found, its state.
import { EVERYONE, type Element } from './shared.ts'

const USCC_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'

export const COMMON_ELEMENTS: readonly Element[] = [
  {
    code: 'decisionNumber', category: 'common', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '决定书文号', en: 'Decision number' },
    description: { zh: '作出决定的文书编号。', en: 'Number of the decision document, e.g. 京朝市监处罚〔2025〕1024号.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['京朝市监处罚〔2025〕1024号', '沪市监浦处〔2025〕152025000123号'],
  },
  {
    code: 'authority', category: 'common', value: { type: 'name', maxLength: 200 },
    name: { zh: '决定机关', en: 'Deciding authority' },
    description: { zh: '作出决定的行政机关名称。', en: 'Name of the administrative authority that made the decision.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['北京市朝阳区市场监督管理局', '上海市浦东新区市场监督管理局'],
  },
  {
    code: 'authorityCode', category: 'common', value: { type: 'identifier', minLength: 18, maxLength: 18, pattern: USCC_PATTERN },
    name: { zh: '决定机关统一社会信用代码', en: 'Authority\'s credit code' },
    description: { zh: '决定机关的统一社会信用代码。', en: 'Unified Social Credit Code of the deciding authority.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['11310115MB2F38888C'],
  },
  {
    code: 'currency', category: 'common',
    value: { type: 'code', values: { CNY: ['人民币', 'renminbi (CNY)'], USD: ['美元', 'US dollar'], EUR: ['欧元', 'euro'], HKD: ['港元', 'Hong Kong dollar'], JPY: ['日元', 'yen'], GBP: ['英镑', 'pound sterling'] } },
    name: { zh: '币种', en: 'Currency' },
    description: { zh: '金额的币种（ISO 4217）。', en: 'ISO 4217 currency of the record\'s amounts.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['CNY'],
  },
  {
    code: 'summary', category: 'common', value: { type: 'text', maxLength: 500 },
    name: { zh: '违法事实摘要', en: 'Summary of the facts' },
    description: {
      zh: '决定书公布的违法事实简述：违反的规定和认定的事实，不含个人信息（身份证号码、个人姓名在入库时遮蔽）。',
      en: 'Short statement of the facts found as published in the decision, without personal details (identity numbers and persons\' names are masked on the way in).',
    },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['经营场所内部分商品未按规定明码标价。', '在电商平台发布的商品广告中使用虚构的销售数据，构成虚假广告。'],
  },
  {
    code: 'violatedProvisions', category: 'common', value: { type: 'text', maxLength: 300 },
    name: { zh: '违反的法律条款', en: 'Provisions violated' },
    description: { zh: '认定违反的法律、法规条款。', en: 'Articles of law or regulation found to be violated, e.g. 《中华人民共和国广告法》第二十八条.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['《中华人民共和国价格法》第十三条', '《中华人民共和国广告法》第二十八条第二款第（二）项'],
  },
  {
    code: 'penaltyBasis', category: 'common', value: { type: 'text', maxLength: 300 },
    name: { zh: '处罚依据', en: 'Legal basis of the penalty' },
    description: { zh: '作出处罚所依据的条款。', en: 'Articles under which the penalty was imposed.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['《明码标价和禁止价格欺诈规定》第二十一条', '《中华人民共和国广告法》第五十五条第一款'],
  },
  {
    code: 'decisionStatus', category: 'common',
    value: {
      type: 'code', values: {
        in_force: ['有效', 'in force'], varied: ['经复议或诉讼变更', 'varied on review or appeal'], revoked: ['已撤销', 'revoked'],
        confirmed_unlawful: ['被确认违法', 'confirmed unlawful'], confirmed_void: ['被确认无效', 'confirmed void'],
      },
    },
    name: { zh: '决定状态', en: 'State of the decision' },
    description: { zh: '决定是否仍然有效，或经复议、诉讼变更、撤销、确认违法或无效。', en: 'Whether the decision is in force, or was varied, revoked, or confirmed unlawful or void on review or appeal.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['in_force'],
  },
  {
    code: 'validUntil', category: 'common', value: { type: 'date' },
    name: { zh: '有效期至', en: 'Valid until' },
    description: { zh: '许可或荣誉的有效期截止日；不设期限的不填。', en: 'Last day a licence or honour is valid; absent if it does not expire.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_licence',
    examples: ['2030-03-17', '2026-12-31'],
  },
  {
    code: 'listedUntil', category: 'common', value: { type: 'date' },
    name: { zh: '列入期限至', en: 'Listed until' },
    description: { zh: '列入名单的期限截止日。', en: 'End of a listing\'s term.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_lists',
    examples: ['2028-03-20'],
  },
  {
    code: 'removedOn', category: 'common', value: { type: 'date' },
    name: { zh: '移出日期', en: 'Removed on' },
    description: { zh: '移出名单或名录的日期。', en: 'Date the subject was removed from a list or register.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_lists',
    examples: [null, '2025-02-14'],
  },
  {
    code: 'paidOn', category: 'common', value: { type: 'date' },
    name: { zh: '清偿日期', en: 'Paid on' },
    description: { zh: '欠付款项全部清偿的日期。', en: 'Date the amount owed was paid in full.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_contracts',
    examples: [null, '2025-05-30'],
  },
  {
    code: 'listingAuthority', category: 'common', value: { type: 'name', maxLength: 200 },
    name: { zh: '列入机关', en: 'Listing authority' },
    description: { zh: '作出列入决定的机关。', en: 'Authority that made the listing decision.' },
    subjectTypes: EVERYONE, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_lists',
    examples: ['郑州市人力资源和社会保障局', '广州市天河区市场监督管理局'],
  },
]
