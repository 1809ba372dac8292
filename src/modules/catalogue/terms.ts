// Term lists the charter validator matches against kind codes, names and field schemas, and the
// matcher itself (pure).
//
// Matching rules (all on text folded by platform/fold.ts first, so fullwidth letters, look-alike
// letters of other scripts, invisible characters inside words and traditional characters change nothing):
// - English terms are whole words or phrases matched on word boundaries after splitting
//   camelCase, snake_case, kebab-case and punctuation: 'race' matches 'race' and 'customerRace'
//   but not 'trace', 'raceway' or 'racing'; 'union' matches 'trade_union' but not 'UnionPay'
//   ... only because 'union pay' is an allowed phrase (see below).
// - Chinese terms are matched as substrings (Chinese has no word boundaries), with separators between
//   characters dropped ('宗 教', '宗_教'); clause punctuation (。，、；：？！) stays a boundary.
// - Chinese terms of two or more characters of the forbidden sets are also matched in toneless pinyin,
//   generated with pinyin-pro: 宗教 as the word 'zongjiao' or the words 'zong jiao' ('zong_jiao',
//   'zongJiao'); a single syllable never matches on its own.
// - An occurrence is excused only if it lies wholly inside an allowed phrase of the same set:
//   'health' inside 'health and safety' or 'public health', '基因' inside '转基因' (and 'ji yin' inside
//   'zhuan ji yin'). Specific forbidden phrases beat allowances: 'public health record' is refused
//   because 'health record' is not inside the allowed 'public health'.
// - In identifiers (kind codes, field names, enum values) a few unambiguous stems and the run-together
//   pinyin are also matched inside run-together words, so 'customerreligion' and 'customerzongjiao'
//   are refused too, unless inside a run-together allowed phrase ('zhuanjiyin').
import { pinyin } from 'pinyin-pro'
import { foldKeepingCase, foldText, lowercaseFolded } from '../../platform/fold.ts'

export interface TermSet {
  readonly id: string
  /** What the set is about, as a message names it: 'religion or belief'. */
  readonly label: string
  /** Lowercase words, one space between words. */
  readonly en: readonly string[]
  readonly zh: readonly string[]
  readonly allowedEn?: readonly string[]
  readonly allowedZh?: readonly string[]
  /** Stems matched inside identifiers with the separators removed. */
  readonly compact?: readonly string[]
}

