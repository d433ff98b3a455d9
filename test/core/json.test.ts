import { describe, expect, test, vi } from 'vitest'
import { createDatastore, Datastore, DatastoreError, fromJSON } from '../../src/index'
import { expectDatastoreError } from './helpers'

const everything = () => ({
  text: 'héllo "quoted" \n',
  empty: '',
  int: 42,
  negative: -7.25,
  tiny: 5e-324,
  huge: Number.MAX_VALUE,
  yes: true,
  no: false,
  nothing: null,
  list: [1, 'two', null, [3, [4]], { five: 5 }, undefined],
  nested: { a: { b: { c: [] as unknown[] } } },
  map: new Map<string | number, unknown>([
    ['s', 1],
    [2, 'number key'],
    [-1.5, { inner: new Map([['deep', [true]]]) }],
    ['u', undefined],
  ]),
  set: new Set<unknown>([1, 'a', null, undefined, { o: 1 }, [2], new Date(5)]),
  date: new Date('2001-02-03T04:05:06.789Z'),
  epoch: new Date(0),
  mixed: [new Map([['k', new Set([new Date(1)])]])],
  emptyMap: new Map(),
  emptySet: new Set(),
  emptyObject: {},
})

describe('toJSON', () => {
  test('returns a JSON-safe value: stringifying and parsing it changes nothing', () => {
    const store = createDatastore(everything())
    const json = store.toJSON()
    expect(JSON.parse(JSON.stringify(json))).toEqual(json)
  })

  test('JSON.stringify(store) works', () => {
    const store = createDatastore({ a: 1, m: new Map([['k', 'v']]) })
    expect(JSON.stringify(store)).toBe(JSON.stringify(store.toJSON()))
    expect(JSON.parse(JSON.stringify(store))).toEqual({ a: 1, m: { $map: [['k', 'v']] } })
  })

  test('plain data stays as it is', () => {
    const store = createDatastore({ a: [1, { b: 'c' }], n: null })
    expect(store.toJSON()).toEqual({ a: [1, { b: 'c' }], n: null })
  })

  test('keys whose value is undefined are left out, as JSON.stringify does', () => {
    const store = createDatastore({ keep: 1, drop: undefined, nested: { drop: undefined } })
    expect(store.toJSON()).toEqual({ keep: 1, nested: {} })
    expect(Object.keys(store.toJSON() as object)).toEqual(['keep', 'nested'])
    const back = fromJSON(store.toJSON())
    expect(back.has('drop')).toBe(false)
    expect(back.has(['nested', 'drop'])).toBe(false)
  })
})

describe('round trips', () => {
  test('fromJSON(store.toJSON()) gives back every allowed value', () => {
    const store = createDatastore(everything())
    const back = fromJSON<Record<string, any>>(store.toJSON())
    expect(back.state).toStrictEqual(store.state)
    expect(back.get('map')).toBeInstanceOf(Map)
    expect(back.get('set')).toBeInstanceOf(Set)
    expect(back.get('date')).toBeInstanceOf(Date)
    expect(back.get(['map', 2])).toBe('number key')
    expect(back.get(['map', -1.5, 'inner'])).toEqual(new Map([['deep', [true]]]))
    expect(back.has(['map', 'u'])).toBe(true)
    expect(back.get(['list', 5], 'fb')).toBeUndefined()
  })

  test('through JSON text, as a string or with Datastore.fromJSON', () => {
    const store = createDatastore(everything())
    const text = JSON.stringify(store)
    expect(fromJSON(text).state).toStrictEqual(store.state)
    expect(Datastore.fromJSON(JSON.parse(text)).state).toStrictEqual(store.state)
    expect(Datastore.fromJSON(text)).toBeInstanceOf(Datastore)
  })

  test('-0 survives toJSON and fromJSON (JSON text itself writes it as 0)', () => {
    const store = createDatastore({ z: -0 })
    expect(Object.is(fromJSON<{ z: number }>(store.toJSON()).get('z'), -0)).toBe(true)
  })

  test('array and Map roots round-trip', () => {
    const list = createDatastore([1, { a: new Date(3) }])
    expect(fromJSON(JSON.stringify(list)).state).toStrictEqual(list.state)
    const map = createDatastore(new Map<string | number, unknown>([['x', 1], [2, [new Set([3])]]]))
    const back = fromJSON(JSON.stringify(map))
    expect(back.state).toStrictEqual(map.state)
    expect(back.state).toBeInstanceOf(Map)
  })

  test.each(['$map', '$set', '$date', '$undefined', '$object'])('an object whose only key is %s stays an object', (tag) => {
    const values = [1, 'text', null, [], [['a', 1]], { inner: 1 }, { [tag]: 'nested' }]
    for (const value of values) {
      const store = createDatastore({ v: { [tag]: value }, list: [{ [tag]: value }], m: new Map([['k', { [tag]: value }]]) })
      const back = fromJSON(JSON.stringify(store))
      expect(back.state).toStrictEqual(store.state)
    }
  })

  test.each(['$map', '$set', '$date', '$undefined', '$object'])('an object with %s and keys holding undefined stays an object', (tag) => {
    const store = createDatastore({ v: { [tag]: 1, dropped: undefined }, w: { dropped: undefined, [tag]: 'x' } })
    const back = fromJSON(JSON.stringify(store))
    expect(back.state).toEqual({ v: { [tag]: 1 }, w: { [tag]: 'x' } })
  })

  test('objects with a tag-like key among others stay as they are', () => {
    const store = createDatastore({ v: { $map: 1, other: 2 } })
    expect(store.toJSON()).toEqual({ v: { $map: 1, other: 2 } })
    expect(fromJSON(store.toJSON()).state).toStrictEqual(store.state)
  })

  test('the new store is a fresh store: version 0, frozen, its own options', async () => {
    const onError = vi.fn()
    const original = createDatastore<Record<string, any>>({ a: 1 })
    await original.set('a', 2)
    const back = fromJSON<Record<string, any>>(original.toJSON(), { onError })
    expect(back.version).toBe(0)
    expect(back.initialState).toBe(back.state)
    expect(Object.isFrozen(back.state)).toBe(true)
    back.subscribe('a', () => {
      throw new Error('reported')
    })
    await back.set('a', 3)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(original.get('a')).toBe(2)
  })

  test('the input is not kept or frozen', () => {
    const input = { a: { b: [1] } }
    const store = fromJSON<typeof input>(input)
    expect(Object.isFrozen(input.a)).toBe(false)
    input.a.b.push(2)
    expect(store.get(['a', 'b'])).toEqual([1])
  })
})

