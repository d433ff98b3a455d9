// The root of a concurrent provider: the store's whole state as React state, moved by every commit
// in the lane it was issued in. Components that mount read their first values from it, so that a
// component mounting in a render sees the state of that render, not the store's newest.

import { type Context, createContext, createElement, type ReactElement, type ReactNode, useContext, useEffect, useLayoutEffect, useReducer, useState } from 'react'
import type { AnyStore } from './binding'
import { currentCommit, joinFeed } from './commit-feed'
import { type Step, stepFor } from './replay'

/** A concurrent provider's state as React renders it, and the providers above it. */
export interface RootView {
  readonly store: AnyStore
  readonly root: unknown
  readonly version: number
  readonly parent: RootView | null
}

// Pure, so that a bundle without a concurrent provider leaves these out.
export const RootContext: Context<RootView | null> = /* @__PURE__ */ Object.assign(/* @__PURE__ */ createContext<RootView | null>(null), {
  displayName: 'DatastoreRootContext',
})

/**
 * The same view for React 18, which has no `use` to read a context in some renders only: a holder
 * whose identity never changes (so reading it re-renders nothing), set as each root renders.
 */
export interface RootHolder {
  current: RootView | null
}

export const RootHolderContext: Context<RootHolder> = /* @__PURE__ */ createContext<RootHolder>({ current: null })

/** The version of each store that a concurrent provider last put on screen. */
const committed = new WeakMap<AnyStore, number>()

/** Whether React shows `store` as it is now: nothing of it waits in React's queue. */
export const onScreen = (store: AnyStore): boolean => committed.get(store) === store.version

const useSubscribeEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

const wholeState = /* @__PURE__ */ stepFor([[]])

interface Held {
  readonly root: unknown
  readonly version: number
}

function advance(held: Held, step: Step): Held {
  const [root] = wholeState([held.root], step)
  const version = 'commit' in step ? step.commit.version : held.version
  return root === held.root && version === held.version ? held : { root, version }
}

/** Holds `store`'s state in React state for the hooks below; renders `children` unchanged. */
export function ConcurrentRoot({ store, children }: { store: AnyStore; children?: ReactNode }): ReactElement {
  const parent = useContext(RootContext)
  const [held, dispatch] = useReducer(advance, store, (first) => {
    committed.set(first, first.version)
    return { root: first.state, version: first.version }
  })
  useSubscribeEffect(() => void committed.set(store, held.version))
  useSubscribeEffect(() => {
    const end = joinFeed(store)
    const stop = store.subscribe((next: unknown) => {
      const commit = currentCommit(store)
      dispatch(commit !== undefined ? { commit } : { values: [next] })
    })
    if (store.state !== held.root) dispatch({ values: [store.state] })
    return () => {
      stop()
      end()
    }
  }, [store])
  const [holder] = useState<RootHolder>(() => ({ current: null }))
  const view: RootView = { store, root: held.root, version: held.version, parent }
  holder.current = view
  return createElement(RootContext.Provider, { value: view }, createElement(RootHolderContext.Provider, { value: holder }, children))
}

/** The view of `store` among `view` and its parents, if a concurrent provider holds it. */
export function viewOf(view: RootView | null, store: AnyStore): RootView | null {
  for (let at = view; at !== null; at = at.parent) if (at.store === store) return at
  return null
}
