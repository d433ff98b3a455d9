// Finding and writing a store path in the doc: the Y container that holds it, and the writes that
// keep each kind of value mergeable (counters reset in place, text edited, array items spliced).

import * as Y from 'yjs'
import type { Key } from '../core/internal'
import { isCounter, resetCounter } from './counter'
import { docKey, toY } from './convert'
import type { TextPaths } from './text-paths'

export const NOTHING: unique symbol = Symbol('nothing')

export type Container = Y.Map<unknown> | Y.Array<unknown>

/** Where a path lands in the doc: the container holding `key`, and what is there. */
export interface Place {
  readonly parent: Container
  readonly key: Key
  readonly value: unknown
  /** How many keys of the path lead here: less than its length where the walk met a value it cannot enter. */
  readonly depth: number
}

const isContainer = (value: unknown): value is Container => (value instanceof Y.Map && !isCounter(value)) || value instanceof Y.Array

/** The value at `key` of a doc container, or NOTHING. */
export function childAt(parent: Container, key: Key): unknown {
  if (parent instanceof Y.Array) return isArrayIndex(key, parent.length) ? parent.get(key) : NOTHING
  const name = docKey(key)
  return parent.has(name) ? parent.get(name) : NOTHING
}

/**
 * Walks `path` (non-empty) from `root` as far as containers go: to the container of its last key,
 * or to the first value on the way that is missing or cannot be entered (a counter, a tagged
 * value, text), with `depth` telling how far that is.
 */
export function locate(root: Y.Map<unknown>, path: readonly Key[]): Place {
  let parent: Container = root
  for (let i = 0; ; i++) {
    const key = path[i]!
    const value = childAt(parent, key)
    if (i === path.length - 1 || !isContainer(value)) return { parent, key, value, depth: i + 1 }
    parent = value
  }
}

/** The doc value at `path` ([] is the root), or NOTHING. */
export function valueAt(root: Y.Map<unknown>, path: readonly Key[]): unknown {
  if (path.length === 0) return root
  const place = locate(root, path)
  return place.depth === path.length ? place.value : NOTHING
}

/**
 * Writes a store value at `key` of `parent`: a number over a counter resets the counter in place,
 * a string over a Y.Text edits it, anything else replaces the value there (an array index past
 * the end appends).
 */
export function put(parent: Container, key: Key, value: unknown, text: TextPaths | undefined): void {
  if (parent instanceof Y.Array) {
    const index = key as number
    const item = toY(value, text, true)
    if (index < parent.length) parent.delete(index, 1)
    parent.insert(Math.min(index, parent.length), [item])
    return
  }
  const existing = parent.get(docKey(key))
  if (typeof value === 'number' && isCounter(existing)) return resetCounter(existing, value)
  if (typeof value === 'string' && existing instanceof Y.Text && text?.end) return editText(existing, value)
  parent.set(docKey(key), toY(value, text))
}

/** Removes `key` of `parent` (an array index is spliced out). */
export function remove(parent: Container, key: Key): void {
  if (parent instanceof Y.Array) {
    if (isArrayIndex(key, parent.length)) parent.delete(key, 1)
  } else parent.delete(docKey(key))
}

/** Turns `text` into `next` by replacing only what lies between their common start and end. */
export function editText(text: Y.Text, next: string): void {
  const current = text.toString()
  if (current === next) return
  let start = 0
  while (start < current.length && start < next.length && current[start] === next[start]) start++
  let end = 0
  while (end < current.length - start && end < next.length - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end++
  if (current.length - start - end > 0) text.delete(start, current.length - start - end)
  if (next.length - start - end > 0) text.insert(start, next.slice(start, next.length - end))
}

export const isArrayIndex = (key: Key, length: number): key is number =>
  typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < length
