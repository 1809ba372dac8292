import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  BEHAVIOUR_TERMS,
  FORBIDDEN_TERM_SETS,
  PERSONAL_FINANCE_TERMS,
  englishWords,
  findTerm,
  findTerms,
  pinyinOf,
} from './terms.ts'

const forbiddenIn = (text: string, identifier = false): string[] =>
  findTerms(text, FORBIDDEN_TERM_SETS, { identifier }).map((h) => h.set.id)

void describe('englishWords', () => {
  void it('splits identifiers and prose into words', () => {
    assert.deepEqual(englishWords('UnionPay'), ['union', 'pay'])
    assert.deepEqual(englishWords('blood_type'), ['blood', 'type'])
    assert.deepEqual(englishWords('bloodType'), ['blood', 'type'])
    assert.deepEqual(englishWords('HTMLParser'), ['html', 'parser'])
    assert.deepEqual(englishWords("children's toys"), ['children', 's', 'toys'])
    assert.deepEqual(englishWords('宗教 religion'), ['religion'])
  })
})

void describe('the forbidden-term matcher', () => {
  void it('finds personal data the charter refuses, in English and Chinese', () => {
    const cases: Array<[string, string]> = [
      ['religion', 'religion'],
      ['Religious affiliation', 'religion'],
      ['宗教信仰', 'religion'],
      ['political_party', 'political'],
      ['党员身份', 'political'],
      ['政治面貌', 'political'],
      ['online speech', 'speech'],
      ['不当言论', 'speech'],
      ['petitioning', 'petitioning'],
      ['越级上访次数', 'petitioning'],
      ['信访记录', 'petitioning'],
      ['socialMediaHandle', 'social_media'],
      ['社交媒体账号', 'social_media'],
      ['微博发帖', 'social_media'],
      ['ethnicity', 'ethnicity'],
      ['race', 'ethnicity'],
      ['customerRace', 'ethnicity'],
      ['racial origin', 'ethnicity'],
      ['民族', 'ethnicity'],
      ['种族', 'ethnicity'],
      ['union membership', 'union'],
      ['trade_union', 'union'],
      ['unionised', 'union'],
      ['工会会员', 'union'],
      ['工會', 'union'],
      ['health status', 'health'],
      ['mental health', 'health'],
      ['healthRecord', 'health'],
      ['public health record', 'health'],
      ['medical history', 'health'],
      ['disease', 'health'],
      ['健康状况', 'health'],
      ['人体健康状况', 'health'],
      ['病史', 'health'],
      ['疾病', 'health'],
      ['genetic test', 'genetics'],
      ['DNA sample', 'genetics'],
      ['基因检测', 'genetics'],
      ['fingerprint', 'biometrics'],
      ['faceImage', 'biometrics'],
      ['facial recognition', 'biometrics'],
      ['指纹', 'biometrics'],
      ['指紋', 'biometrics'],
      ['人脸识别', 'biometrics'],
      ['生物识别', 'biometrics'],
      ['blood type', 'blood_type'],
      ['血型', 'blood_type'],
      ['sexual orientation', 'sexual_life'],
      ['sex life', 'sexual_life'],
      ['性取向', 'sexual_life'],
      ['性生活', 'sexual_life'],
      ['spouse', 'relations'],
      ['family members', 'relations'],
      ['relatives', 'relations'],
      ['friends', 'relations'],
      ['known associates', 'relations'],
      ['家庭成员', 'relations'],
      ['亲属', 'relations'],
      ['配偶', 'relations'],
      ['子女', 'relations'],
      ['朋友', 'relations'],
      ['社会关系', 'relations'],
      ['consumption habits', 'consumption'],
      ['purchase history', 'consumption'],
      ['shopping', 'consumption'],
      ['消费习惯', 'consumption'],
      ['购物记录', 'consumption'],
    ]
    for (const [text, set] of cases) {
      const found = forbiddenIn(text)
      assert.ok(found.includes(set), `${text} should be refused as ${set}; found ${found.join(', ') || 'nothing'}`)
    }
  })

  void it('lets lawful regulatory vocabulary through (false positives we decided against)', () => {
    for (const text of [
      'workplace health and safety inspection',
      'Health & Safety',
      'occupational health',
      'public health licence',
      'food safety',
      'product_safety',
      'health commission',
      'health food registration',
      'human health and safety of persons and property',
      'disease control and prevention authority',
      '安全生产',
      '职业健康安全',
      '卫生健康委员会',
      '保障人体健康和人身、财产安全的国家标准',
      '疾病预防控制中心',
      '转基因食品标识',
      '家庭农场',
      'family farm',
      'trace',
      'traceability code',
      'raceway',
      'racing',
      'UnionPay card number',
      'China UnionPay',
      'credit union',
      'European Union',
      'good faith',
      'bad-faith litigation',
      'face value',
      'parent company',
      'child labour',
      'relative to the contract sum',
      'consumption tax',
      '消费税',
      '消费者权益',
      'shopping mall',
      '购物中心',
      'genetic resources',
      'bankruptcy petition',
      'contract',
      'consumer',
      'unionpay',
      'licence',
      'enterprise',
    ]) {
      assert.deepEqual(forbiddenIn(text, true), [], text)
    }
  })

  void it('matches run-together identifiers for unambiguous stems only', () => {
    assert.deepEqual(forbiddenIn('customerreligion', true), ['religion'])
    assert.deepEqual(forbiddenIn('customerreligion', false), [], 'not in prose')
    assert.deepEqual(forbiddenIn('ownerbloodtype', true), ['blood_type'])
    assert.deepEqual(forbiddenIn('traceid', true), [])
  })

  void it('reports one hit per category, naming the term', () => {
    const hits = findTerms('religion and ethnicity of the spouse', FORBIDDEN_TERM_SETS)
    assert.deepEqual(
      hits.map((h) => h.set.id),
      ['religion', 'ethnicity', 'relations'],
    )
    assert.deepEqual(
      hits.map((h) => h.term),
      ['religion', 'ethnicity', 'spouse'],
    )
  })

  void it('keeps allowed phrases and terms apart (an allowed phrase is never a bare term)', () => {
    for (const set of [...FORBIDDEN_TERM_SETS, PERSONAL_FINANCE_TERMS, BEHAVIOUR_TERMS]) {
      for (const phrase of set.allowedEn ?? []) assert.ok(!set.en.includes(phrase), `${set.id}: ${phrase}`)
      for (const phrase of set.allowedZh ?? []) assert.ok(!set.zh.includes(phrase), `${set.id}: ${phrase}`)
      for (const term of set.en) assert.match(term, /^[a-z0-9]+( [a-z0-9]+)*$/, `${set.id}: ${term} is lowercase words`)
      for (const term of [...set.en, ...set.zh]) assert.ok(findTerm(term, set), `${set.id}: ${term} matches itself`)
    }
  })
})

