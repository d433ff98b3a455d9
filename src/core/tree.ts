// Reading and writing one level of the tree: plain objects, arrays and Maps (or Immer drafts of them).

import { fail } from './errors'
import type { Key } from './path'

export const MISSING: unique symbol = Symbol('missing')
export type Found = unknown | typeof MISSING

export type Container = Record<string, unknown> | unknown[] | Map<unknown, unknown>

export const enum Kind {
  None,
  Object,
  Array,
  Map,
}

export function kindOf(value: unknown): Kind {
  if (typeof value !== 'object' || value === null) return Kind.None
  if (Array.isArray(value)) return Kind.Array
  if (value instanceof Map) return Kind.Map
  if (value instanceof Set || value instanceof Date) return Kind.None
  return Kind.Object
}

const hasOwn = Object.prototype.hasOwnProperty

export const isIndex = (key: Key, length: number): key is number =>
  typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < length

/** The child at `key`, or MISSING. Never throws. */
export function childOf(node: unknown, key: Key): Found {
  switch (kindOf(node)) {
    case Kind.Object:
      return hasOwn.call(node, key) ? (node as Record<Key, unknown>)[key] : MISSING
    case Kind.Array:
      return isIndex(key, (node as unknown[]).length) ? (node as unknown[])[key] : MISSING
    case Kind.Map:
      return (node as Map<Key, unknown>).has(key) ? (node as Map<Key, unknown>).get(key) : MISSING
    default:
      return MISSING
  }
}

/** The value at `keys`, or MISSING where the path does not resolve. Never throws. */
export function resolve(root: unknown, keys: readonly Key[]): Found {
  let node: unknown = root
  for (let i = 0; i < keys.length; i++) {
    node = childOf(node, keys[i]!)
    if (node === MISSING) return MISSING
  }
  return node
}

/** Like `resolve` over `keys[0..depth)`, but a walk through a non-container throws `NOT_A_CONTAINER` naming all of `keys`. */
export function resolveStrict(op: string, root: unknown, keys: readonly Key[], depth = keys.length): Found {
  let node: unknown = root
  for (let i = 0; i < depth; i++) {
    if (kindOf(node) === Kind.None) throw fail.notAContainer(op, keys, keys.slice(0, i), node)
    node = childOf(node, keys[i]!)
    if (node === MISSING) return MISSING
  }
  return node
}

/** `root`, checked to be a container, as every root must be: an object, array or Map. */
export function asRoot(op: string, root: unknown): unknown {
  if (kindOf(root) === Kind.None) throw fail.invalidValue(op, [], 'root', root)
  return root
}

/** Writes `value` under `key` of a mutable container. Arrays accept 0..length (length appends). */
export function putChild(op: string, path: readonly Key[], node: Container, kind: Kind, key: Key, value: unknown) {
  if (kind === Kind.Array) {
    const array = node as unknown[]
    if (!isIndex(key, array.length + 1)) throw fail.badIndex(op, path, key, array.length)
    array[key] = value
  } else if (kind === Kind.Map) {
    ;(node as Map<Key, unknown>).set(key, value)
  } else {
    ;(node as Record<Key, unknown>)[key] = value
  }
}

/** Removes `key` from a mutable container; an array index is spliced out. */
export function removeChild(node: Container, kind: Kind, key: Key): void {
  if (kind === Kind.Array) (node as unknown[]).splice(key as number, 1)
  else if (kind === Kind.Map) (node as Map<Key, unknown>).delete(key)
  else delete (node as Record<Key, unknown>)[key]
}

/** A fresh, mutable shallow copy of a container. */
export function shallowCopy<C>(node: C, kind: Kind): C {
  // Spreads: V8 copies a frozen array by `slice` slowly, and `Object.assign` onto `{}` turns a large
  // object into a dictionary. A spread does neither.
  if (kind === Kind.Array) return [...(node as unknown[])] as C
  if (kind === Kind.Map) return new Map(node as Map<unknown, unknown>) as C
  if (Object.getPrototypeOf(node) !== null) return { ...node }
  return Object.assign(Object.create(null), node) as C
}

/**
 * Whether `a` and `b` hold the same data, keys and elements in the same order. Nodes shared by
 * identity are equal without a look inside, so the cost is the size of what is new.
 */
export function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a != 'object' || typeof b != 'object' || !a || !b || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  if (a instanceof Set) return equal([...a], [...(b as Set<unknown>)])
  const keys = keysOf(a)
  const others = keysOf(b)
  return keys.length === others.length && keys.every((key, i) => Object.is(key, others[i]) && equal(childOf(a, key), childOf(b, key)))
}

/** Own keys of a container, in iteration order. */
export function keysOf(node: unknown): Key[] {
  switch (kindOf(node)) {
    case Kind.Object:
      return Object.keys(node as object)
    case Kind.Array:
      return Array.from((node as unknown[]).keys())
    case Kind.Map:
      return Array.from((node as Map<Key, unknown>).keys())
    default:
      return []
  }
}
