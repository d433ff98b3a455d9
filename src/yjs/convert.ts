// Values between the store and the doc. Objects are Y.Maps, arrays Y.Arrays, strings strings (or
// Y.Text under a text path), numbers under object keys counters (a Y.Map of per-client sums, see
// counter.ts), and Maps, Sets, Dates and undefined tagged JSON. Reading a doc value checks it as
// remote input: forbidden keys, depth, types the store cannot hold.

import * as Y from 'yjs'
import { adopt, encode, fail, isForbiddenKey, type Key, MAX_DEPTH } from '../core/internal'
import { isCounter, makeCounter, readCounter } from './counter'
import { yjsFail } from './errors'
import type { TextPaths } from './text-paths'

/**
 * Keys of an object are written as they are, except that a key starting with `$` gets one more
 * `$`: the keys of the doc's own bookkeeping (`$counter`) can never clash with a user's key.
 */
export const docKey = (key: Key): string => {
  const text = String(key)
  return text.charCodeAt(0) === 36 ? `$${text}` : text
}

/** The store key of a doc key; `undefined` for bookkeeping keys the store never sees. */
export const storeKey = (key: string): string | undefined => {
  if (key.charCodeAt(0) !== 36) return key
  return key.charCodeAt(1) === 36 ? key.slice(1) : undefined
}

/**
 * A store value as the doc holds it. `text` is the node of the text paths at `value`'s place
 * (`undefined` when no text path lies at or below it). `inArray`: numbers in arrays stay numbers.
 */
export function toY(value: unknown, text: TextPaths | undefined, inArray = false): unknown {
  switch (typeof value) {
    case 'string':
      return text?.end ? new Y.Text(value) : value
    case 'number':
      return inArray ? value : makeCounter(value)
    case 'boolean':
      return value
    case 'object':
      if (value === null) return null
      if (Array.isArray(value)) {
        const array = new Y.Array<unknown>()
        if (value.length) array.push(value.map((item, i) => toY(item, text?.child(i), true)))
        return array
      }
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        const map = new Y.Map<unknown>()
        for (const key of Object.keys(value)) {
          const item = (value as Record<string, unknown>)[key]
          map.set(docKey(key), toY(item, text?.child(key)))
        }
        return map
      }
      return encode(value)
    default:
      return encode(value)
  }
}

/**
 * A doc value as the store holds it, checked and sealed. Throws a `DatastoreError` naming `path`
 * for content the store cannot hold.
 */
export function fromY(op: string, path: readonly Key[], value: unknown): unknown {
  return adopt(op, path, read(op, path, value, path.length))
}

function read(op: string, path: readonly Key[], value: unknown, depth: number): unknown {
  if (depth >= MAX_DEPTH) throw fail.invalidValue(op, path, 'tooDeep', MAX_DEPTH)
  if (value instanceof Y.AbstractType) {
    if (value instanceof Y.Text) return value.toString()
    if (value instanceof Y.Array) return value.toArray().map((item, i) => read(op, [...path, i], item, depth + 1))
    if (value instanceof Y.Map) {
      if (isCounter(value)) return readCounter(op, path, value)
      const out: Record<string, unknown> = {}
      for (const [key, item] of (value as Y.Map<unknown>).entries()) {
        const name = storeKey(key)
        if (name === undefined) throw yjsFail.reservedKey(op, [...path, key])
        if (isForbiddenKey(name)) throw fail.forbiddenKey(op, [...path, name], name)
        out[name] = read(op, [...path, name], item, depth + 1)
      }
      return out
    }
    throw yjsFail.foreignType(op, path, value.constructor.name)
  }
  if (value instanceof Uint8Array) throw yjsFail.binary(op, path)
  // JSON content: primitives, and the tags of Maps, Sets, Dates and undefined.
  return typeof value === 'object' && value !== null ? adopt(op, path, value, true) : value
}