void describe('the matcher on reworded text (defence in depth: text folded first, Chinese terms in pinyin too)', () => {
  void it('finds Chinese terms written in toneless pinyin, joined, spaced or as identifiers', () => {
    assert.deepEqual(pinyinOf('宗教'), ['zong jiao', 'zongjiao'])
    assert.deepEqual(pinyinOf('子女'), ['zi nu', 'zinu', 'zi nv', 'zinv'])
    const cases: Array<[string, string]> = [
      ['zongjiao', 'religion'],
      ['zong jiao', 'religion'],
      ['zong_jiao', 'religion'],
      ['Zong-Jiao activities', 'religion'],
      ['zongJiao', 'religion'],
      ['ZONGJIAO', 'religion'],
      ['dang yuan', 'political'],
      ['dangyuan status', 'political'],
      ['minzu', 'ethnicity'],
      ['min zu', 'ethnicity'],
      ['zhong zu', 'ethnicity'],
      ['gong hui', 'union'],
      ['jian kang zhuang kuang', 'health'],
      ['zhi wen', 'biometrics'],
      ['xue xing', 'blood_type'],
      ['pei ou', 'relations'],
      ['zinv', 'relations'],
      ['zi nu', 'relations'],
      ['xin yang', 'religion'],
      ['fu se', 'ethnicity'],
      ['shang fang', 'petitioning'],
    ]
    for (const [text, set] of cases) assert.ok(forbiddenIn(text).includes(set), `${text} should be refused as ${set}`)
    const hit = findTerm('dang yuan', FORBIDDEN_TERM_SETS.find((s) => s.id === 'political')!)
    assert.equal(hit?.term, '党员', 'the hit names the listed Chinese term')
  })

  void it('matches run-together pinyin inside identifiers only', () => {
    assert.deepEqual(forbiddenIn('customerZongjiaoCode', true), ['religion'])
    assert.deepEqual(forbiddenIn('ownerdangyuanflag', true), ['political'])
    assert.deepEqual(forbiddenIn('ownerdangyuanflag', false), [], 'in prose pinyin is a whole word')
    assert.deepEqual(forbiddenIn('subjectminzu', true), ['ethnicity'])
  })

  void it('does not take single syllables, or two ordinary words, for a term', () => {
    for (const text of [
      'jiao',
      'zong',
      'the jiao river',
      'dang',
      'yuan',
      'hui',
      'min',
      'licence refused',
      'licenceRefused',
      'refusedCount',
      'confused',
      'a blown fuse',
      'Xinyang market regulation bureau',
      'xinyangBranch',
      'zhuanjiyin',
      'zhuan ji yin food labels',
      'xing zheng zhi li',
      'xingzhengzhili',
      'min zu zi zhi',
      'jia ting nong chang',
    ]) {
      assert.deepEqual(forbiddenIn(text, true), [], text)
    }
  })

  void it('finds Chinese terms with invisible characters, separators or traditional characters inside', () => {
    const cases: Array<[string, string]> = [
      ['宗\u200b教', 'religion'],
      ['宗\u200d教活动', 'religion'],
      ['宗\u2060教', 'religion'],
      ['宗\ufeff教', 'religion'],
      ['宗\u00ad教', 'religion'],
      ['宗\ufe0f教', 'religion'],
      ['宗\u3164教', 'religion'],
      ['宗\u115f教', 'religion'],
      ['宗 教', 'religion'],
      ['宗_教', 'religion'],
      ['宗-教', 'religion'],
      ['宗.教', 'religion'],
      ['宗★教', 'religion'],
      ['宗\u3000教', 'religion'],
      ['黨\u200b員', 'political'],
      ['工會', 'union'],
      ['エ会', 'union'],
      ['種族', 'ethnicity'],
      ['健康狀況', 'health'],
      ['體檢', 'health'],
      ['⺠族', 'ethnicity'],
    ]
    for (const [text, set] of cases)
      assert.ok(forbiddenIn(text).includes(set), `${JSON.stringify(text)} should be refused as ${set}`)
    assert.deepEqual(forbiddenIn('请配合。偶然发现的问题'), [], 'clause punctuation stays a boundary')
  })

  void it('finds English terms written with look-alike letters, fullwidth or mathematical letters, or invisible characters', () => {
    const cases: Array<[string, string]> = [
      ['rеligion', 'religion'],
      ['relіgiоn', 'religion'],
      ['RΕLΙGΙΟΝ', 'religion'],
      ['ꓣꓰꓡꓲꓖꓲꓳꓠ', 'religion'],
      ['Ｒｅｌｉｇｉｏｎ', 'religion'],
      ['𝐫𝐞𝐥𝐢𝐠𝐢𝐨𝐧', 'religion'],
      ['𝗲𝘁𝗵𝗻𝗶𝗰𝗶𝘁𝘆', 'ethnicity'],
      ['reli\u200bgion', 'religion'],
      ['re\u00adligion', 'religion'],
      ['Relígión', 'religion'],
      ['customerRаce', 'ethnicity'],
      ['ｃｕｓｔｏｍｅｒＲａｃｅ', 'ethnicity'],
      ['һеаlth status', 'health'],
      ['party member', 'political'],
      ['pаrty membеr', 'political'],
      ['ѕpouse', 'relations'],
    ]
    for (const [text, set] of cases)
      assert.ok(forbiddenIn(text).includes(set), `${JSON.stringify(text)} should be refused as ${set}`)
    assert.deepEqual(forbiddenIn('сustоmеrrеligiоn', true), ['religion'], 'run-together identifier with look-alikes')
    assert.deepEqual(
      forbiddenIn('ｃｕｓｔｏｍｅｒｒｅｌｉｇｉｏｎ', true),
      ['religion'],
      'run-together fullwidth identifier',
    )
  })

  void it('still lets the allowed phrases excuse, however they are written', () => {
    for (const text of [
      'health and safety',
      'Ｈｅａｌｔｈ ＆ Ｓａｆｅｔｙ',
      'hеalth and safеty',
      'health\u200b and safety',
      'UnionPay',
      'Uniоn\u200bPay',
      'ＵｎｉｏｎＰａｙ',
      '转基因',
      '轉基因食品',
      '转\u200b基因',
      '职业健康',
      '職業健康',
      '行政治理',
      '民族自治',
      '家庭农场',
      '購物中心',
      'good faith',
      'environmentalHealthInspection',
    ]) {
      assert.deepEqual(forbiddenIn(text, true), [], JSON.stringify(text))
    }
  })
})