/** Personal data the catalogue refuses outright (CHARTER "What it will never do"; DOMAIN "Data the catalogue refuses"). */
export const FORBIDDEN_TERM_SETS: readonly TermSet[] = [
  {
    id: 'religion',
    label: 'religion or belief',
    en: [
      'religion',
      'religions',
      'religious',
      'religiosity',
      'belief',
      'beliefs',
      'faith',
      'faiths',
      'worship',
      'church',
      'churches',
      'mosque',
      'mosques',
      'temple',
      'temples',
      'clergy',
      'atheist',
      'atheism',
      'buddhist',
      'buddhism',
      'christian',
      'christianity',
      'muslim',
      'muslims',
      'islam',
      'islamic',
      'catholic',
      'protestant',
      'taoist',
      'taoism',
      'creed',
      'creeds',
      'denomination',
      'denominations',
      'sect',
      'sects',
      'spirituality',
    ],
    zh: [
      '宗教',
      '信仰',
      '教徒',
      '寺庙',
      '寺院',
      '教会',
      '教堂',
      '清真寺',
      '礼拜',
      '宗派',
      '佛教',
      '基督教',
      '伊斯兰教',
      '天主教',
      '信条',
      '教派',
      '宗教活动',
      '神职',
    ],
    allowedEn: ['good faith', 'bad faith'],
    compact: ['religio'],
  },
  {
    id: 'political',
    label: 'political opinion or affiliation',
    en: [
      'political',
      'politics',
      'politically',
      'party membership',
      'party member',
      'party members',
      'party affiliation',
      'communist',
      'dissident',
      'dissidents',
      'dissent',
      'ideology',
      'ideological',
      'protest',
      'protests',
      'protester',
      'protesters',
      'protest participation',
      'activist',
      'activists',
      'activism',
    ],
    zh: ['政治', '党派', '党员', '政党', '入党', '异见', '意识形态', '抗议', '示威', '游行', '维权人士'],
    allowedZh: ['行政治理', '行政治安'],
    compact: ['politic', 'partymember', 'partyaffiliation'],
  },
  {
    id: 'speech',
    label: 'speech',
    en: ['speech', 'speeches', 'utterance', 'utterances', 'public remarks', 'blog', 'blogs', 'blogger', 'bloggers'],
    // not 发言 (to speak at a meeting): an officer records what the subject said at its hearing
    zh: ['言论', '言行', '发帖', '帖子', '博客'],
    allowedEn: ['speech at the hearing', 'speech at its hearing', 'speech at his hearing', 'speech at her hearing'],
  },
  {
    id: 'petitioning',
    label: 'petitioning',
    en: [
      'petition',
      'petitions',
      'petitioning',
      'petitioner',
      'petitioners',
      'letters and visits',
      'xinfang',
      'shangfang',
    ],
    zh: ['上访', '信访', '越级访', '集访', '缠访', '闹访'],
    allowedEn: ['bankruptcy petition', 'petition for bankruptcy'],
    compact: ['petitioning', 'xinfang', 'shangfang'],
  },
  {
    id: 'social_media',
    label: 'social-media or online activity',
    en: [
      'social media',
      'social network',
      'social networks',
      'social networking',
      'online activity',
      'online activities',
      'online behaviour',
      'online behavior',
      'online comments',
      'online posts',
      'internet posts',
      'browsing history',
      'search history',
      'weibo',
      'wechat moments',
      'twitter',
      'facebook',
      'followers',
      'social account',
      'social accounts',
    ],
    zh: [
      '社交媒体',
      '社交网络',
      '社交平台',
      '社交账号',
      '网络言论',
      '网络活动',
      '网络行为',
      '上网记录',
      '浏览记录',
      '搜索记录',
      '微博',
      '朋友圈',
    ],
    compact: ['socialmedia', 'socialnetwork', 'browsinghistory', 'searchhistory', 'wechatmoments'],
  },
  {
    id: 'ethnicity',
    label: 'ethnicity or race',
    en: [
      'ethnic',
      'ethnicity',
      'ethnicities',
      'race',
      'races',
      'racial',
      'national origin',
      'skin colour',
      'skin color',
      'minzu',
    ],
    zh: ['民族', '种族', '族群', '族别', '肤色'],
    allowedZh: ['民族自治'],
    compact: ['ethnicit', 'ethnicgroup', 'nationalorigin', 'skincolo'],
  },
  {
    id: 'union',
    label: 'union membership',
    en: ['union', 'unions', 'unionised', 'unionized', 'unionisation', 'unionization', 'unionist', 'unionists'],
    zh: ['工会'],
    allowedEn: ['credit union', 'credit unions', 'european union', 'customs union', 'postal union', 'union pay'],
    compact: ['tradeunion', 'labourunion', 'laborunion', 'unionmember'],
  },
  {
    id: 'health',
    label: 'health or disease history',
    en: [
      'health',
      'health record',
      'health records',
      'health status',
      'health condition',
      'health conditions',
      'health data',
      'health information',
      'health history',
      'healthcare record',
      'healthcare records',
      'medical history',
      'medical record',
      'medical records',
      'medical condition',
      'medical conditions',
      'medical data',
      'medical information',
      'disease',
      'diseases',
      'illness',
      'illnesses',
      'sickness',
      'sick leave',
      'diagnosis',
      'diagnoses',
      'disability',
      'disabilities',
      'hiv',
      'pregnancy',
      'pregnant',
      'hospitalisation',
      'hospitalization',
      'physical examination',
      'psychiatric',
      'addiction',
      'mental',
      'mental state',
      'psychiatric',
      'psychological',
      'depression',
      'disability',
      'disabilities',
    ],
    zh: [
      '健康',
      '健康状况',
      '健康信息',
      '健康档案',
      '健康码',
      '疾病',
      '病史',
      '病历',
      '病情',
      '患病',
      '就诊',
      '就医',
      '住院',
      '诊断',
      '残疾',
      '体检',
      '艾滋病',
      '精神病',
      '怀孕',
      '孕期',
      '医疗记录',
      '精神状态',
      '精神疾病',
      '心理健康',
      '抑郁',
      '残疾',
    ],
    allowedEn: [
      'health and safety',
      'health safety',
      'occupational health',
      'public health',
      'environmental health',
      'human health',
      'animal health',
      'plant health',
      'health commission',
      'health administration',
      'health authority',
      'health authorities',
      'health department',
      'health food',
      'health foods',
      'disease control',
      'disease prevention',
      'animal disease',
      'animal diseases',
      'disability employment',
    ],
    allowedZh: [
      '职业健康',
      '健康安全',
      '健康与安全',
      '健康和安全',
      '卫生健康',
      '人体健康',
      '公众健康',
      '公共健康',
      '疾病预防控制',
      '残疾人就业保障金',
    ],
    compact: [
      'healthstatus',
      'healthrecord',
      'healthcondition',
      'healthdata',
      'healthhistory',
      'medicalhistory',
      'medicalrecord',
      'medicalcondition',
      'diseasehistory',
      'mentalhealth',
    ],
  },
  {
    id: 'genetics',
    label: 'genetics',
    en: ['genetic', 'genetics', 'gene', 'genes', 'genome', 'genomes', 'genomic', 'dna', 'heredity', 'hereditary'],
    zh: ['基因', '遗传病', '遗传信息', '遗传特征'],
    allowedEn: ['genetic resources'],
    allowedZh: ['转基因'],
    compact: ['genome', 'geneticdata', 'genetictest'],
  },
  {
    id: 'biometrics',
    label: 'fingerprints or other biometrics',
    en: [
      'biometric',
      'biometrics',
      'fingerprint',
      'fingerprints',
      'face recognition',
      'facial recognition',
      'facial',
      'face',
      'faces',
      'iris',
      'retina',
      'retinal',
      'voiceprint',
      'voiceprints',
      'palm print',
      'palm prints',
      'palmprint',
      'gait',
    ],
    zh: ['指纹', '人脸', '刷脸', '面容', '生物识别', '生物特征', '虹膜', '视网膜', '声纹', '掌纹', '步态'],
    allowedEn: ['face value', 'face amount', 'face to face'],
    compact: [
      'biometric',
      'fingerprint',
      'facerecognition',
      'facialrecognition',
      'voiceprint',
      'palmprint',
      'faceimage',
    ],
  },
  {
    id: 'blood_type',
    label: 'blood type',
    en: ['blood type', 'blood types', 'blood group', 'blood groups'],
    zh: ['血型'],
    compact: ['bloodtype', 'bloodgroup'],
  },
  {
    id: 'sexual_life',
    label: 'sexual life or orientation',
    en: [
      'sexual',
      'sexuality',
      'sexually',
      'sex life',
      'sexual orientation',
      'sex orientation',
      'homosexual',
      'homosexuality',
      'heterosexual',
      'bisexual',
      'transgender',
      'lgbt',
      'lgbtq',
      'gay',
      'lesbian',
    ],
    zh: ['性生活', '性取向', '性倾向', '性伴侣', '同性恋', '异性恋', '双性恋', '跨性别'],
    compact: ['sexual', 'sexlife'],
  },
  {
    id: 'relations',
    label: 'family or social relations',
    en: [
      'family',
      'families',
      'relative',
      'relatives',
      'spouse',
      'spouses',
      'husband',
      'husbands',
      'wife',
      'wives',
      'marital',
      'marriage',
      'married',
      'divorce',
      'divorced',
      'child',
      'children',
      'parent',
      'parents',
      'sibling',
      'siblings',
      'brother',
      'brothers',
      'sister',
      'sisters',
      'son',
      'sons',
      'daughter',
      'daughters',
      'father',
      'mother',
      'grandparent',
      'grandparents',
      'kinship',
      'kin',
      'friend',
      'friends',
      'friendship',
      'associate',
      'associates',
      'acquaintance',
      'acquaintances',
      'social relations',
      'social relationship',
      'social relationships',
      'social ties',
      'social circle',
      'social contacts',
      'personal relationships',
      'guanxi',
      'emergency contact',
      'cohabitant',
      'cohabitants',
      'cohabitation',
      'cohabiting',
      'household member',
      'household members',
      'roommate',
      'roommates',
      'contacts',
      'contact list',
      'friends',
      'acquaintance',
      'acquaintances',
    ],
    zh: [
      '家庭',
      '家属',
      '亲属',
      '亲友',
      '亲戚',
      '配偶',
      '夫妻',
      '丈夫',
      '妻子',
      '子女',
      '父母',
      '兄弟姐妹',
      '朋友',
      '好友',
      '社会关系',
      '人际关系',
      '婚姻',
      '婚否',
      '离婚',
      '同居',
      '家庭成员',
      '联系人',
      '通讯录',
    ],
    allowedEn: [
      'family farm',
      'family farms',
      'relative to',
      'parent company',
      'parent companies',
      'parent organisation',
      'parent organization',
      'parent undertaking',
      'child labour',
      'child labor',
      'child safety',
      'associate company',
      'associate companies',
      'sister company',
      'sister companies',
    ],
    allowedZh: ['家庭农场', '家庭服务'],
    compact: ['spouse', 'familymember', 'socialrelation', 'socialcircle', 'friendslist', 'maritalstatus'],
  },
  {
    id: 'composite_score',
    label: 'a composite trustworthiness score of people',
    en: [
      'overall trustworthiness',
      'trustworthiness score',
      'social credit score',
      'citizen score',
      'social score',
      'integrity score',
      'honesty score',
    ],
    zh: ['综合诚信', '诚信分', '诚信积分', '信用积分', '社会信用分', '个人信用分', '公民积分'],
  },
  {
    id: 'consumption',
    label: 'consumption habits',
    en: [
      'consumption habit',
      'consumption habits',
      'consumption history',
      'consumption record',
      'consumption records',
      'consumption pattern',
      'consumption patterns',
      'consumption preference',
      'consumption preferences',
      'consumer behaviour',
      'consumer behavior',
      'purchase history',
      'purchase record',
      'purchase records',
      'purchase habits',
      'purchases',
      'purchasing habits',
      'shopping',
      'spending habits',
      'spending pattern',
      'spending patterns',
      'spending history',
      'spending records',
      'lifestyle',
      'luxury spending',
      'spending habit',
      'spending habits',
      'spending pattern',
      'spending patterns',
      'purchase history',
      'purchases',
    ],
    zh: [
      '消费习惯',
      '消费记录',
      '消费偏好',
      '消费行为',
      '消费水平',
      '购物',
      '购买记录',
      '网购',
      '生活方式',
      '奢侈消费',
      '消费情况',
    ],
    allowedEn: [
      'shopping mall',
      'shopping malls',
      'shopping centre',
      'shopping centres',
      'shopping center',
      'shopping centers',
      'government purchases',
      'public purchases',
    ],
    allowedZh: ['购物中心'],
    compact: ['consumptionhabit', 'consumptionhistory', 'purchasehistory', 'shoppinghistory', 'spendinghabit'],
  },
]

