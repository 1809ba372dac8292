import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { makeResidentId, makeUscc, maskFreeText, seededRandom } from './index.ts'

const masked = (text: string, personNames?: string[]) => maskFreeText(text, personNames ? { personNames } : {})

// Random prose around what is masked: Chinese and Latin words, digits, separators, the labels, fullwidth forms.
const PIECES = [
  '的',
  '于',
  '年',
  '月',
  '日',
  '罚款',
  '处罚',
  '决定',
  '公司',
  '，',
  '。',
  '：',
  ':',
  ' ',
  '\n',
  '-',
  '+',
  'X',
  'x',
  'a',
  'Tel',
  '0',
  '1',
  '3',
  '8',
  '9',
  '86',
  '00',
  '２',
  '号',
  '股东',
  '姓名',
  '当事人',
  '负责人',
  '法定代表人',
  '张',
  '王',
  '欧阳',
  '三',
  '娜',
  '*',
  '人民币',
  '会',
]
const prose = fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }).map((p) => p.join(''))
const residentId = fc.integer().map((seed) => makeResidentId(seededRandom(seed)))
const mobile = fc
  .tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([head, rest]) => head + String(rest).padStart(9, '0'))
const card = fc
  .tuple(
    fc.constantFrom('622202', '621700', '436742'),
    fc.integer({ min: 10, max: 13 }),
    fc.integer({ min: 0, max: 2 ** 31 }),
  )
  .map(([bin, more, x]) => (bin + String(x).padStart(13, '0')).slice(0, bin.length + more))

void describe('maskFreeText', () => {
  void it('masks resident identity numbers, mobile numbers and bank cards as the identifier masks do', () => {
    const cases: Array<[string, string]> = [
      ['身份证号110101199003077777。', '身份证号110101********7777。'],
      ['ID 11010519491231002x, done', 'ID 110105********002X, done'],
      ['旧证110101900307123', '旧证110101******123'],
      ['１１０１０１１９９００３０７７７７７', '１１０１０１＊＊＊＊＊＊＊＊７７７７'.replace(/＊/g, '*')],
      ['手机13812345678', '手机138****5678'],
      ['Tel +86 138-1234-5678.', 'Tel +86 138-****-5678.'],
      ['电话：8613812345678', '电话：86138****5678'],
      ['电话：008613812345678', '电话：0086138****5678'],
      ['卡号6222021234567890123', '卡号622202*********0123'],
      ['卡号6222021234567890', '卡号622202******7890'],
      ['11010119900307123X5 and 1101011990030712345678', '110101*******7123X5 and 110101************5678'],
    ]
    for (const [text, expected] of cases) assert.equal(masked(text).text, expected, text)
    assert.deepEqual(masked('身份证110101199003077777，手机13812345678，卡6222021234567890123').masked, {
      resident_id: 1,
      mobile: 1,
      bank_card: 1,
      long_number: 0,
      person_name: 0,
    })
  })

  void it("masks a subject's own name, and names after a label, keeping the surname", () => {
    const cases: Array<[string, string[] | undefined, string]> = [
      ['张三与欧阳娜娜签订合同', ['张三', '欧阳娜娜'], '张*与欧阳**签订合同'],
      ['Wang Lei signed', ['Wang Lei'], 'W*** L** signed'],
      ['当事人张三，拒不履行', undefined, '当事人张*，拒不履行'],
      ['法定代表人：欧阳娜娜；股东：王小明、李四', undefined, '法定代表人：欧阳**；股东：王**、李四'],
      ['负责人：张三丰拖欠工资', undefined, '负责人：张**拖欠工资'],
      ['股东：张三丰负责人李四', undefined, '股东：张**负责人李*'],
      ['姓名: 王五 性别男', undefined, '姓名: 王* 性别男'],
      ['實際控制人：陳大文', undefined, '實際控制人：陳**'],
    ]
    for (const [text, names, expected] of cases) assert.equal(masked(text, names).text, expected, text)
    assert.equal(masked('法定代表人：欧阳娜娜', ['欧阳娜娜']).masked.person_name, 1, 'one name masked once')
  })

  void it('leaves ordinary words and numbers alone', () => {
    for (const text of [
      '股东会决议',
      '股东大会',
      '投资人民币100万元',
      '负责人员到场',
      '经营者应当公示',
      '当事人张三丰拖欠工资款项',
      '罚款20000元',
      '(2023)闽0102行初123号',
      '统一社会信用代码91350100M000100Y43',
      '注册号350100100012345',
      '电话0591-87654321',
      '2023-12-01',
      'no personal data here',
      '',
    ]) {
      const result = masked(text)
      assert.equal(result.text, text, text)
      assert.deepEqual(result.masked, { resident_id: 0, mobile: 0, bank_card: 0, long_number: 0, person_name: 0 })
    }
    const uscc = makeUscc(seededRandom(1))
    assert.equal(masked(`代码${uscc}`).text, `代码${uscc}`, "an organisation's code is public")
  })

  void it('masks any resident identity number embedded anywhere in any text (property)', () => {
    fc.assert(
      fc.property(prose, residentId, prose, fc.boolean(), (before, id, after, fullwidth) => {
        const written = fullwidth ? id.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) : id
        const result = masked(before + written + after)
        assert.ok(!result.text.includes(written), result.text)
        assert.ok(
          !result.text.includes(id.slice(6, 14)) || (before + after).includes(id.slice(6, 14)),
          'the birth date is never shown',
        )
        assert.ok(
          result.masked.resident_id + result.masked.bank_card + result.masked.long_number + result.masked.mobile >= 1,
        )
      }),
      { numRuns: 2000 },
    )
  })

  void it('masks mobile numbers and cards embedded anywhere, unless glued into a longer number that is masked itself (property)', () => {
    fc.assert(
      fc.property(prose, fc.oneof(mobile, card), prose, (before, number, after) => {
        const result = masked(`${before} ${number} ${after}`)
        assert.ok(!result.text.includes(number), result.text)
      }),
      { numRuns: 2000 },
    )
  })

  void it('is idempotent and never lengthens the text (property)', () => {
    const text = fc
      .array(
        fc.oneof(
          prose,
          residentId,
          mobile,
          card,
          fc.constantFrom('张三', '欧阳娜娜', 'Wang Lei', '法定代表人：', '股东'),
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(text, fc.subarray(['张三', '欧阳娜娜', 'Wang Lei', '王小明']), (t, names) => {
        const once = masked(t, names)
        const twice = masked(once.text, names)
        assert.equal(twice.text, once.text)
        assert.deepEqual(twice.masked, { resident_id: 0, mobile: 0, bank_card: 0, long_number: 0, person_name: 0 })
        assert.ok(once.text.length <= t.length)
        for (const name of names) assert.ok(!once.text.includes(name), name)
      }),
      { numRuns: 2000 },
    )
  })
})