void describe('personal finance and behaviour terms', () => {
  void it("finds a natural person's finances but not the lawful look-alikes", () => {
    for (const text of [
      'monthlyIncome',
      'salary',
      'depositBalance',
      'savings account',
      'securities held',
      'insurance policy',
      'real estate owned',
      'property',
      'tax amount',
      '收入',
      '工资',
      '存款',
      '证券',
      '商业保险',
      '房产',
      '不动产',
      '纳税额',
    ]) {
      assert.ok(findTerm(text, PERSONAL_FINANCE_TERMS, { identifier: true }), text)
    }
    for (const text of [
      'social insurance contributions',
      '社会保险费',
      'bid deposit',
      'intellectual property',
      'illegal income',
      '违法收入',
      'wage arrears',
      '拖欠农民工工资',
      'outstandingBalance',
      'fineAmount',
      'creditLimitOrPrincipal',
    ]) {
      assert.equal(findTerm(text, PERSONAL_FINANCE_TERMS, { identifier: true }), undefined, text)
    }
  })

  void it('finds behaviour kinds and remarks fields', () => {
    for (const text of [
      'behaviour_record',
      'Behavior score',
      'general conduct',
      'remarks',
      '品行',
      '日常行为表现',
      '道德评价',
      '备注',
    ]) {
      assert.ok(findTerm(text, BEHAVIOUR_TERMS, { identifier: true }), text)
    }
    for (const text of ['admin_penalty_general', 'violatedProvisions', 'summary', '行政处罚']) {
      assert.equal(findTerm(text, BEHAVIOUR_TERMS, { identifier: true }), undefined, text)
    }
  })
})

void describe("officers' ordinary words about a hearing", () => {
  void it('are not taken for speech data', () => {
    for (const text of [
      '当事人在听证会上发言，否认违法事实。',
      'The subject made a speech at the hearing denying the facts.',
    ]) {
      assert.deepEqual(
        findTerms(text, FORBIDDEN_TERM_SETS).map((h) => h.term),
        [],
        text,
      )
    }
    assert.ok(findTerms('他在微博上的言论', FORBIDDEN_TERM_SETS).some((h) => h.set.id === 'speech'))
  })
})