/**
 * A natural person's income, deposits, securities, insurance, real estate and tax amounts:
 * only with the subject's consent (CIIR art. 14).
 */
export const PERSONAL_FINANCE_TERMS: TermSet = {
  id: 'personal_finance',
  label: "a natural person's income, deposits, securities, insurance, real estate or tax amounts",
  en: [
    'income',
    'incomes',
    'salary',
    'salaries',
    'wage',
    'wages',
    'earnings',
    'remuneration',
    'deposit',
    'deposits',
    'savings',
    'securities',
    'stock holding',
    'stock holdings',
    'stockholding',
    'stockholdings',
    'shareholding',
    'shareholdings',
    'stocks',
    'insurance',
    'real estate',
    'real property',
    'property',
    'properties',
    'provident fund',
    'home ownership',
    'house ownership',
    'tax amount',
    'tax amounts',
    'tax paid',
    'taxes paid',
    'tax payment amount',
  ],
  zh: [
    '收入',
    '工资',
    '薪酬',
    '薪资',
    '薪水',
    '存款',
    '储蓄',
    '证券',
    '股票',
    '持股',
    '保险',
    '房产',
    '不动产',
    '住房公积金',
    '纳税额',
    '纳税数额',
    '缴税额',
    '纳税金额',
    '个人所得',
  ],
  allowedEn: [
    'bid deposit',
    'security deposit',
    'performance deposit',
    'social insurance',
    'unemployment insurance',
    'work injury insurance',
    'pension insurance',
    'basic medical insurance',
    'maternity insurance',
    'intellectual property',
    'property preservation',
    'property damage',
    'persons and property',
    'wage arrears',
    'unpaid wages',
    'wages owed',
    'illegal income',
    'unlawful income',
  ],
  allowedZh: [
    '违法收入',
    '社会保险',
    '工伤保险',
    '失业保险',
    '养老保险',
    '基本医疗保险',
    '生育保险',
    '拖欠工资',
    '拖欠农民工工资',
  ],
  compact: ['salary', 'savings', 'realestate', 'taxamount', 'taxpaid'],
}