describe('malformed input', () => {
  const malformed: [string, unknown, (string | number)[]][] = [
    ['text that is not JSON', '{"a": ', []],
    ['a number as the root', '5', []],
    ['a string as the root', '"text"', []],
    ['a $date that is not a date', { d: { $date: 'not a date' } }, ['d']],
    ['a $date of the wrong type', { d: { $date: true } }, ['d']],
    ['a $map that is not a list', { m: { $map: 5 } }, ['m']],
    ['a $map entry that is not a pair', { m: { $map: [['a']] } }, ['m', 0]],
    ['a $map entry with an object key', { m: { $map: [[{}, 1]] } }, ['m', 0]],
    ['a $set that is not a list', { s: { $set: {} } }, ['s']],
    ['an $object that is not an object', { o: { $object: [1] } }, ['o']],
    ['a function in the input', { f: () => 1 }, ['f']],
    ['NaN in the input', { n: Number.NaN }, ['n']],
  ]

  test.each(malformed)('%s is INVALID_VALUE', (_name, input, path) => {
    let error: unknown
    try {
      fromJSON(input)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DatastoreError)
    expect((error as DatastoreError).code).toBe('INVALID_VALUE')
    expect((error as DatastoreError).path).toEqual(path)
  })

  test('a 100k-deep text is refused, not a stack overflow', () => {
    const text = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect(() => fromJSON(text)).toThrow(/nested deeper than/)
  })
})

describe('forbidden keys in fromJSON input', () => {
  const inputs: [string, string, (string | number)[]][] = [
    ['__proto__ at the top', '{"__proto__": {"polluted": "yes"}}', ['__proto__']],
    ['__proto__ nested', '{"a": {"b": {"__proto__": {"polluted": "yes"}}}}', ['a', 'b', '__proto__']],
    ['constructor', '{"constructor": {"prototype": {"polluted": "yes"}}}', ['constructor']],
    ['prototype', '{"a": [{"prototype": 1}]}', ['a', 0, 'prototype']],
    ['__proto__ as a Map key', '{"m": {"$map": [["__proto__", {"polluted": "yes"}]]}}', ['m', '__proto__']],
    ['constructor inside $object', '{"o": {"$object": {"constructor": 1}}}', ['o', 'constructor']],
    ['__proto__ inside a $set item', '{"s": {"$set": [{"__proto__": 1}]}}', ['s', 0, '__proto__']],
  ]

  test.each(inputs)('%s is FORBIDDEN_KEY and Object.prototype is untouched', (_name, text, path) => {
    let error: unknown
    try {
      fromJSON(text)
    } catch (e) {
      error = e
    }
    expectDatastoreError(error, 'FORBIDDEN_KEY', path)
    expect(() => fromJSON(JSON.parse(text))).toThrow(DatastoreError)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.constructor).toBe(Object)
  })
})
