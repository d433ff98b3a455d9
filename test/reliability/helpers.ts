// Shared pieces of the reliability tests: a safety net for promises that must settle, and a wait for
// replicas to reach the owner's version.

import type { Datastore } from '../../src/index'

/**
 * Resolves or rejects as `promise` does, and fails with a clear message if it has not settled after
 * `ms`. This is only a net for hangs: no assertion depends on how long anything took.
 */
export function settles<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)
  })
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer))
}

/** Lets pending messages and timers run for `count` macrotask turns. */
export async function turns(count = 1): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** Waits until every replica has applied the owner's last commit (fails after the safety net). */
export async function converged(owner: Datastore<any>, replicas: readonly Datastore<any>[]): Promise<void> {
  const reached = async () => {
    while (replicas.some((r) => r.version !== owner.version)) await turns()
  }
  await settles(reached(), 'replicas reaching the owner version')
}

export { rejection } from '../shared'
