// JSON: Map, Set, Date and undefined become one-key tagged objects; a plain object that happens to
// look like a tag is escaped, so every allowed value round-trips. Reading the tags back is part of
// the one pass that checks and copies values (value.ts).

import { fail } from './errors'
import { adopt, TAGS } from './value'

/** A JSON-safe copy of committed state. */
export function encode(value: unknown): unknown {
  if (value === undefined) return { $undefined: true }
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(encode)
  if (value instanceof Map) return { $map: Array.from(value, ([key, item]) => [key, encode(item)]) }
  if (value instanceof Set) return { $set: Array.from(value, encode) }
  if (value instanceof Date) return { $date: value.toISOString() }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key]
    if (item !== undefined) out[key] = encode(item)
  }
  const keys = Object.keys(out)
  return keys.length === 1 && TAGS.has(keys[0]!) ? { $object: out } : out
}

/** Rebuilds sealed state from `encode`'s output (or its JSON text). Throws `DatastoreError` on bad input. */
export function decode(json: unknown): unknown {
  let input = json
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json)
    } catch {
      throw fail.invalidValue('fromJSON', [], 'notJson')
    }
  }
  return adopt('fromJSON', [], input, true)
}
