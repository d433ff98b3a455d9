// The commit being announced, per store, for the concurrent hooks: one observer per store, counted
// by its users, notes each commit before the store notifies its path subscribers, so that a path
// listener can hand React the whole commit (its roots and the mutations that made it).

import { type Commit, internalsOf } from '../core/store'
import type { AnyStore } from './binding'

interface Feed {
  current: Commit | undefined
  users: number
  stop: () => void
}

const feeds = new WeakMap<AnyStore, Feed>()

/** Starts noting `store`'s commits for one more user; returns the function that ends that use. */
export function joinFeed(store: AnyStore): () => void {
  const core = internalsOf(store)
  if (core === undefined) return () => {}
  let feed = feeds.get(store)
  if (feed === undefined) {
    const created: Feed = { current: undefined, users: 0, stop: () => {} }
    created.stop = core.observe((commit) => {
      created.current = commit
    })
    feeds.set(store, (feed = created))
  }
  const used = feed
  used.users++
  let ended = false
  return () => {
    if (ended) return
    ended = true
    if (--used.users === 0) {
      used.stop()
      feeds.delete(store)
    }
  }
}

/** The commit `store` is announcing now, if it is a store of this package and one is. */
export const currentCommit = (store: AnyStore): Commit | undefined => feeds.get(store)?.current
