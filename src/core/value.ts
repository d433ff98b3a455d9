// Values: what counts as plain data, and the one pass that checks, copies and freezes it.

import { isDraft } from 'immer'
import { DatastoreError, fail, type Refusal } from './errors'
import { isForbiddenKey, type Key } from './path'

/**
 * Marks the nodes of committed state: checked, frozen, safe to keep by reference. Most nodes get a
 * private field, stamped on before they are frozen: invisible to reflection, spreads and clones, and
 * nearly free. A plain object with many keys goes in a WeakSet instead, since one more field could
 * push it into V8's slow dictionary mode; WeakSet entries cost more, the more of them are alive.
 */
class Brand extends (function (node: object) {
  return node
} as unknown as new (node: object) => object) {
  #sealed = true
  static has(node: object): boolean {
    return #sealed in node
  }
}
const large = new WeakSet<object>()
const BRANDED_KEYS = 16

const sealed = {
  has: (node: object): boolean => Brand.has(node) || large.has(node),
  /** Marks `node` and returns it (callers use the result, so no bundler drops the stamp as dead). */
  add<T extends object>(node: T): T {
    if (!Array.isArray(node)) {
      let keys = 0
      for (const _ in node) {
        if (++keys > BRANDED_KEYS) {
          large.add(node)
          return node
        }
      }
    }
    return new Brand(node) as T
  },
}

/** The one-key objects that stand for other values in `toJSON` output. */
export const TAGS = new Set(['$map', '$set', '$date', '$undefined', '$object'])

/** How deep a value may nest. Deeper values are refused rather than overflowing the stack. */
export const MAX_DEPTH = 1000

export const isSealed = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && sealed.has(value)

const frozenCollection = () => {
  throw fail.immutable()
}
const lockMethod = { value: frozenCollection, writable: false, enumerable: false, configurable: false }
const dateLocks = Object.fromEntries(
  Object.getOwnPropertyNames(Date.prototype)
    .filter((name) => name.startsWith('set'))
    .map((name) => [name, lockMethod]),
)

/** Freezes one node in place (Maps, Sets and Dates also lose their mutating methods) and marks it committed. */
export function seal<T extends object>(node: T): T {
  if (sealed.has(node)) return node
  if (node instanceof Map || node instanceof Set) {
    Object.defineProperties(node, { set: lockMethod, add: lockMethod, delete: lockMethod, clear: lockMethod })
  } else if (node instanceof Date) {
    Object.defineProperties(node, dateLocks)
  }
  return Object.freeze(sealed.add(node))
}

/**
 * Checks that `value` is plain data and returns a sealed deep copy of it. Subtrees that are already
 * sealed are kept by reference, so moving a part of the state keeps its identity. The caller's own
 * objects are never frozen and never aliased. With `json`, the pass also reads the tags that `toJSON` writes
 * (`{ $map: [...] }` and the like, see json.ts) as the values they stand for.
 */
export function adopt(op: string, path: readonly Key[], value: unknown, json = false): unknown {
  if (isKept(value)) return value
  const adopter = new Adopter(op, path, json)
  try {
    return adopter.visit(value, path.length)
  } catch (error) {
    if (error instanceof DatastoreError) throw error
    // A refusal is raised here, with the stack unwound: deep in a value there may be no room to make it.
    // A stack too small for MAX_DEPTH levels overflows first: still a value nested too deeply, named where.
    throw error === REFUSED || error instanceof RangeError
      ? fail.invalidValue(op, adopter.at(), ...(adopter.refused ?? ['tooDeepToCheck', error]))
      : fail.invalidValue(op, path, 'throwsWhenRead', error)
  }
}

/** Thrown by the walk to stop at a refused value; `adopt` raises the error. */
const REFUSED = Symbol()

/** A value kept as it is: a primitive allowed in the state, or a node that is sealed already. */
const isKept = (value: unknown): boolean =>
  typeof value == 'object' && value
    ? sealed.has(value)
    : typeof value != 'number'
      ? typeof value == 'string' || typeof value == 'boolean' || value == null
      : Number.isFinite(value)

class Adopter {
  /** The keys from the base path down to where the walk is now. */
  readonly #trail: Key[] = []
  readonly #ancestors = new Set<object>()
  readonly #op: string
  readonly #base: readonly Key[]
  readonly #json: boolean
  /** Why the walk stopped, where `at()` says. */
  refused: [Refusal, unknown?] | undefined

