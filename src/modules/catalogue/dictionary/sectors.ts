// The fields the national catalogue names beyond penalties: public bodies' contracts, wages and work safety, product
// quality, the environment, government procurement, honours, and the register of abnormal operations.
import type { SubjectType } from '../catalogue.ts'
import { EVERYONE, MARKET_ENTITIES, ORGANISATIONS, type Element } from './shared.ts'

const PUBLIC_BODIES: readonly SubjectType[] = ['public_body']
const EMPLOYERS: readonly SubjectType[] = ORGANISATIONS
const SUPPLIERS: readonly SubjectType[] = EVERYONE.filter((t) => t !== 'public_body')

export const SECTOR_ELEMENTS: readonly Element[] = [
  // public bodies' contracts with enterprises (Regulations on Ensuring Payment to SMEs)
  {
    code: 'contractNumber', category: 'public_contracts', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '合同编号', en: 'Contract number' },
    description: { zh: '未按约定付款的合同编号。', en: 'Number of the contract not paid as agreed.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: ['HT-2023-GC-0417'],
  },
  {
    code: 'contractSubject', category: 'public_contracts',
    value: { type: 'code', values: { goods: ['货物', 'goods'], works: ['工程', 'works'], services: ['服务', 'services'] } },
    name: { zh: '采购对象', en: 'What was procured' },
    description: { zh: '合同采购的是货物、工程还是服务。', en: 'Whether the contract bought goods, works or services.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: ['works'],
  },
  {
    code: 'contractAmount', category: 'public_contracts', value: { type: 'amount', unit: 'record_currency' },
    name: { zh: '合同金额', en: 'Contract amount' },
    description: { zh: '合同总金额。', en: 'Total contract amount, in the record\'s currency.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: [4800000],
  },
  {
    code: 'amountOverdue', category: 'public_contracts', value: { type: 'amount', unit: 'record_currency' },
    name: { zh: '逾期未付金额', en: 'Amount overdue' },
    description: { zh: '逾期未支付的金额。', en: 'Amount overdue, in the record\'s currency.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: [1260000],
  },
  {
    code: 'paymentDueOn', category: 'public_contracts', value: { type: 'date' },
    name: { zh: '约定付款日期', en: 'Payment due on' },
    description: { zh: '约定的付款日期。', en: 'Date payment was due.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: ['2024-01-31'],
  },
  {
    code: 'creditorIsSme', category: 'public_contracts', value: { type: 'boolean' },
    name: { zh: '债权人为中小企业', en: 'Creditor is an SME' },
    description: { zh: '未获付款的债权人是否为中小企业。', en: 'Whether the unpaid creditor is a small or medium-sized enterprise.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: [true],
  },
  {
    code: 'determinationBasis', category: 'public_contracts',
    value: {
      type: 'code', values: {
        court_judgment: ['法院判决', 'court judgment'], arbitral_award: ['仲裁裁决', 'arbitral award'], complaint_decision: ['投诉处理决定', 'complaint decision'],
        audit_finding: ['审计查明', 'audit finding'], supervision_finding: ['监督检查认定', 'supervision finding'],
      },
    },
    name: { zh: '认定依据', en: 'How the default was established' },
    description: { zh: '逾期未付的认定方式。', en: 'How the default was established.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: ['court_judgment'],
  },
  {
    code: 'determiningAuthority', category: 'public_contracts', value: { type: 'name', maxLength: 200 },
    name: { zh: '认定机关', en: 'Determining authority' },
    description: { zh: '认定逾期未付的法院、仲裁机构或部门。', en: 'Court, arbitral body or department that established the default.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: ['江西省南昌市中级人民法院'],
  },
  {
    code: 'determinationDocumentNumber', category: 'public_contracts', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '认定文书编号', en: 'Determination document' },
    description: { zh: '认定逾期未付的文书编号。', en: 'Number of the document that established the default.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: ['（2024）赣01民终3321号'],
  },
  {
    code: 'paymentStatus', category: 'public_contracts',
    value: { type: 'code', values: { unpaid: ['未支付', 'unpaid'], partially_paid: ['部分支付', 'partly paid'], paid: ['已支付', 'paid'] } },
    name: { zh: '支付情况', en: 'Payment since' },
    description: { zh: '此后的支付情况。', en: 'Payment since the default.' },
    subjectTypes: PUBLIC_BODIES, mayBePublic: true, legalBasis: 'sme_payment', source: 'catalogue_contracts',
    examples: ['partially_paid'],
  },
  // wages owed to migrant workers, and work safety
  {
    code: 'wageArrearsCriteria', category: 'labour',
    value: {
      type: 'codes', values: {
        amount_reaches_criminal_threshold: ['克扣、无故拖欠工资数额达到拒不支付劳动报酬罪数额标准', 'wages withheld reach the threshold of the offence of refusing to pay'],
        caused_mass_or_extreme_incident: ['因拖欠工资引发群体性事件、极端事件造成严重不良社会影响', 'the arrears caused a mass or extreme incident'],
      },
    },
    name: { zh: '列入情形', en: 'Listing criteria met' },
    description: { zh: '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条的列入情形。', en: 'Criteria of art. 5 of the Interim Measures on the List of Wage-Arrears Defaulters that were met.' },
    subjectTypes: EMPLOYERS, mayBePublic: true, legalBasis: 'labour_supervision', source: 'catalogue_lists',
    examples: [['amount_reaches_criminal_threshold']],
  },
  {
    code: 'amountOwed', category: 'labour', value: { type: 'amount', unit: 'CNY' },
    name: { zh: '拖欠工资数额', en: 'Wages owed' },
    description: { zh: '列入时拖欠的工资（人民币）。', en: 'Wages in arrears when listed, in CNY.' },
    subjectTypes: EMPLOYERS, mayBePublic: true, legalBasis: 'labour_supervision', source: 'catalogue_lists',
    examples: [873400],
  },
  {
    code: 'workersAffected', category: 'labour', value: { type: 'count', minimum: 1, unit: 'persons' },
    name: { zh: '涉及人数', en: 'Workers owed' },
    description: { zh: '被拖欠工资的劳动者人数。', en: 'Number of workers owed.' },
    subjectTypes: EMPLOYERS, mayBePublic: true, legalBasis: 'labour_supervision', source: 'catalogue_lists',
    examples: [46],
  },
  {
    code: 'orderedToPayBy', category: 'labour', value: { type: 'date' },
    name: { zh: '责令支付期限', en: 'Ordered to pay by' },
    description: { zh: '责令支付决定设定的、已逾期未支付的期限。', en: 'Deadline set by the order to pay, which passed without payment.' },
    subjectTypes: EMPLOYERS, mayBePublic: true, legalBasis: 'labour_supervision', source: 'catalogue_lists',
    examples: ['2025-02-28'],
  },
  {
    code: 'workSafetyViolations', category: 'labour',
    value: {
      type: 'codes', values: {
        no_safety_management_body: ['未设置安全生产管理机构或配备管理人员', 'no safety management body or officer'],
        safety_training_not_provided: ['未进行安全生产教育和培训', 'safety training not provided'],
        hidden_hazard_not_eliminated: ['未及时排查治理事故隐患', 'hidden hazard not eliminated'],
        safety_equipment_not_maintained: ['安全设备未经常性维护保养', 'safety equipment not maintained'],
        special_operations_without_certificate: ['特种作业人员未持证上岗', 'special operations without a certificate'],
        accident_not_reported: ['事故迟报、漏报、谎报或瞒报', 'accident not reported'], other: ['其他', 'other'],
      },
    },
    name: { zh: '安全生产违法行为', en: 'Work-safety violations' },
    description: { zh: '认定的安全生产违法行为。', en: 'Work-safety violations found.' },
    subjectTypes: EMPLOYERS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [['hidden_hazard_not_eliminated', 'safety_training_not_provided']],
  },
  {
    code: 'accidentRelated', category: 'labour', value: { type: 'boolean' },
    name: { zh: '事故调查中发现', en: 'Found after an accident' },
    description: { zh: '违法行为是否在事故调查中发现。', en: 'Whether the violation was found in the investigation of an accident.' },
    subjectTypes: EMPLOYERS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [false],
  },
  // product quality
  {
    code: 'productName', category: 'product_safety', value: { type: 'name', maxLength: 200 },
    name: { zh: '产品名称', en: 'Product' },
    description: { zh: '涉及的产品。', en: 'Product concerned.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['电热水壶'],
  },
  {
    code: 'modelOrSpecification', category: 'product_safety', value: { type: 'identifier', maxLength: 100 },
    name: { zh: '规格型号', en: 'Model or specification' },
    description: { zh: '产品的规格型号。', en: 'Model or specification of the product.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['SK-1701'],
  },
  {
    code: 'batchNumber', category: 'product_safety', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '生产批号', en: 'Batch number' },
    description: { zh: '生产批次或批号。', en: 'Production batch or lot number.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['20250312A'],
  },
  {
    code: 'productQualityViolations', category: 'product_safety',
    value: {
      type: 'codes', values: {
        fails_safety_standard: ['不符合保障人体健康和人身、财产安全的标准（第四十九条）', 'fails the safety standard (art. 49)'],
        adulterated_or_counterfeit: ['掺杂掺假、以假充真、以次充好（第五十条）', 'adulterated or counterfeit (art. 50)'],
        product_ordered_off_market: ['生产销售明令淘汰的产品（第五十一条）', 'product ordered off the market (art. 51)'],
        expired_or_deteriorated: ['销售失效、变质的产品（第五十二条）', 'expired or deteriorated (art. 52)'],
        false_origin_or_quality_mark: ['伪造产地或冒用质量标志（第五十三条）', 'false origin or quality mark (art. 53)'],
        non_compliant_marking: ['产品标识不符合规定（第五十四条）', 'non-compliant marking (art. 54)'],
      },
    },
    name: { zh: '产品质量违法行为', en: 'Product-quality violations' },
    description: { zh: '违反的《产品质量法》条款。', en: 'Product Quality Law articles violated.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [['fails_safety_standard']],
  },
  {
    code: 'goodsValue', category: 'product_safety', value: { type: 'amount', unit: 'CNY' },
    name: { zh: '货值金额', en: 'Value of the goods' },
    description: { zh: '涉案货物的货值金额（人民币）。', en: 'Value of the goods concerned, in CNY.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [86400],
  },
  {
    code: 'recallOrdered', category: 'product_safety', value: { type: 'boolean' },
    name: { zh: '责令召回', en: 'Recall ordered' },
    description: { zh: '是否责令召回。', en: 'Whether a recall was ordered.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [true],
  },
  // the environment
  {
    code: 'siteName', category: 'environment', value: { type: 'name', maxLength: 200 },
    name: { zh: '设施或场所', en: 'Facility or site' },
    description: { zh: '涉及的设施或场所。', en: 'Facility or site concerned.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: ['吴江区印染车间污水处理站'],
  },
  {
    code: 'environmentalViolations', category: 'environment',
    value: {
      type: 'codes', values: {
        excess_discharge: ['超标排放污染物', 'discharge above the limits'], discharge_without_permit: ['无证排污', 'discharge without a permit'],
        evading_supervision: ['逃避监管排放污染物', 'discharge evading supervision'], construction_without_eia_approval: ['未批先建', 'built without environmental approval'],
        pollution_control_facilities_not_operated: ['不正常运行防治污染设施', 'pollution controls not operated'],
        hazardous_waste_mismanagement: ['违法处置危险废物', 'hazardous waste mishandled'], monitoring_data_falsified: ['篡改、伪造监测数据', 'monitoring data falsified'],
        other: ['其他', 'other'],
      },
    },
    name: { zh: '环境违法行为', en: 'Environmental violations' },
    description: { zh: '认定的环境违法行为。', en: 'Environmental violations found.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [['excess_discharge']],
  },
  {
    code: 'dailyContinuousPenalty', category: 'environment', value: { type: 'boolean' },
    name: { zh: '按日连续处罚', en: 'Daily continuous penalty' },
    description: { zh: '罚款是否为《环境保护法》第五十九条的按日连续处罚。', en: 'Whether the fine is a daily continuous penalty under Environmental Protection Law art. 59.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'administrative_disclosure', source: 'catalogue_penalty',
    examples: [false],
  },
  // government procurement
  {
    code: 'projectNumber', category: 'public_procurement', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '采购项目编号', en: 'Procurement project' },
    description: { zh: '涉及的采购项目编号。', en: 'Number of the procurement project concerned.' },
    subjectTypes: SUPPLIERS, mayBePublic: true, legalBasis: 'procurement_supervision', source: 'catalogue_penalty',
    examples: ['N5100012024000317'],
  },
  {
    code: 'procurementViolations', category: 'public_procurement',
    value: {
      type: 'codes', values: {
        false_materials: ['提供虚假材料谋取中标、成交（第一项）', 'false materials (1)'],
        defaming_or_excluding_competitors: ['采取不正当手段诋毁、排挤其他供应商（第二项）', 'defaming or excluding competitors (2)'],
        collusion: ['恶意串通（第三项）', 'collusion (3)'], bribery: ['行贿或提供其他不正当利益（第四项）', 'bribery (4)'],
        negotiating_during_tender: ['在招标采购过程中与采购人进行协商谈判（第五项）', 'negotiating during the tender (5)'],
        obstructing_supervision: ['拒绝有关部门监督检查或提供虚假情况（第六项）', 'obstructing supervision (6)'],
      },
    },
    name: { zh: '政府采购违法行为', en: 'Procurement violations' },
    description: { zh: '违反的《政府采购法》第七十七条各项。', en: 'Paragraphs of Government Procurement Law art. 77 violated.' },
    subjectTypes: SUPPLIERS, mayBePublic: true, legalBasis: 'procurement_supervision', source: 'catalogue_penalty',
    examples: [['false_materials']],
  },
  {
    code: 'barredFrom', category: 'public_procurement', value: { type: 'date' },
    name: { zh: '禁止参加采购活动起始日', en: 'Barred from' },
    description: { zh: '禁止参加政府采购活动的第一天。', en: 'First day of the bar from government procurement.' },
    subjectTypes: SUPPLIERS, mayBePublic: true, legalBasis: 'procurement_supervision', source: 'catalogue_penalty',
    examples: ['2025-04-01'],
  },
  {
    code: 'barredUntil', category: 'public_procurement', value: { type: 'date' },
    name: { zh: '禁止参加采购活动截止日', en: 'Barred until' },
    description: { zh: '禁止参加政府采购活动的最后一天。', en: 'Last day of the bar.' },
    subjectTypes: SUPPLIERS, mayBePublic: true, legalBasis: 'procurement_supervision', source: 'catalogue_penalty',
    examples: ['2026-03-31'],
  },
  // honours
  {
    code: 'honourName', category: 'commendations', value: { type: 'name', maxLength: 200 },
    name: { zh: '荣誉名称', en: 'Honour' },
    description: { zh: '荣誉的名称，如守合同重信用企业。', en: 'Name of the honour, e.g. 守合同重信用企业.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'honours_publication', source: 'catalogue_honours',
    examples: ['守合同重信用企业'],
  },
  {
    code: 'awardingAuthority', category: 'commendations', value: { type: 'name', maxLength: 200 },
    name: { zh: '授予机关', en: 'Awarded by' },
    description: { zh: '授予荣誉的机关。', en: 'Body that awarded the honour.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'honours_publication', source: 'catalogue_honours',
    examples: ['浙江省市场监督管理局'],
  },
  {
    code: 'documentNumber', category: 'commendations', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '授予文件编号', en: 'Awarding document' },
    description: { zh: '授予荣誉的文件编号。', en: 'Number of the awarding document.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'honours_publication', source: 'catalogue_honours',
    examples: ['浙市监信〔2024〕5号'],
  },
  {
    code: 'honourLevel', category: 'commendations',
    value: { type: 'code', values: { national: ['国家级', 'national'], provincial: ['省级', 'provincial'], municipal: ['市级', 'municipal'], county: ['县级', 'county'] } },
    name: { zh: '授予机关层级', en: 'Level of the awarding body' },
    description: { zh: '授予机关的层级。', en: 'Level of the awarding body.' },
    subjectTypes: ORGANISATIONS, mayBePublic: true, legalBasis: 'honours_publication', source: 'catalogue_honours',
    examples: ['provincial'],
  },
  // the register of abnormal operations (经营异常名录)
  {
    code: 'abnormalOperationReason', category: 'market_supervision',
    value: {
      type: 'code', values: {
        annual_report_not_published: ['未按规定公示年度报告', 'annual report not published'],
        information_not_published_when_ordered: ['未在责令期限内公示有关企业信息', 'information not published when ordered'],
        false_information_published: ['公示信息隐瞒真实情况、弄虚作假', 'false information published'],
        unreachable_at_registered_address: ['通过登记的住所或经营场所无法联系', 'unreachable at the registered address'],
      },
    },
    name: { zh: '列入经营异常名录原因', en: 'Why it was listed' },
    description: { zh: '《企业经营异常名录管理暂行办法》第四条的列入情形。', en: 'Criterion of art. 4 of the Interim Measures on the Register of Abnormal Operations.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'enterprise_disclosure', source: 'catalogue_lists',
    examples: ['annual_report_not_published', 'unreachable_at_registered_address'],
  },
  {
    code: 'abnormalOperationRemovalReason', category: 'market_supervision',
    value: {
      type: 'code', values: {
        annual_report_published: ['已补报年度报告', 'annual report published'], information_published: ['已公示有关信息', 'information published'],
        information_corrected: ['已更正公示信息', 'information corrected'], reachable_again: ['可通过登记的住所联系', 'reachable again'],
        listing_revoked: ['列入决定被撤销', 'listing revoked'],
      },
    },
    name: { zh: '移出经营异常名录原因', en: 'Why it was removed' },
    description: { zh: '移出经营异常名录的原因。', en: 'Why the subject was removed from the register.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'enterprise_disclosure', source: 'catalogue_lists',
    examples: [null, 'reachable_again'],
  },
  {
    code: 'removalDecisionNumber', category: 'market_supervision', value: { type: 'identifier', maxLength: 64 },
    name: { zh: '移出决定书文号', en: 'Removal decision' },
    description: { zh: '移出决定的文书编号。', en: 'Number of the removal decision.' },
    subjectTypes: MARKET_ENTITIES, mayBePublic: true, legalBasis: 'enterprise_disclosure', source: 'catalogue_lists',
    examples: [null, '渝北市监移〔2025〕96号'],
  },
]
