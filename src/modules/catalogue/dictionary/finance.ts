// Credit accounts as lenders report them to a credit reference service (the PBOC Credit Reference Center's data items).
import { EVERYONE, type Element } from './shared.ts'

const LENDERS = EVERYONE.filter((t) => t !== 'public_body')

export const FINANCE_ELEMENTS: readonly Element[] = [
  {
    code: 'accountNumber', category: 'finance', value: { type: 'identifier', maxLength: 32 },
    name: { zh: '账户编号', en: 'Account number' },
    description: { zh: '贷款账户或合同在放款机构的编号。', en: 'Lender\'s identifier of the loan account or contract.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['JK2023110500017', 'CC6259001122334455'],
  },
  {
    code: 'accountType', category: 'finance',
    value: {
      type: 'code', values: {
        instalment_loan: ['非循环贷账户', 'instalment loan'], revolving_credit: ['循环贷账户', 'revolving credit'],
        credit_card: ['贷记卡账户', 'credit card'], overdraft: ['准贷记卡账户', 'overdraft (semi-credit card)'],
      },
    },
    name: { zh: '账户类型', en: 'Kind of account' },
    description: { zh: '信贷账户类型。', en: 'Kind of credit account.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['instalment_loan', 'credit_card'],
  },
  {
    code: 'openedOn', category: 'finance', value: { type: 'date' },
    name: { zh: '开立日期', en: 'Opened on' },
    description: { zh: '账户开立日期。', en: 'Date the account was opened.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['2023-11-05', '2019-04-12'],
  },
  {
    code: 'dueOn', category: 'finance', value: { type: 'date' },
    name: { zh: '到期日期', en: 'Due on' },
    description: { zh: '非循环贷款的合同到期日。', en: 'Contractual maturity date, for instalment loans.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['2026-11-05', null],
  },
  {
    code: 'creditLimitOrPrincipal', category: 'finance', value: { type: 'amount', unit: 'record_currency' },
    name: { zh: '授信额度或借款金额', en: 'Credit limit or principal' },
    description: { zh: '循环账户的授信额度或非循环贷款的借款金额。', en: 'Credit limit (revolving accounts) or principal lent (instalment loans), in the record\'s currency.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [300000, 50000],
  },
  {
    code: 'accountStatus', category: 'finance',
    value: {
      type: 'code', values: {
        normal: ['正常', 'normal'], overdue: ['逾期', 'overdue'], closed: ['结清', 'closed (repaid)'], bad_debt: ['呆账', 'bad debt'],
        transferred: ['转出', 'transferred to another creditor'], frozen: ['冻结', 'frozen'],
      },
    },
    name: { zh: '账户状态', en: 'Account status' },
    description: { zh: '账户当前状态。', en: 'Current status of the account.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['normal', 'overdue'],
  },
  {
    code: 'repaymentHistory', category: 'finance',
    value: {
      type: 'coded_string', length: 24, pattern: '^[0-7NC/*#]{24}$',
      legend: {
        zh: '近24个月还款状态，从早到晚每月一个字符：N 正常还款，0 未逾期，1–7 逾期月数（7 为七个月及以上），C 结清，/ 未开立，* 无需还款，# 未知。',
        en: '24 months of repayment status, oldest first, one character a month: N paid as agreed, 0 current, 1-7 months past due (7: seven or more), C closed, / not yet open, * no payment due, # unknown.',
      },
    },
    name: { zh: '24个月还款状态', en: 'Repayment history (24 months)' },
    description: {
      zh: '截至还款记录月份的24个月还款状态，每月一个字符。',
      en: 'Repayment status for the 24 months ending with historyThrough, oldest first, one character per month: N paid as agreed, 0 current with nothing past due (lenders that do not report N), 1-7 months past due (7 = seven or more), C closed, / not yet open, * no payment due, # unknown.',
    },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['/////NNNNNNNNNNNNNNNNNNN', 'NNNNNNNNNNNNNNNN*N1NNN12'],
  },
  {
    code: 'historyThrough', category: 'finance', value: { type: 'month' },
    name: { zh: '还款记录截至月份', en: 'History through' },
    description: { zh: '还款状态最后一个字符所指的月份（YYYY-MM）。', en: 'Month (YYYY-MM) of the last character of repaymentHistory.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['2025-06'],
  },
  {
    code: 'outstandingBalance', category: 'finance', value: { type: 'amount', unit: 'record_currency' },
    name: { zh: '余额', en: 'Outstanding balance' },
    description: { zh: '还款记录截至月末的余额。', en: 'Balance outstanding at the end of historyThrough, in the record\'s currency.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [158333.33, 18234.5],
  },
  {
    code: 'amountPastDue', category: 'finance', value: { type: 'amount', unit: 'record_currency' },
    name: { zh: '当前逾期总额', en: 'Amount past due' },
    description: { zh: '还款记录截至月末的逾期金额。', en: 'Amount past due at the end of historyThrough, in the record\'s currency.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [0, 2100],
  },
]
