// The Redux DevTools browser extension's connection (`__REDUX_DEVTOOLS_EXTENSION__.connect`): the
// session's commits go out through `send`, and the monitor's messages come back through `subscribe`.

import type { DevtoolsSession, Outlet } from './session'

/** A message from the monitor, as the extension's `subscribe` delivers it. */
export interface DevtoolsMessage {
  readonly type: string
  readonly payload?: any
  /** The state of a jump or a rollback, as JSON text. */
  readonly state?: string
}

/** What `connect` returns: the extension's documented connection. */
export interface DevtoolsConnection {
  init(state: unknown, liftedData?: unknown): void
  send(action: { type: string } | null, state: unknown): void
  subscribe(listener: (message: DevtoolsMessage) => void): (() => void) | void
  unsubscribe?(): void
  error?(message: string): void
}

/** `window.__REDUX_DEVTOOLS_EXTENSION__`, as far as this package uses it. */
export interface DevtoolsExtension {
  connect(options: { name?: string; maxAge?: number; features?: Record<string, unknown> }): DevtoolsConnection
}

export const FEATURES = { pause: true, lock: true, persist: false, export: true, import: 'custom', jump: true, skip: false, reorder: false, dispatch: false, test: false }

/** The outlet over an extension connection. */
export function extensionOutlet(connection: DevtoolsConnection): Outlet {
  return {
    send: (name, state) => connection.send({ type: name }, state),
    error: (message) => connection.error?.(message),
  }
}

/** Answers the monitor's messages: time travel, import, reset, commit, rollback, pause and lock. */
export function listen(connection: DevtoolsConnection, session: DevtoolsSession): () => void {
  const stop = connection.subscribe((message) => {
    if (message.type !== 'DISPATCH' || !message.payload) return
    const payload = message.payload
    switch (payload.type) {
      case 'JUMP_TO_STATE':
      case 'JUMP_TO_ACTION':
        return void session.put(message.state)
      case 'ROLLBACK':
        return void session.put(message.state).then(() => connection.init(session.state))
      case 'COMMIT':
        return connection.init(session.state)
      case 'RESET':
        return void session.put(session.initialState).then(() => connection.init(session.state))
      case 'IMPORT_STATE': {
        const lifted = payload.nextLiftedState
        const states = lifted?.computedStates
        if (!Array.isArray(states) || !states.length) return
        return void session.put(states[states.length - 1].state).then(() => connection.send(null, lifted))
      }
      case 'PAUSE_RECORDING':
        session.paused = typeof payload.status === 'boolean' ? payload.status : !session.paused
        return
      case 'LOCK_CHANGES':
        return session.lock(payload.status === true)
    }
  })
  return () => {
    if (typeof stop === 'function') stop()
    else connection.unsubscribe?.()
  }
}