/** Free-text judgements of a subject's character or conduct: there is no "behaviour" kind or field. */
export const BEHAVIOUR_TERMS: TermSet = {
  id: 'behaviour',
  label: 'behaviour or conduct in general',
  en: [
    'behaviour',
    'behaviours',
    'behavior',
    'behaviors',
    'behavioural',
    'behavioral',
    'conduct',
    'character',
    'morality',
    'moral',
    'morals',
    'demeanour',
    'demeanor',
    'attitude',
    'attitudes',
    'personality',
    'remark',
    'remarks',
    'comment',
    'comments',
  ],
  zh: [
    '品行',
    '品德',
    '德行',
    '行为表现',
    '日常表现',
    '表现评价',
    '道德',
    '素质',
    '文明行为',
    '不文明',
    '备注',
    '评语',
  ],
  compact: ['behaviour', 'behavior', 'conduct', 'remarks'],
}

// ---- matcher ----

/**
 * Pinyin of the Chinese terms of the forbidden sets, generated at module load with pinyin-pro (toneless,
 * 'ü' as both 'u' and 'v'), never listed by hand. Only terms of two or more characters: a single
 * syllable ('jiao') is not a term. Two spellings are left out because they are ordinary words that
 * the term would refuse: 'fuse' (肤色; 'refused', 'confuse') and 'xinyang' (信仰; the city of Xinyang,
 * 信阳). The spaced forms ('fu se', 'xin yang') still match.
 */