  constructor(op: string, base: readonly Key[], json: boolean) {
    this.#op = op
    this.#base = base
    this.#json = json
  }

  visit(value: unknown, depth: number): unknown {
    if (isKept(value)) return value
    if (typeof value != 'object') return this.#refuse(typeof value == 'number' ? 'notFinite' : 'value', value)
    if (depth >= MAX_DEPTH) return this.#refuse('tooDeep', MAX_DEPTH)
    if (this.#ancestors.has(value!) || isDraft(value)) return this.#refuse(isDraft(value) ? 'draft' : 'cycle')
    this.#ancestors.add(value!)
    const result = this.#copy(value!, depth)
    this.#ancestors.delete(value!)
    return result
  }

  /** Where the walk is now. */
  at(): Key[] {
    return [...this.#base, ...this.#trail]
  }

  #copy(value: object, depth: number): object | undefined {
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return this.#refuse('value', value)
      const out = new Array<unknown>(value.length)
      for (let i = 0; i < value.length; i++) out[i] = i in value ? this.#child(i, this.#read(value, i), depth) : this.#refuse('sparse')
      return seal(out)
    }
    if (value instanceof Map) {
      const out = new Map<Key, unknown>()
      for (const [key, item] of value) {
        if (typeof key != 'string' && !(typeof key == 'number' && Number.isFinite(key))) return this.#refuse('mapKey', key)
        out.set(this.#key(key), this.#child(key, item, depth))
      }
      return seal(out)
    }
    if (value instanceof Set) {
      const out = new Set<unknown>()
      let i = 0
      for (const item of value) out.add(this.#child(i++, item, depth))
      return seal(out)
    }
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? this.#refuse('invalidDate') : seal(new Date(value.getTime()))
    return this.#object(value, depth, this.#json)
  }

  #object(value: object, depth: number, tags: boolean): object | undefined {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return this.#refuse('value', value)
    if (Object.getOwnPropertySymbols(value).length) return this.#refuse('symbolKeys')
    const keys = Object.keys(value)
    if (tags && keys.length == 1 && TAGS.has(keys[0]!)) return this.#untag(keys[0]!, this.#read(value, keys[0]!), depth)
    const out: Record<string, unknown> = proto ? {} : Object.create(null)
    for (const key of keys) out[this.#key(key)] = this.#child(key, this.#read(value, key), depth)
    return seal(out)
  }

  /** A JSON tag's body, turned into the value it stands for and adopted like any other. */
  #untag(tag: string, body: unknown, depth: number): object | undefined {
    if (tag == '$undefined') return undefined
    if (tag == '$date') return this.#copy(new Date(typeof body == 'string' || typeof body == 'number' ? body : NaN), depth)
    if (tag == '$object') return typeof body != 'object' || !body || Array.isArray(body) ? this.#refuse('malformedObject') : this.#object(body, depth, false)
    const list = Array.isArray(body) ? body : this.#refuse('malformedTag', tag)
    return this.#copy(
      tag == '$set'
        ? new Set(list)
        : new Map(
            list.map((entry: unknown, i): [unknown, unknown] => {
              if (Array.isArray(entry) && entry.length == 2 && (typeof entry[0] == 'string' || typeof entry[0] == 'number')) return [entry[0], entry[1]]
              this.#trail.push(i)
              return this.#refuse('malformedEntry')
            }),
          ),
      depth,
    )
  }

  /** `key`, unless it is forbidden. */
  #key<K extends Key>(key: K): K {
    if (isForbiddenKey(key)) throw fail.forbiddenKey(this.#op, [...this.at(), key], key)
    return key
  }

  #child(key: Key, value: unknown, depth: number): unknown {
    if (isKept(value)) return value
    this.#trail.push(key)
    const result = this.visit(value, depth + 1)
    this.#trail.pop()
    return result
  }

  /** A data property's value; accessors are refused, and never called. */
  #read(node: object, key: Key): unknown {
    const descriptor = Object.getOwnPropertyDescriptor(node, key)
    if (descriptor && 'value' in descriptor) return descriptor.value
    this.#trail.push(key)
    return this.#refuse('accessor')
  }

  #refuse(refusal: Refusal, found?: unknown): never {
    this.refused = [refusal, found]
    throw REFUSED
  }
}
