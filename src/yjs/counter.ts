// Counters: a number under an object key lives in the doc as a Y.Map of per-client sums, so the
// increments of every device add up. Each client only ever writes its own entry (its clientID);
// `$counter` holds the last reset: the value it set and the sums it had seen. The counter reads as
//   reset.value + Σ over clients of (sum − sum seen by the reset)
// so a reset wins over the increments it saw, and increments it had not seen are added on top.

import * as Y from 'yjs'
import { describe, fail, type Key } from '../core/internal'
import { yjsFail } from './errors'

export const COUNTER = '$counter'

interface Reset {
  value: number
  seen: Record<string, number>
}

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Whether a doc value is a counter: a Y.Map that holds, or held, a reset record. (Yjs applies a
 * deletion before the structs it waits for, so a counter's record can be missing for a while.)
 */
export const isCounter = (value: unknown): value is Y.Map<unknown> => value instanceof Y.Map && value._map.has(COUNTER)

/** Whether the counter's reset record is there, so that its value can be read. */
export const isComplete = (counter: Y.Map<unknown>): boolean => counter.has(COUNTER)

/** A new counter that reads as `value`. */
export const makeCounter = (value: number): Y.Map<unknown> => new Y.Map<unknown>([[COUNTER, { value, seen: {} } satisfies Reset]])

/** The counter's value; throws a `DatastoreError` naming `path` when its content is not a counter's. */
export function readCounter(op: string, path: readonly Key[], map: Y.Map<unknown>): number {
  // A record that has not arrived yet reads as a reset to 0 that saw nothing, until it comes.
  const reset = (map.has(COUNTER) ? map.get(COUNTER) : { value: 0, seen: {} }) as Partial<Reset> | undefined
  const seen = reset?.seen
  if (typeof reset !== 'object' || reset === null || !isFiniteNumber(reset.value) || typeof seen !== 'object' || seen === null) {
    throw yjsFail.badReset(op, path, reset)
  }
  let total = reset.value
  // One order on every device, so that sums of fractions come out the same everywhere.
  for (const key of [...map.keys()].sort()) {
    if (key === COUNTER) continue
    const sum = map.get(key)
    const before = hasOwn.call(seen, key) ? seen[key] : 0
    if (!isFiniteNumber(sum) || !isFiniteNumber(before)) throw yjsFail.badCounter(op, path, sum)
    total += sum - before
  }
  if (!isFiniteNumber(total)) throw fail.invalidValue(op, path, `a counter that sums to ${total}`, 'a finite number')
  return total
}

/** Adds `by` to this client's entry. */
export function addTo(map: Y.Map<unknown>, clientID: number, by: number): void {
  const key = String(clientID)
  const own = map.get(key)
  map.set(key, (isFiniteNumber(own) ? own : 0) + by)
}

/** Resets the counter to `value`, over every increment seen so far. */
export function resetCounter(map: Y.Map<unknown>, value: number): void {
  const seen: Record<string, number> = {}
  for (const [key, sum] of map.entries()) if (key !== COUNTER && isFiniteNumber(sum)) seen[key] = sum
  map.set(COUNTER, { value, seen } satisfies Reset)
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
