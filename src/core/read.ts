// The read half of the interface, shared by the store, the transaction view and the replica.

import type { Key } from './path'
import { toKeys } from './path'
import { childOf, keysOf, MISSING, resolve } from './tree'
import type { DeepReadonly, Path, PathValue } from './types'
import { warnDottedPath } from './warn'

export abstract class Reader<T extends object> {
  /** The root that reads see. */
  protected abstract current(): T

  /** Hook for views that must make a value safe before handing it out. */
  protected expose<V>(value: V): V {
    return value
  }

  /**
   * The value at `path`, or `fallback` where the path does not resolve.
   *
   * @example
   * store.get(['user', 'profile', 'score'])   // 10
   * store.get('missing', 0)                    // 0
   */
  get<const P extends Path<T>>(path: P): DeepReadonly<PathValue<T, P>>
  get<const P extends Path<T>, const F>(path: P, fallback: F): Exclude<DeepReadonly<PathValue<T, P>>, undefined> | F
  get(path: Path<T>, fallback?: unknown): unknown {
    const root = this.current()
    const found = resolve(root, toKeys('get', path))
    if (found !== MISSING) return this.expose(found)
    warnDottedPath('get', root, path)
    return fallback
  }

  /** Whether `path` resolves to a value (which may be `undefined`). */
  has(path: Path<T>): boolean {
    return resolve(this.current(), toKeys('has', path)) !== MISSING
  }

  /** The number of top-level keys. */
  get size(): number {
    const root: unknown = this.current()
    return root instanceof Map ? root.size : Array.isArray(root) ? root.length : Object.keys(root as object).length
  }

  /** The top-level keys, like `Map#keys`. */
  keys(): IterableIterator<TopKey<T>> {
    return keysOf(this.current())[Symbol.iterator]() as IterableIterator<TopKey<T>>
  }

  /** The top-level values, like `Map#values`. */
  values(): IterableIterator<DeepReadonly<T[keyof T]>> {
    const root = this.current()
    return keysOf(root)
      .map((key) => this.expose(childOf(root, key)))
      [Symbol.iterator]() as IterableIterator<DeepReadonly<T[keyof T]>>
  }

  /** The top-level `[key, value]` pairs, like `Map#entries`. */
  entries(): IterableIterator<[TopKey<T>, DeepReadonly<T[keyof T]>]> {
    const root = this.current()
    return keysOf(root)
      .map((key) => [key, this.expose(childOf(root, key))])
      [Symbol.iterator]() as IterableIterator<[TopKey<T>, DeepReadonly<T[keyof T]>]>
  }

  [Symbol.iterator](): IterableIterator<[TopKey<T>, DeepReadonly<T[keyof T]>]> {
    return this.entries()
  }
}

export type TopKey<T> = T extends ReadonlyMap<infer K, unknown> ? K : T extends readonly unknown[] ? number : Extract<keyof T, Key>
