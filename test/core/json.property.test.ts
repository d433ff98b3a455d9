// Random values of every allowed kind must survive toJSON and fromJSON, and JSON text.

import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createDatastore, fromJSON, type Key } from '../../src/index'
import { isContainer } from './model'
import { fuzz } from '../shared'

const FUZZ = fuzz(300, 5_000)

describe('JSON against random values', () => {
  const tag = fc.constantFrom('$map', '$set', '$date', '$undefined', '$object')
  const { json } = fc.letrec<{ json: unknown; list: unknown[]; record: Record<string, unknown>; map: Map<Key, unknown>; set: Set<unknown> }>((tie) => ({
    json: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'json' },
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 4 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }),
      tie('list'),
      tie('record'),
      tie('map'),
      tie('set'),
    ),
    list: fc.array(tie('json'), { maxLength: 3 }),
    record: fc.oneof(
      fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), tag), tie('json'), {
        maxKeys: 3,
        noNullPrototype: true,
      }),
      fc.tuple(tag, tie('json')).map(([k, v]) => ({ [k]: v })),
    ),
    map: fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 3 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), fc.integer()), tie('json')), { maxLength: 3 }).map(
      (entries) => new Map(entries),
    ),
    set: fc.array(tie('json'), { maxLength: 3 }).map((items) => new Set(items)),
  }))

  test('fromJSON(toJSON()) and fromJSON(JSON text) give back every value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 3 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), json, { maxKeys: 4, noNullPrototype: true }), (root) => {
        const store = createDatastore(root)
        const expected = withoutUndefinedKeys(store.state)
        expect(withoutUndefinedKeys(fromJSON(store.toJSON()).state)).toStrictEqual(expected)
        const text = JSON.stringify(store)
        expect(withoutUndefinedKeys(fromJSON(text).state)).toStrictEqual(normalizeZero(expected))
        expect(JSON.stringify(fromJSON(text))).toBe(text)
      }),
      { numRuns: FUZZ.runs },
    )
  }, FUZZ.timeout)
})

/** JSON text writes -0 as 0. */
function normalizeZero(v: unknown): unknown {
  if (typeof v === 'number') return v === 0 ? 0 : v
  if (!isContainer(v) || v instanceof Date) return v
  if (Array.isArray(v)) return v.map(normalizeZero)
  if (v instanceof Map) return new Map(Array.from(v, ([k, x]) => [k, normalizeZero(x)]))
  if (v instanceof Set) return new Set(Array.from(v, normalizeZero))
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalizeZero(x)]))
}

/** Object keys holding undefined are left out of JSON; elsewhere undefined is kept. */
function withoutUndefinedKeys(v: unknown): unknown {
  if (!isContainer(v) || v instanceof Date) return v
  if (Array.isArray(v)) return v.map(withoutUndefinedKeys)
  if (v instanceof Map) return new Map(Array.from(v, ([k, x]) => [k, withoutUndefinedKeys(x)]))
  if (v instanceof Set) return new Set(Array.from(v, withoutUndefinedKeys))
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, withoutUndefinedKeys(x)]))
}
