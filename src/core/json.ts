// JSON: Map, Set, Date and undefined become one-key tagged objects; a plain object that happens to
// look like a tag is escaped, so every allowed value round-trips.

import { fail } from './errors'
import { isForbiddenKey, type Key } from './path'
import { MAX_DEPTH } from './value'

const TAGS = new Set(['$map', '$set', '$date', '$undefined', '$object'])

const isTagLike = (keys: string[]): boolean => keys.length === 1 && TAGS.has(keys[0]!)

/** A JSON-safe copy of committed state. */
export function encode(value: unknown): unknown {
  if (value === undefined) return { $undefined: true }
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(encode)
  if (value instanceof Map) return { $map: Array.from(value, ([key, item]) => [key, encode(item)]) }
  if (value instanceof Set) return { $set: Array.from(value, encode) }
  if (value instanceof Date) return { $date: value.toISOString() }
  const out: Record<string, unknown> = {}
  const keys = Object.keys(value)
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key]
    if (item !== undefined) out[key] = encode(item)
  }
  return isTagLike(Object.keys(out)) ? { $object: out } : out
}

/** Rebuilds state from `encode`'s output (or its JSON text). Throws `DatastoreError` on bad input. */
export function decode(json: unknown): unknown {
  const input = typeof json === 'string' ? parse(json) : json
  return new Decoder().visit(input, 0)
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw fail.invalidValue('fromJSON', [], 'text that is not JSON', 'JSON text or a value from toJSON()')
  }
}

class Decoder {
  private readonly trail: Key[] = []

  visit(value: unknown, depth: number): unknown {
    if (typeof value !== 'object' || value === null) return value
    if (depth >= MAX_DEPTH) this.refuse(`a value nested deeper than ${MAX_DEPTH} levels`)
    if (Array.isArray(value)) return value.map((item, i) => this.child(i, item, depth))
    const keys = Object.keys(value)
    const record = value as Record<string, unknown>
    if (keys.length === 1) {
      const tag = keys[0]!
      const body = record[tag]
      switch (tag) {
        case '$undefined':
          return undefined
        case '$date': {
          const date = new Date(typeof body === 'string' || typeof body === 'number' ? body : Number.NaN)
          if (Number.isNaN(date.getTime())) this.refuse(`${JSON.stringify(body)} as a date`, 'an ISO date string')
          return date
        }
        case '$set':
          return new Set(this.list(tag, body).map((item, i) => this.child(i, item, depth)))
        case '$map':
          return new Map(this.list(tag, body).map((entry, i) => this.entry(i, entry, depth)))
        case '$object':
          if (typeof body !== 'object' || body === null || Array.isArray(body)) this.refuse('a malformed $object', 'an object')
          return this.object(Object.keys(body), body as Record<string, unknown>, depth)
      }
    }
    return this.object(keys, record, depth)
  }

  private object(keys: string[], record: Record<string, unknown>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const key of keys) {
      if (isForbiddenKey(key)) throw fail.forbiddenKey('fromJSON', [...this.trail, key], key)
      out[key] = this.child(key, record[key], depth)
    }
    return out
  }

  private entry(i: number, entry: unknown, depth: number): [Key, unknown] {
    if (!Array.isArray(entry) || entry.length !== 2 || !(typeof entry[0] === 'string' || typeof entry[0] === 'number')) {
      this.trail.push(i)
      this.refuse('a malformed Map entry', 'a [key, value] pair')
    }
    const key = entry[0] as Key
    if (isForbiddenKey(key)) throw fail.forbiddenKey('fromJSON', [...this.trail, key], key)
    return [key, this.child(key, entry[1], depth)]
  }

  private list(tag: string, body: unknown): unknown[] {
    if (!Array.isArray(body)) this.refuse(`a malformed ${tag}`, 'an array')
    return body as unknown[]
  }

  private child(key: Key, value: unknown, depth: number): unknown {
    this.trail.push(key)
    const result = this.visit(value, depth + 1)
    this.trail.pop()
    return result
  }

  private refuse(found: string, expected?: string): never {
    throw fail.invalidValue('fromJSON', this.trail.slice(), found, expected)
  }
}
