// Development-only warnings. Each sits behind its own `process.env.NODE_ENV` check, so that a
// production bundle drops them with their messages (and a page without a bundler, which has no
// `process`, gets none), and each is written at most once.

import { formatPath } from './errors'
import { otherSpelling } from './path'
import { childOf, Kind, kindOf, MISSING } from './tree'

const warned = new Set<string>()

/**
 * Warns when a string path with a dot misses while the part before the dot is a container at the
 * top level: `get('user.name')` where `user` is an object. A string path is one top-level key and
 * dots are not split, so the caller almost certainly meant `['user', 'name']`.
 */
export function warnDottedPath(op: string, root: unknown, path: unknown): void {
  // The cheap test first: reading `process.env` costs more than a mutation.
  if (typeof path === 'string' && path.indexOf('.') > 0 && typeof process !== 'undefined' && process.env.NODE_ENV !== 'production') {
    if (warned.has(path) || childOf(root, path) !== MISSING) return
    const dot = path.indexOf('.')
    const head = path.slice(0, dot)
    const parent = childOf(root, head)
    if (parent === MISSING || kindOf(parent) === Kind.None) return
    warned.add(path)
    const keys = path.split('.').map((key) => ((otherSpelling(key) as number) >= 0 ? Number(key) : key))
    console.warn(
      `[atomic-datastore] ${op} '${path}': a string path is one top-level key (dots are not split), and there is no key '${path}'. ` +
        `For the nested value under '${head}', write the path as an array: ${formatPath(keys)}.`,
    )
  }
}

/** How long a job may wait behind a held queue before the development warning. */
export const STALL_MS = 1000

let stallWarned = false

/**
 * Starts a timer for a job that has just queued behind an async transaction; the queue clears it
 * when the transaction lets go. If it fires while `held()` still says so, it warns once: the
 * usual cause is a transaction that awaits a mutation of its own store, which waits for itself.
 */
export function watchStall(held: () => boolean): ReturnType<typeof setTimeout> | undefined {
  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && !stallWarned) {
    const timer = setTimeout(() => {
      if (stallWarned || !held()) return
      stallWarned = true
      console.warn(
        `[atomic-datastore] a mutation has waited over ${STALL_MS / 1000} s behind an async transaction that holds the store. ` +
          'If the transaction awaits a mutation of its own store (`await store.set(...)` inside `store.transaction`), it waits for itself ' +
          'and nothing will commit again: inside a transaction, write through `tx` (`tx.set(...)`, `tx.increment(...)`).',
      )
    }, STALL_MS)
    ;(timer as { unref?: () => void }).unref?.()
    return timer
  }
  return undefined
}
