// Small helpers shared by the core tests.

import { expect } from 'vitest'
import { DatastoreError, type DatastoreErrorCode, formatPath, type Key } from '../../src/index'
import { rejection } from '../shared'

export { rejection }

/** Lets `n` rounds of microtasks run. */
export async function ticks(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

/** Lets every pending microtask and one macrotask turn run. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Whether `promise` has already settled when this is called: a `.then` flag is set after one
 * microtask tick only if the promise was settled before the tick.
 */
export async function settledAlready(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await Promise.resolve()
  return settled
}


/** Checks a `DatastoreError`: its code, its path, and that its message names the path. */
export function expectDatastoreError(error: unknown, code: DatastoreErrorCode, path?: readonly Key[]): DatastoreError {
  expect(error).toBeInstanceOf(DatastoreError)
  const e = error as DatastoreError
  expect(e.code).toBe(code)
  expect(e.name).toBe('DatastoreError')
  if (path === undefined) {
    expect(e.path).toBeUndefined()
  } else {
    expect(e.path).toEqual(path)
    expect(e.message).toContain(formatPath(path))
  }
  return e
}

/** Awaits a rejection and checks it as `expectDatastoreError` does. */
export async function expectRejection(promise: Promise<unknown>, code: DatastoreErrorCode, path?: readonly Key[]): Promise<DatastoreError> {
  return expectDatastoreError(await rejection(promise), code, path)
}

/** A function that throws the `DatastoreError` raised by `fn`, checked. */
export function expectThrown(fn: () => unknown, code: DatastoreErrorCode, path?: readonly Key[]): DatastoreError {
  try {
    fn()
  } catch (error) {
    return expectDatastoreError(error, code, path)
  }
  return expect.unreachable('expected a DatastoreError to be thrown')
}
