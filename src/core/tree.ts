// The one walk through the tree: a step from a container (a plain object, an array or a Map, or an
// Immer draft of one) to its child by key, and the paths, writes and comparisons made of that step.

import { fail } from './errors'
import type { Key } from './path'

export const MISSING: unique symbol = Symbol()
export type Found = unknown | typeof MISSING

export type Container = Record<string, unknown> | unknown[] | Map<unknown, unknown>

export const enum Kind {
  None,
  Object,
  Array,
  Map,
}

export const kindOf = (value: unknown): Kind =>
  typeof value != 'object' || !value
    ? Kind.None
    : Array.isArray(value)
      ? Kind.Array
      : value instanceof Map
        ? Kind.Map
        : value instanceof Set || value instanceof Date
          ? Kind.None
          : Kind.Object

const hasOwn = Object.prototype.hasOwnProperty

export const isIndex = (key: Key, length: number): key is number => Number.isInteger(key) && (key as number) >= 0 && (key as number) < length

/**
 * The child at `key`, or MISSING. Never throws. This is the numeric-key rule (see `propertyName`):
 * a plain object holds `1` and `'1'` as one property, a Map as two keys, and an array takes numbers only.
 */
export function childOf(node: unknown, key: Key): Found {
  const kind = kindOf(node)
  return kind === Kind.Map
    ? (node as Map<Key, unknown>).has(key)
      ? (node as Map<Key, unknown>).get(key)
      : MISSING
    : kind === Kind.Array
      ? isIndex(key, (node as unknown[]).length)
        ? (node as unknown[])[key]
        : MISSING
      : kind && hasOwn.call(node, key)
        ? (node as Record<Key, unknown>)[key]
        : MISSING
}

/**
 * The value at `keys` (or at its first `depth` keys), or MISSING where the path does not resolve.
 * With `op`, a walk through a value that is not a container throws `NOT_A_CONTAINER` naming all of `keys`.
 */
export function resolve(root: unknown, keys: readonly Key[], op?: string, depth = keys.length): Found {
  let node = root
  for (let i = 0; i < depth && node !== MISSING; i++) {
    const child = childOf(node, keys[i]!)
    if (child === MISSING && op && !kindOf(node)) throw fail.notAContainer(op, keys, keys.slice(0, i), node)
    node = child
  }
  return node
}

/** `root`, checked to be a container, as every root must be: an object, array or Map. */
export function asRoot(op: string, root: unknown): unknown {
  if (!kindOf(root)) throw fail.invalidValue(op, [], 'root', root)
  return root
}

/** Writes `value` under `key` of a mutable container. Arrays accept 0..length (length appends). */
export function putChild(op: string, path: readonly Key[], node: Container, key: Key, value: unknown) {
  const kind = kindOf(node)
  if (kind === Kind.Map) (node as Map<Key, unknown>).set(key, value)
  else if (kind === Kind.Array && !isIndex(key, (node as unknown[]).length + 1)) throw fail.badIndex(op, path, key, (node as unknown[]).length)
  else (node as Record<Key, unknown>)[key] = value
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
  return (
    kind === Kind.Array
      ? [...(node as unknown[])]
      : kind === Kind.Map
        ? new Map(node as Map<unknown, unknown>)
        : Object.getPrototypeOf(node)
          ? { ...node }
          : Object.assign(Object.create(null), node)
  ) as C
}

/** Own keys of a container, in iteration order. */
export const keysOf = (node: unknown): Key[] => {
  const kind = kindOf(node)
  return kind === Kind.Object ? Object.keys(node as object) : kind ? [...(node as Map<Key, unknown>).keys()] : []
}

/**
 * Whether `a` and `b` hold the same data, keys and elements in the same order. Nodes shared by
 * identity are equal without a look inside, so the cost is the size of what is new.
 */
export function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a != 'object' || typeof b != 'object' || !a || !b || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  // Lengths first: an append makes the array longer, and the items need no look.
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => equal(item, (b as unknown[])[i]))
  if (a instanceof Set || a instanceof Map) {
    if (a.size !== (b as Set<unknown>).size) return false
    if (a instanceof Set) return equal([...a], [...(b as Set<unknown>)])
  }
  const keys = keysOf(a)
  const others = keysOf(b)
  return keys.length === others.length && keys.every((key, i) => Object.is(key, others[i]) && equal(childOf(a, key), childOf(b, key)))
}
