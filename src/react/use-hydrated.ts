// Whether a persisted store has finished loading, so the first screen can wait for the saved state
// instead of flashing the initial one. The server (and hydration) always sees `false`.

import { useSyncExternalStore } from 'react'

/** What `useHydrated` needs from `persist(...)`'s result. */
export interface Loading {
  readonly ready: Promise<unknown>
  readonly loaded: boolean
}

const never = () => false

/**
 * `true` once `saved.ready` has settled: the stored state is in the store, or there was none, or it
 * could not be read (then the store keeps its initial state). On the server it is `false`.
 *
 * @example
 * const saved = persist(store, { key: 'app' })
 * function App() {
 *   if (!useHydrated(saved)) return <Spinner />
 *   return <Todos />
 * }
 */
export function useHydrated(saved: Loading): boolean {
  return useSyncExternalStore(
    (changed) => {
      let live = true
      const done = () => live && changed()
      saved.ready.then(done, done)
      return () => void (live = false)
    },
    () => saved.loaded,
    never,
  )
}
