// Paths: a string is one top-level key, an array is a walk from the root.

import { fail } from './errors'
import { MAX_DEPTH } from './value'

export type Key = string | number
export type PathInput = string | readonly Key[]

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

export const isForbiddenKey = (key: unknown): key is string => typeof key === 'string' && FORBIDDEN.has(key)

/**
 * Checks a path and returns it as an array of keys. Throws `INVALID_PATH` or `FORBIDDEN_KEY`.
 * The returned array is the caller's own when it was already valid; it is never mutated.
 */
export function toKeys(op: string, path: unknown): readonly Key[] {
  if (typeof path === 'string') {
    checkKey(op, path, [path])
    return [path]
  }
  if (!Array.isArray(path)) throw fail.invalidPath(op, path)
  // A longer path would build a state deeper than any value may be, which toJSON could not walk.
  if (path.length > MAX_DEPTH) throw fail.invalidPath(op, path, MAX_DEPTH)
  for (const key of path) checkKey(op, key, path)
  return path as readonly Key[]
}

/**
 * `toKeys` for a path that a queued job will use later: the job gets its own copy, checked after it
 * was taken, so a caller who reuses the array cannot change where the write lands.
 */
export const ownKeys = (op: string, path: unknown): readonly Key[] => toKeys(op, Array.isArray(path) ? path.slice() : path)

function checkKey(op: string, key: unknown, path: readonly unknown[]): void {
  if (typeof key === 'string') {
    if (FORBIDDEN.has(key)) throw fail.forbiddenKey(op, path as Key[], key)
    return
  }
  if (typeof key === 'number' && Number.isFinite(key)) return
  throw fail.invalidPath(op, path)
}

/** Whether `prefix` is a prefix of `path` (or equal to it), comparing keys as property names. */
export function isPrefix(prefix: readonly Key[], path: readonly Key[]): boolean {
  if (prefix.length > path.length) return false
  for (let i = 0; i < prefix.length; i++) if (!sameKey(prefix[i]!, path[i]!)) return false
  return true
}

/**
 * The one rule for numeric keys: a plain object holds every key as a string, so `1` and `'1'` name
 * the same property (a Map keeps them apart). This is the name a key has in a plain object.
 */
export const propertyName = (key: Key): string => String(key)

/** `1` and `'1'` name the same property of an object. */
export const sameKey = (a: Key, b: Key): boolean => a === b || String(a) === String(b)

/** The other key that names the same property of an object (`'1'` for `1`, `1` for `'1'`), or `undefined` (`'01'`, `'a'`). */
export const otherSpelling = (key: Key): Key | undefined =>
  typeof key == 'number' ? String(key) : String(Number(key)) === key ? Number(key) : undefined
