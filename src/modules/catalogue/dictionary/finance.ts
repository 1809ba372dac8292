// Credit accounts as lenders report them to a credit reference service (the PBOC Credit Reference Center's data items).
// The first elements are what record kinds carry; those after them are what a lender's file holds about one credit
// and its applicant, the inputs a scorecard of a person may use (scoring/features.ts): the terms of the credit,
// its monthly history, and — only with the person's written consent (CIIR art. 14) — the deposit balances it
// was granted on. Employment, housing, residence, telephone, job and property are not credit data: no element.
import { EVERYONE, type Element } from './shared.ts'

const LENDERS = EVERYONE.filter((t) => t !== 'public_body')
/** a series a lender reports month by month: two years, as the 24-month repayment history */
const SERIES_MONTHS = 24

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
  {
    code: 'creditTermMonths', category: 'finance', value: { type: 'count', minimum: 1, maximum: 600, unit: 'months' },
    name: { zh: '借款期限（月）', en: 'Term (months)' },
    description: { zh: '借款合同约定的还款期限，以月计。', en: 'Contractual term of the credit, in months.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [36, 12],
  },
  {
    code: 'loanPurpose', category: 'finance',
    value: {
      type: 'code', values: {
        housing: ['住房', 'housing'], vehicle: ['汽车', 'vehicle'], education: ['助学或职业培训', 'education or retraining'],
        business: ['个人经营', 'business'], consumption: ['个人消费', 'personal consumption'], other: ['其他', 'other'],
      },
    },
    name: { zh: '借款用途', en: 'Purpose of the credit' },
    description: {
      zh: '借款合同约定的用途大类，按征信报告的贷款种类划分；不记录所购的具体商品。',
      en: 'Broad purpose of the credit as the contract states it, in the credit report\'s classes of loan; never the goods bought.',
    },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['consumption', 'vehicle'],
  },
  {
    code: 'instalmentIncomeBand', category: 'finance',
    value: {
      type: 'level', minimum: 1, maximum: 4,
      legend: {
        zh: '每期还款额占可支配收入比例的档次：1 最低，4 最高（按放款机构的档位）。',
        en: 'Band of the instalment\'s share of disposable income: 1 the lowest, 4 the highest (in the lender\'s bands).',
      },
    },
    name: { zh: '还款收入比档次', en: 'Instalment-to-income band' },
    description: {
      zh: '每期还款额占借款人可支配收入比例的档次，1 最低，4 最高。由收入算出，须经本人书面同意。',
      en: 'Band of the instalment as a share of the borrower\'s disposable income, 1 lowest to 4 highest. Computed from income, so only with the person\'s written consent.',
    },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference', personsNeedConsent: true,
    examples: [2, 4],
  },
  {
    code: 'creditHistorySummary', category: 'finance',
    value: {
      type: 'code', values: {
        none_or_all_repaid: ['无借款或借款均已按约还清', 'no credits taken, or all repaid as agreed'],
        all_repaid_here: ['在本机构的借款均已按约还清', 'all credits at this lender repaid as agreed'],
        repaying_as_agreed: ['现有借款至今按约还款', 'existing credits repaid as agreed so far'],
        past_delays: ['曾有逾期还款', 'late repayments in the past'],
        critical_account: ['有关注类账户或在其他机构另有借款', 'an account of concern, or credits at other lenders'],
      },
    },
    name: { zh: '以往还款概况', en: 'Credit history' },
    description: { zh: '放款机构对借款人以往借款还款情况的概括。', en: 'The lender\'s summary of how the borrower has repaid past credits.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['repaying_as_agreed', 'past_delays'],
  },
  {
    code: 'openCreditsWithLender', category: 'finance', value: { type: 'count', minimum: 0, maximum: 99, unit: 'accounts' },
    name: { zh: '在本机构的借款笔数', en: 'Credits with this lender' },
    description: { zh: '借款人在报送机构未结清的借款笔数（含本笔）。', en: 'Number of the borrower\'s credits open with the reporting lender, this one included.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [1, 2],
  },
  {
    code: 'otherInstalmentPlans', category: 'finance',
    value: { type: 'code', values: { bank: ['在其他银行分期还款', 'with another bank'], store: ['在商户分期付款', 'with a retailer'], none: ['无', 'none'] } },
    name: { zh: '其他分期还款', en: 'Other instalment plans' },
    description: { zh: '借款人在其他机构正在履行的分期还款。', en: 'Instalment plans the borrower is repaying elsewhere.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['none', 'bank'],
  },
  {
    code: 'coObligor', category: 'finance',
    value: { type: 'code', values: { none: ['无', 'none'], co_applicant: ['共同借款人', 'co-applicant'], guarantor: ['保证人', 'guarantor'] } },
    name: { zh: '共同借款人或保证人', en: 'Co-applicant or guarantor' },
    description: { zh: '借款是否有共同借款人或保证人（合同当事人，不涉及其本人信用）。', en: 'Whether the credit has a co-applicant or a guarantor (a party to the contract; nothing of their own record).' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: ['none', 'guarantor'],
  },
  {
    code: 'currentAccountBand', category: 'finance',
    value: {
      type: 'code', values: {
        overdrawn: ['透支', 'overdrawn'], low: ['余额较低', 'low balance'], high: ['余额较高或有工资代发', 'higher balance, or salary paid in'],
        no_account: ['无活期账户', 'no current account'],
      },
    },
    name: { zh: '活期存款余额档次', en: 'Current account balance band' },
    description: { zh: '借款人在放款机构的活期存款余额档次。属于个人存款信息，须经本人书面同意。', en: 'Band of the borrower\'s current account balance with the lender. A person\'s deposits: only with the person\'s written consent.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference', personsNeedConsent: true,
    examples: ['low', 'no_account'],
  },
  {
    code: 'savingsBand', category: 'finance',
    value: {
      type: 'code', values: {
        very_low: ['很低', 'very low'], low: ['较低', 'low'], medium: ['中等', 'medium'], high: ['较高', 'high'], none_or_unknown: ['无储蓄账户或不详', 'no savings account, or unknown'],
      },
    },
    name: { zh: '储蓄存款余额档次', en: 'Savings balance band' },
    description: { zh: '借款人储蓄存款及债券余额的档次。属于个人存款信息，须经本人书面同意。', en: 'Band of the borrower\'s savings and bonds. A person\'s deposits: only with the person\'s written consent.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference', personsNeedConsent: true,
    examples: ['very_low', 'none_or_unknown'],
  },
  {
    code: 'monthlyRepaymentStatus', category: 'finance',
    value: {
      type: 'monthly_series', months: SERIES_MONTHS,
      item: {
        type: 'level', minimum: -2, maximum: 9,
        legend: {
          zh: '-2 当月无欠款也未用款，-1 全额还款，0 使用循环信用且按最低额还款，1–9 逾期月数（9 为九个月及以上）。',
          en: '-2 nothing owed and nothing used, -1 paid in full, 0 revolving credit used and the minimum paid, 1-9 months past due (9: nine or more).',
        },
      },
    },
    name: { zh: '按月还款状态', en: 'Repayment status by month' },
    description: {
      zh: '近24个月每月的还款状态，从早到晚，最后一个月为还款记录截至月份。',
      en: 'Repayment status for each of up to 24 months, oldest first, the last for historyThrough: -2 nothing owed, -1 paid in full, 0 revolving, 1-9 months past due.',
    },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [[-1, -1, 0, 0, 0, 0], [0, 0, 0, 1, 2, 0]],
  },
  {
    code: 'monthlyStatementBalance', category: 'finance',
    value: { type: 'monthly_series', months: SERIES_MONTHS, item: { type: 'amount', unit: 'record_currency', signed: true } },
    name: { zh: '按月账单金额', en: 'Statement balance by month' },
    description: {
      zh: '近24个月每月账单日的欠款余额，从早到晚；多还的款项为负数。',
      en: 'Balance on each of up to 24 monthly statements, oldest first, in the record\'s currency; a credit balance (overpaid) is negative.',
    },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [[12000, 11500.5, 9800, 10200, 9950, 8700], [3000, -120, 0, 450, 0, 0]],
  },
  {
    code: 'monthlyAmountRepaid', category: 'finance',
    value: { type: 'monthly_series', months: SERIES_MONTHS, item: { type: 'amount', unit: 'record_currency', signed: false } },
    name: { zh: '按月实还金额', en: 'Amount repaid by month' },
    description: { zh: '近24个月每月实际还款金额，从早到晚。', en: 'Amount repaid in each of up to 24 months, oldest first, in the record\'s currency.' },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [[1500, 1500, 2000, 1500, 1500, 3000], [0, 120, 0, 0, 450, 0]],
  },
  {
    code: 'lenderInquiries12Months', category: 'finance', value: { type: 'count', minimum: 0, unit: 'inquiries' },
    name: { zh: '近12个月审批查询次数', en: 'Lender inquiries (12 months)' },
    description: {
      zh: '近12个月放款机构因贷款或信用卡审批查询借款人信用报告的次数。',
      en: 'Number of times lenders looked at the borrower\'s credit report for a loan or card application in the last 12 months.',
    },
    subjectTypes: LENDERS, mayBePublic: false, legalBasis: 'credit_investigation', source: 'credit_reference',
    examples: [1, 4],
  },
]
