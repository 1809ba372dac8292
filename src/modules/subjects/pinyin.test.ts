import { test } from 'node:test'
import assert from 'node:assert/strict'
import { pinyinKeys, pinyinQueryKey } from './pinyin.ts'

test('a name in characters as pinyin keys: full and initials, letters and digits only, ü as v', () => {
  const bank = pinyinKeys('中国银行股份有限公司')
  assert.equal(bank.full.split(' ')[0], 'zhongguoyinhanggufenyouxiangongsi', 'the word reading first: 银行 is yinhang')
  assert.equal(bank.initials.split(' ')[0], 'zgyhgfyxgs')
  assert.deepEqual(pinyinKeys('福建闽江01食品有限公司'), {
    full: 'fujianminjiang01shipinyouxiangongsi',
    initials: 'fjmj01spyxgs',
  })
  assert.equal(pinyinKeys('绿色能源公司').full, 'lvsenengyuangongsi')
  assert.deepEqual(pinyinKeys('Xiamen Harbour Trading Co., Ltd.'), {
    full: 'xiamenharbourtradingcoltd',
    initials: 'xhtcl',
  })
})

test('a name read otherwise one character at a time carries both readings, the word reading first', () => {
  const keys = pinyinKeys('福州长乐纺织有限公司')
  assert.deepEqual(keys.full.split(' ').sort(), [
    'fuzhouchanglefangzhiyouxiangongsi',
    'fuzhouzhanglefangzhiyouxiangongsi',
  ])
  assert.equal(keys.initials.split(' ').length, 2)
})

test('what a visitor types, as a key: tones, tone numbers, spaces, apostrophes and capitals do not matter', () => {
  for (const q of ['Běijīng', 'bei3jing1', 'bei jing', 'BeiJing', 'bei-jing'])
    assert.equal(pinyinQueryKey(q), 'beijing', q)
  assert.equal(pinyinQueryKey('lü'), 'lv')
  assert.equal(pinyinQueryKey('lu:se'), 'lvse')
  assert.equal(pinyinQueryKey("Xi'an"), 'xian')
  assert.equal(pinyinQueryKey('Co., Ltd.'), 'coltd')
  for (const q of ['长乐', '12', '  ', '长乐 changle', '%']) assert.equal(pinyinQueryKey(q), null, q)
})