const PINYIN_LEFT_OUT: ReadonlySet<string> = new Set(['fuse', 'xinyang'])

interface PinyinForms {
  /** Each term as its syllables: ['zong', 'jiao']. */
  readonly terms: ReadonlyArray<{ term: string; syllables: readonly string[] }>
  readonly allowed: ReadonlyArray<readonly string[]>
}

function pinyinSpellings(chinese: string): string[][] {
  if ([...chinese].length < 2) return []
  const syllables = pinyin(chinese, { toneType: 'none', type: 'array' })
  if (syllables.some((p) => !/^[a-zü]+$/.test(p))) return []
  const u = syllables.map((p) => p.replace(/ü/g, 'u'))
  const v = syllables.map((p) => p.replace(/ü/g, 'v'))
  return u.join('') === v.join('') ? [u] : [u, v]
}

const PINYIN: ReadonlyMap<TermSet, PinyinForms> = new Map(
  FORBIDDEN_TERM_SETS.map((set) => [
    set,
    {
      terms: set.zh.flatMap((term) => pinyinSpellings(term).map((syllables) => ({ term, syllables }))),
      allowed: (set.allowedZh ?? []).flatMap(pinyinSpellings),
    },
  ]),
)

/** The pinyin of a Chinese term as the matcher spells it ('宗教' -> ['zong jiao', 'zongjiao']), for tests and messages. */
export function pinyinOf(chinese: string): string[] {
  return pinyinSpellings(chinese).flatMap((syllables) => [syllables.join(' '), syllables.join('')])
}

// Clause punctuation stays a boundary in Chinese text ('配合。偶然' holds no '配偶'); any other
// separator between characters ('宗 教', '宗_教', '宗.教', '宗★教') is dropped.
const NOT_IN_CHINESE_FORM = /[^\p{L}\p{N}。、,;:?!]+/gu
const HAN = /\p{sc=Han}/u

/** Folded text (platform/fold.ts) with the separators between characters dropped, for substring matching of Chinese terms. */
function chineseForm(text: string): string {
  return foldText(text).replace(NOT_IN_CHINESE_FORM, '')
}

/**
 * Splits text into lowercase ASCII words after folding (fullwidth, look-alike letters, invisible
 * characters): 'UnionPay' -> ['union', 'pay'], 'blood_type' -> ['blood', 'type'].
 */
export function englishWords(text: string): string[] {
  return lowercaseFolded(
    foldKeepingCase(text)
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2'),
  )
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
}

