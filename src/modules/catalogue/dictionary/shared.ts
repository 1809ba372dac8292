// What the dictionary's files share: subject groups and the sources elements come from.
import type { SubjectType } from '../catalogue.ts'
import type { DataElement } from '../elements.ts'

export const ORGANISATIONS: readonly SubjectType[] = [
  'enterprise',
  'individual_business',
  'cooperative',
  'social_organisation',
  'public_body',
  'other_organisation',
]
export const EVERYONE: readonly SubjectType[] = [...ORGANISATIONS, 'person']
/** market entities: organisations that trade (public bodies and social organisations do not pay most taxes) */
export const MARKET_ENTITIES: readonly SubjectType[] = [
  'enterprise',
  'individual_business',
  'cooperative',
  'other_organisation',
]

/**
 * Where elements come from: the national catalogue's items and the record formats of the agencies that
 * publish them. Each element names one of these.
 */
export const SOURCES = {
  catalogue_licence: '全国公共信用信息基础目录（2024年版）“行政许可信息”；行政许可信息数据标准（双公示）',
  catalogue_penalty: '全国公共信用信息基础目录（2024年版）“行政处罚信息”；行政处罚信息数据标准（双公示）',
  catalogue_judicial:
    '全国公共信用信息基础目录（2024年版）“司法裁判及执行信息”；最高人民法院失信被执行人公布事项（法释〔2017〕7号第六条）',
  catalogue_tax:
    '全国公共信用信息基础目录（2024年版）“纳税信息”；欠税公告（税收征收管理法第四十五条）；纳税信用评价结果（国家税务总局公告2014年第40号）',
  catalogue_contracts: '全国公共信用信息基础目录（2024年版）“合同履行信息”；保障中小企业款项支付条例',
  catalogue_lists: '全国公共信用信息基础目录（2024年版）“严重失信主体名单信息”“经营（活动）异常名录信息”',
  catalogue_honours: '全国公共信用信息基础目录（2024年版）“诚实守信相关荣誉信息”',
  credit_reference:
    '中国人民银行征信中心 企业和个人信用报告 信贷账户数据项（账户类型、授信额度、余额、逾期金额、24个月还款状态）',
} as const

export type SourceCode = keyof typeof SOURCES

/** An element with its source named by code (checked at compile time against SOURCES). */
export type Element = Omit<DataElement, 'source'> & { source: SourceCode }
