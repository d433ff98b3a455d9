// The monitor through `@redux-devtools/remote`, for places the extension cannot reach (Node, React
// Native, a worker). The package is a Redux store enhancer: it gets a small Redux-shaped store whose
// actions are the commits and carry their state, and the enhancer's time travel, import, reset and
// lock come back as changes of that store's state.

import type { DevtoolsSession, Outlet } from './session'

/** `devToolsEnhancer` from `@redux-devtools/remote`, as the user passes it. */
export type RemoteEnhancer = (options: Record<string, unknown>) => unknown

export interface RemoteOptions {
  /** `devToolsEnhancer` from `@redux-devtools/remote`: passing it keeps the package out of bundles that do not use it. */
  readonly enhancer: RemoteEnhancer
  /** Where `@redux-devtools/cli` listens. Default `localhost`. */
  readonly hostname?: string
  readonly port: number
  readonly secure?: boolean
}

type Action = { type: string; [STATE]?: unknown }
type Reducer = (state: unknown, action: Action) => unknown
interface ReduxStore {
  getState(): unknown
  dispatch(action: Action): Action
  subscribe(listener: () => void): () => void
  liftedStore?: { getState(): { isLocked?: boolean } }
}

/** Where an action keeps its state: out of the serialized action, which the monitor shows beside it. */
const STATE = Symbol('state')
/** The action that makes the enhancer disconnect (its `stopOn`). */
const STOP = '@@atomic-datastore/disconnect'

/** The key Redux and the devtools' instrument look for to tell a store is observable. */
const OBSERVABLE = (typeof Symbol === 'function' && (Symbol as { observable?: symbol }).observable) || '@@observable'

/** The smallest store Redux's enhancers accept. */
function createReduxStore(reducer: Reducer, preloaded: unknown): ReduxStore {
  let state = preloaded
  const listeners = new Set<() => void>()
  const store: ReduxStore & { replaceReducer(next: Reducer): void } = {
    getState: () => state,
    dispatch(action) {
      state = reducer(state, action)
      for (const listener of [...listeners]) listener()
      return action
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    replaceReducer(next) {
      reducer = next
      store.dispatch({ type: '@@redux/REPLACE' })
    },
  }
  Object.defineProperty(store, OBSERVABLE, {
    value: () => ({
      subscribe: (observer: { next?(state: unknown): void }) => ({ unsubscribe: store.subscribe(() => observer.next?.(state)) }),
      [OBSERVABLE]() {
        return this
      },
    }),
  })
  store.dispatch({ type: '@@redux/INIT' })
  return store
}

/** Connects `session` to the remote monitor; returns the outlet and the disconnect. */
export function remoteOutlet(session: DevtoolsSession, remote: RemoteOptions, name: string, maxAge: number): Outlet & { close(): void } {
  const enhance = remote.enhancer({
    name,
    maxAge,
    realtime: true,
    hostname: remote.hostname ?? 'localhost',
    port: remote.port,
    secure: remote.secure,
    stopOn: STOP,
  }) as (create: typeof createReduxStore) => typeof createReduxStore
  const reduce: Reducer = (state, action) => (action && STATE in action ? action[STATE] : state)
  const devtools = enhance(createReduxStore)(reduce, session.state)
  let shown = devtools.getState()
  let sending = false
  const stop = devtools.subscribe(() => {
    session.lock(devtools.liftedStore?.getState().isLocked === true)
    if (sending) return
    const state = devtools.getState()
    if (state === shown) return
    // The monitor moved: a jump, an import, a reset, a rollback.
    shown = state
    void session.put(state)
  })
  return {
    send(type, state) {
      sending = true
      try {
        devtools.dispatch({ type, [STATE]: state })
      } finally {
        sending = false
      }
      shown = devtools.getState()
    },
    error: (message) => console.error(`[atomic-datastore] devtools: ${message}`),
    close() {
      stop()
      devtools.dispatch({ type: STOP })
    },
  }
}