function compactIdentifier(text: string): string {
  return lowercaseFolded(foldKeepingCase(text)).replace(/[^a-z0-9]+/g, '')
}

interface Span {
  start: number
  end: number
}

function phraseSpans(words: readonly string[], phrase: readonly string[]): Span[] {
  const out: Span[] = []
  const first = phrase[0]
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    if (words[i] !== first) continue
    for (let j = 1; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer
    out.push({ start: i, end: i + phrase.length })
  }
  return out
}

function substringSpans(text: string, needle: string): Span[] {
  const out: Span[] = []
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1))
    out.push({ start: i, end: i + needle.length })
  return out
}

const covered = (s: Span, allowed: readonly Span[]): boolean =>
  allowed.some((a) => a.start <= s.start && s.end <= a.end)

interface CompiledSet {
  readonly set: TermSet
  /** English phrases and pinyin spellings, as words, grouped by first word; `term` is the listed term. */
  readonly en: ReadonlyMap<string, ReadonlyArray<{ term: string; words: readonly string[] }>>
  readonly allowedEn: ReadonlyArray<readonly string[]>
  readonly zh: ReadonlyArray<{ term: string; folded: string }>
  readonly allowedZh: readonly string[]
  /** Stems and run-together pinyin matched inside identifiers, unless inside a run-together allowed phrase. */
  readonly compact: ReadonlyArray<{ term: string; stem: string }>
  readonly allowedCompact: readonly string[]
}

const compiledCache = new WeakMap<TermSet, CompiledSet>()

function compile(set: TermSet): CompiledSet {
  const cached = compiledCache.get(set)
  if (cached !== undefined) return cached
  const pinyinForms = PINYIN.get(set)
  const en = new Map<string, Array<{ term: string; words: readonly string[] }>>()
  const addPhrase = (term: string, words: readonly string[]): void => {
    const first = words[0] ?? ''
    const list = en.get(first) ?? []
    list.push({ term, words })
    en.set(first, list)
  }
  for (const term of set.en) addPhrase(term, term.split(' '))
  const compact = (set.compact ?? []).map((stem) => ({ term: stem, stem }))
  for (const { term, syllables } of pinyinForms?.terms ?? []) {
    addPhrase(term, syllables)
    const joined = syllables.join('')
    if (PINYIN_LEFT_OUT.has(joined)) continue
    addPhrase(term, [joined])
    compact.push({ term, stem: joined })
  }
  const allowedEn = [...(set.allowedEn ?? []).map((p) => p.split(' ')), ...(pinyinForms?.allowed ?? [])]
  const compiled: CompiledSet = {
    set,
    en,
    allowedEn,
    zh: set.zh.map((term) => ({ term, folded: chineseForm(term) })),
    allowedZh: (set.allowedZh ?? []).map(chineseForm),
    compact,
    allowedCompact: allowedEn.map((words) => words.join('')),
  }
  compiledCache.set(set, compiled)
  return compiled
}

export interface TermHit {
  readonly set: TermSet
  /** The listed term that was found (the Chinese term when it was written in pinyin). */
  readonly term: string
}

export interface MatchOptions {
  /** The text is an identifier (code, field name, enum value): also match compact stems. */
  readonly identifier?: boolean
}

/** A text split once for every set it is matched against. */
interface PreparedText {
  readonly words: readonly string[]
  readonly hasChinese: boolean
  readonly folded: string
  readonly compact: string
  /** Results already computed for this text: per set, [prose, identifier]. */
  readonly results: Map<TermSet, [TermHit | null | undefined, TermHit | null | undefined]>
}

// Catalogues are validated again and again with mostly the same texts: keep the prepared forms.
const PREPARED_LIMIT = 20_000
const prepared = new Map<string, PreparedText>()

function prepare(text: string): PreparedText {
  let p = prepared.get(text)
  if (p === undefined) {
    const folded = chineseForm(text)
    const hasChinese = HAN.test(folded)
    p = {
      words: englishWords(text),
      hasChinese,
      folded: hasChinese ? folded : '',
      compact: compactIdentifier(text),
      results: new Map(),
    }
    if (prepared.size >= PREPARED_LIMIT) prepared.clear()
    prepared.set(text, p)
  }
  return p
}

