// How a concurrent hook moves its values from one commit to the next, in React's own update queue.
// When React renders the commit on top of the values it expects, the commit's values are taken as
// they are. When React renders it on top of other values (an urgent update rebased over a pending
// transition), the commit's named mutations are replayed on those values, as React replays its own
// reducers; a commit made by a recipe or a free-form transaction cannot be replayed and is taken
// as the store made it.

import { applyOp, type Op } from '../core/ops'
import type { Key } from '../core/path'
import type { Commit } from '../core/store'
import { MISSING, resolve } from '../core/tree'
import { Writer } from '../core/writer'
import { valueAt } from './binding'

/** What a concurrent hook holds in React state: the values at its paths. */
export type Values = readonly unknown[]

/** An update for the hook's state: a commit of the store, or the values read afresh. */
export type Step = { readonly commit: Commit } | { readonly values: Values }

/** The reducer of a concurrent hook reading `paths`: pure, so React may run it again on rebase. */
export const stepFor =
  (paths: readonly (readonly Key[])[]) =>
  (values: Values, step: Step): Values => {
    if (!('commit' in step)) return step.values.every((value, i) => Object.is(value, values[i])) ? values : step.values
    const { commit } = step
    let changed = false
    const next = paths.map((keys, i) => {
      const mine = values[i]
      const before = valueAt(commit.prev, keys)
      const after = valueAt(commit.next, keys)
      if (Object.is(before, after)) return mine
      const value = Object.is(mine, before) ? after : replay(commit, keys, mine, after)
      if (!Object.is(value, mine)) changed = true
      return value
    })
    return changed ? next : values
  }

function replay(commit: Commit, keys: readonly Key[], mine: unknown, after: unknown): unknown {
  if (commit.ops.length === 0 || commit.ops.some((op) => op.type === 'operate')) return after
  try {
    const writer = new Writer(commit.prev)
    if (resolve(commit.prev, keys) !== MISSING || mine !== undefined) writer.put('replay', keys, mine)
    for (const op of commit.ops) applyOp(writer, op as Op)
    return valueAt(writer.finish('replay'), keys)
  } catch {
    return after
  }
}
