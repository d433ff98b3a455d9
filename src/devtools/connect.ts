// connectDevtools: a store's commits in Redux DevTools, through the browser extension or through
// `@redux-devtools/remote`, and time travel back into the store.

import type { Datastore } from '../core/internal'
import { type DevtoolsExtension, extensionOutlet, FEATURES, listen } from './extension'
import { remoteOutlet, type RemoteOptions } from './remote'
import { DevtoolsSession, type Outlet } from './session'

export interface DevtoolsOptions {
  /** The instance's name in the monitor. Default `'atomic-datastore'`. */
  readonly name?: string
  /** How many actions the monitor keeps. Default 50. */
  readonly maxAge?: number
  /** Connects through `@redux-devtools/remote` and `@redux-devtools/cli` instead of the browser extension. */
  readonly remote?: RemoteOptions
  /**
   * Anything with the extension's `connect` contract, for a monitor of your own (an in-app timeline).
   * Default: `window.__REDUX_DEVTOOLS_EXTENSION__`.
   */
  readonly extension?: DevtoolsExtension
}

export interface DevtoolsHandle {
  /** Stops sending, releases a lock, and closes the connection. Safe to call twice. */
  disconnect(): void
}

let warned = false

/**
 * Shows every commit of `store` in Redux DevTools, named by its mutation and path (`increment
 * user.score`) or its transaction's name, with the state in JSON form (Maps, Sets and Dates tagged).
 * Jumping, importing, resetting and rolling back in the monitor replace the store's state as one job
 * on its queue. Without the extension (and without `remote`) it does nothing, and warns once in
 * development.
 *
 * @example
 * const devtools = connectDevtools(store, { name: 'cart' })
 * // in Node or a worker, through @redux-devtools/cli:
 * // import { devToolsEnhancer } from '@redux-devtools/remote'
 * // connectDevtools(store, { remote: { enhancer: devToolsEnhancer, hostname: '127.0.0.1', port: 8000 } })
 * devtools.disconnect()
 */
export function connectDevtools(store: Datastore<any>, options: DevtoolsOptions = {}): DevtoolsHandle {
  const { name = 'atomic-datastore', maxAge = 50, remote } = options
  const extension = options.extension ?? (globalThis as { __REDUX_DEVTOOLS_EXTENSION__?: DevtoolsExtension }).__REDUX_DEVTOOLS_EXTENSION__
  if (!remote && !extension) {
    if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && !warned) {
      warned = true
      console.warn('[atomic-datastore] connectDevtools: the Redux DevTools extension is not installed, so nothing is sent. Pass `remote` to use @redux-devtools/remote.')
    }
    return { disconnect() {} }
  }
  // The outlet is made once the session exists; commits cannot arrive before this function returns.
  let outlet!: Outlet
  const session = new DevtoolsSession(store, {
    send: (action, state) => outlet.send(action, state),
    error: (message) => outlet.error(message),
  })
  let close: () => void
  if (remote) {
    const connection = remoteOutlet(session, remote, name, maxAge)
    outlet = connection
    close = () => connection.close()
  } else {
    const connection = extension!.connect({ name, maxAge, features: FEATURES })
    outlet = extensionOutlet(connection)
    connection.init(session.state)
    close = listen(connection, session)
  }
  let open = true
  return {
    disconnect() {
      if (!open) return
      open = false
      session.stop()
      close()
    },
  }
}