function match(t: PreparedText, set: TermSet, options: MatchOptions): TermHit | undefined {
  const slot = options.identifier === true ? 1 : 0
  let memo = t.results.get(set)
  if (memo === undefined) {
    memo = [undefined, undefined]
    t.results.set(set, memo)
  }
  const known = memo[slot]
  if (known !== undefined) return known ?? undefined
  const hit = matchUncached(t, set, options)
  memo[slot] = hit ?? null
  return hit
}

function matchUncached(t: PreparedText, set: TermSet, options: MatchOptions): TermHit | undefined {
  const c = compile(set)
  const words = t.words
  if (words.length > 0 && c.en.size > 0) {
    let allowedSpans: Span[] | undefined
    for (let i = 0; i < words.length; i++) {
      const candidates = c.en.get(words[i] ?? '')
      if (candidates === undefined) continue
      for (const { term, words: phrase } of candidates) {
        if (i + phrase.length > words.length) continue
        let ok = true
        for (let j = 1; j < phrase.length; j++)
          if (words[i + j] !== phrase[j]) {
            ok = false
            break
          }
        if (!ok) continue
        allowedSpans ??= c.allowedEn.flatMap((p) => phraseSpans(words, p))
        if (!covered({ start: i, end: i + phrase.length }, allowedSpans)) return { set, term }
      }
    }
  }
  if (t.hasChinese && c.zh.length > 0) {
    const folded = t.folded
    let allowedSpans: Span[] | undefined
    for (const { term, folded: needle } of c.zh) {
      const spans = substringSpans(folded, needle)
      if (spans.length === 0) continue
      allowedSpans ??= c.allowedZh.flatMap((p) => substringSpans(folded, p))
      const allowed = allowedSpans
      if (spans.some((s) => !covered(s, allowed))) return { set, term }
    }
  }
  if (options.identifier === true && c.compact.length > 0) {
    let allowedSpans: Span[] | undefined
    for (const { term, stem } of c.compact) {
      const spans = substringSpans(t.compact, stem)
      if (spans.length === 0) continue
      allowedSpans ??= c.allowedCompact.flatMap((p) => substringSpans(t.compact, p))
      const allowed = allowedSpans
      if (spans.some((s) => !covered(s, allowed))) return { set, term }
    }
  }
  return undefined
}

/** The first term of the set found in the text and not excused by an allowed phrase, if any. */
export function findTerm(text: string, set: TermSet, options: MatchOptions = {}): TermHit | undefined {
  return match(prepare(text), set, options)
}

/** One hit per set whose terms occur in the text. */
export function findTerms(text: string, sets: readonly TermSet[], options: MatchOptions = {}): TermHit[] {
  const t = prepare(text)
  const out: TermHit[] = []
  for (const set of sets) {
    const hit = match(t, set, options)
    if (hit !== undefined) out.push(hit)
  }
  return out
}

/**
 * Basic rights no measure may reach (CHARTER; DOMAIN "Measures"): social security, welfare,
 * healthcare, compulsory education, legal aid, access to courts.
 */
export const BASIC_RIGHTS_TERMS: TermSet = {
  id: 'basic_rights',
  label: 'a basic right (social security, welfare, healthcare, education, legal aid, access to courts)',
  en: [
    'social security',
    'social insurance',
    'pension',
    'pensions',
    'welfare',
    'social assistance',
    'subsistence',
    'minimum living',
    'healthcare',
    'health care',
    'medical',
    'medicine',
    'hospital',
    'hospitals',
    'clinic',
    'clinics',
    'education',
    'school',
    'schools',
    'schooling',
    'enrolment',
    'enrollment',
    'legal aid',
    'lawsuit',
    'lawsuits',
    'litigation',
    'access to courts',
    'court access',
    'sue',
    'suing',
    'appeal',
    'appeals',
  ],
  zh: [
    '社会保障',
    '社会保险',
    '社保',
    '养老金',
    '养老保险',
    '医疗保险',
    '低保',
    '最低生活保障',
    '社会救助',
    '救助',
    '福利',
    '医疗',
    '就医',
    '医院',
    '诊所',
    '义务教育',
    '教育',
    '入学',
    '上学',
    '学校',
    '法律援助',
    '诉讼',
    '起诉',
    '上诉',
    '申诉',
    '立案',
  ],
  compact: ['socialsecurity', 'welfare', 'healthcare', 'legalaid', 'schoolenrol'],
}
