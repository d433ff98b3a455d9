// The hook under <DatastoreProvider concurrent>: the values at a component's paths live in React
// state, moved by the store's commits through React's own update queue. An update issued inside
// startTransition is then a transition update like any setState: React may interrupt its render and
// keeps the committed screen while it is pending. Only components whose paths changed are updated.

import * as React from 'react'
import { type Context, useContext, useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react'
import type { Key, PathInput } from '../core/path'
import { toKeys } from '../core/path'
import type { AnyStore } from './binding'
import { pathKey, valueAt } from './binding'
import { currentCommit, joinFeed } from './commit-feed'
import { onScreen, RootContext, RootHolderContext, viewOf } from './concurrent-root'
import { isPathList } from './paths-binding'
import { type Step, stepFor, type Values } from './replay'
import type { Equality, Selector, Target } from './use-path-value'

interface Source {
  readonly store: AnyStore
  readonly paths: readonly (readonly Key[])[]
  readonly many: boolean
  readonly step: (values: Values, step: Step) => Values
}

// Layout effects subscribe before the browser paints; servers run neither.
const useSubscribeEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

const read = (source: Source, root: unknown = source.store.state): Values => source.paths.map((keys) => valueAt(root, keys))

// React 19's `use` reads a context in some renders only; React 18 reads a holder of the same view,
// whose identity never changes, so that a commit re-renders only the components whose paths changed.
const use = (React as { use?: <V>(context: Context<V>) => V }).use

/** The value at `target` (or `select` over it) for a component under a concurrent provider. */
export function useConcurrentRead(store: AnyStore, target: Target, select?: Selector<any, unknown>, equals?: Equality<unknown>): unknown {
  const key = pathKey(target)
  const source = useMemo<Source>(() => {
    const many = isPathList(target)
    const paths = many ? target.map((path) => toKeys('useDatastore', path)) : [toKeys('useDatastore', target as PathInput)]
    return { store, paths, many, step: stepFor(paths) }
  }, [store, key])
  // Until it is subscribed and caught up, a component that mounts while React is behind the store
  // reads the provider's state as this render sees it, so it shows what its siblings show.
  const synced = useRef(false)
  const behind = !synced.current && !onScreen(store)
  const holder = useContext(RootHolderContext)
  const view = viewOf(behind ? (use === undefined ? holder.current : use(RootContext)) : null, store)
  const [state, dispatch] = useReducer(
    (held: { source: Source; values: Values }, step: Step | 'refresh' | { reset: Source; values: Values }) => {
      if (step === 'refresh') return { ...held }
      if ('reset' in step) return { source: step.reset, values: step.values }
      const values = held.source.step(held.values, step)
      return values === held.values ? held : { source: held.source, values }
    },
    source,
    (first) => ({ source: first, values: read(first, view ? view.root : first.store.state) }),
  )
  const values = view !== null && !synced.current ? read(source, view.root) : synced.current && state.source === source ? state.values : read(source)
  const rendered = useRef({ values, version: store.version })
  rendered.current = { values, version: view !== null && !synced.current ? view.version : store.version }

  useSubscribeEffect(() => {
    const end = joinFeed(store)
    let last: unknown
    const stops = source.paths.map((keys) =>
      store.subscribe(keys, () => {
        const commit = currentCommit(store)
        if (commit !== undefined) {
          if (commit === last) return
          last = commit
          dispatch({ commit })
        } else dispatch({ values: read(source) })
      }),
    )
    return () => {
      stops.forEach((stop) => stop())
      end()
      synced.current = false
    }
  }, [source])

  // Caught up once the state rendered is the store's own. Until then a commit missed between render
  // and subscription is taken from the provider, in the lane it was issued in: the component renders
  // again reading the provider's state, which re-renders it as React catches up.
  useSubscribeEffect(() => {
    if (synced.current) return
    if (rendered.current.version === store.version) {
      synced.current = true
      dispatch({ reset: source, values: rendered.current.values })
    } else if (view === null) dispatch('refresh')
  })

  const selection = useRef<{ values: Values; select: unknown; result: unknown } | undefined>(undefined)
  if (select === undefined) return source.many ? values : values[0]
  const last = selection.current
  if (last !== undefined && last.select === select && last.values === values) return last.result
  const picked = source.many ? (select as (...values: unknown[]) => unknown)(...values) : select(values[0])
  const result = last !== undefined && equals !== undefined && equals(last.result, picked) ? last.result : picked
  selection.current = { values, select, result }
  return result
}
