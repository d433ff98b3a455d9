// Endpoints: browser Workers, MessagePorts, `self` and SharedWorker ports (addEventListener), and
// Node's worker_threads Worker, parentPort and MessagePort (on/off), behind one small channel that
// passes on the bridge's own messages and beats a heartbeat.

import { fail } from '../core/internal'

/** A browser-style endpoint: Worker, MessagePort, DedicatedWorkerGlobalScope, SharedWorker port. */
export interface EventEndpoint {
  postMessage(message: any): void
  addEventListener(type: string, listener: (event: any) => void): void
  removeEventListener(type: string, listener: (event: any) => void): void
  start?: () => void
}

/** A Node-style endpoint: worker_threads Worker, parentPort, MessagePort. */
export interface NodeEndpoint {
  postMessage(message: any): void
  on(type: string, listener: (...args: any[]) => void): unknown
  off(type: string, listener: (...args: any[]) => void): unknown
}

/** Anything that posts and receives messages. */
export type Endpoint = EventEndpoint | NodeEndpoint

export interface Channel {
  send(message: unknown): void
  close(): void
}

/**
 * Listens on `endpoint` until `close()`: passes on the bridge's messages, the arrays that start with
 * `tag` (their fields are checked where they are used), calls `onClose` if the endpoint closes or its worker exits (where the
 * endpoint can tell), and `onTick` every `heartbeatMs`.
 */
export function openChannel(
  endpoint: Endpoint,
  tag: string,
  heartbeatMs: number,
  onMessage: (message: readonly unknown[]) => void,
  onClose: (why: string) => void,
  onTick: () => void,
): Channel {
  const node = has(endpoint, 'on') && has(endpoint, 'off')
  if (!has(endpoint, 'postMessage') || (!node && !has(endpoint, 'addEventListener'))) {
    throw fail.invalidValue('endpoint', [], 'endpoint', endpoint)
  }
  const receive = (data: unknown) => Array.isArray(data) && data[0] === tag && onMessage(data)
  const listeners: [string, (arg: any) => void][] = [
    ['message', node ? receive : (event: { data: unknown }) => receive(event.data)],
    ['close', () => onClose('the port closed')],
    ['exit', (code: unknown) => onClose(`the worker exited (code ${code})`)],
  ]
  const listen = (add: boolean) => {
    for (const [type, listener] of listeners) {
      if (node) (endpoint as NodeEndpoint)[add ? 'on' : 'off'](type, listener)
      else (endpoint as EventEndpoint)[add ? 'addEventListener' : 'removeEventListener'](type, listener)
    }
  }
  listen(true)
  if (!node) (endpoint as EventEndpoint).start?.()
  const timer = setInterval(onTick, heartbeatMs)
  // A Node process may exit while the heartbeat is pending.
  ;(timer as { unref?: () => void }).unref?.()
  return {
    send(message) {
      try {
        endpoint.postMessage(message)
      } catch (error) {
        throw fail.invalidValue('postMessage', [], 'uncloneable', error)
      }
    },
    close() {
      listen(false)
      clearInterval(timer)
    },
  }
}

const has = (endpoint: unknown, method: string): boolean => typeof (endpoint as Record<string, unknown>)?.[method] === 'function'
