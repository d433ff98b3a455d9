// Endpoints: browser Workers, MessagePorts, `self` and SharedWorker ports (addEventListener), and
// Node's worker_threads Worker, parentPort and MessagePort (on/off), behind one small channel.

import { describe, fail } from '../core/errors'

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
 * Listens on `endpoint` until `close()`. `onClose` is called once if the endpoint closes or its
 * worker exits (where the endpoint can tell).
 */
export function openChannel(endpoint: Endpoint, onMessage: (data: unknown) => void, onClose: (why: string) => void): Channel {
  const post = (message: unknown) => {
    try {
      endpoint.postMessage(message)
    } catch (error) {
      throw fail.invalidValue('postMessage', [], `${describe(error)}: ${String(error)}`, 'a value the structured clone can copy')
    }
  }
  if (isNode(endpoint)) {
    const closed = () => onClose('the port closed')
    const exited = (code: unknown) => onClose(`the worker exited (code ${String(code)})`)
    endpoint.on('message', onMessage)
    endpoint.on('close', closed)
    endpoint.on('exit', exited)
    return {
      send: post,
      close() {
        endpoint.off('message', onMessage)
        endpoint.off('close', closed)
        endpoint.off('exit', exited)
      },
    }
  }
  if (!isEvented(endpoint)) throw fail.invalidValue('endpoint', [], describe(endpoint), 'a Worker, MessagePort, worker scope or worker_threads endpoint')
  const message = (event: { data: unknown }) => onMessage(event.data)
  const closed = () => onClose('the port closed')
  endpoint.addEventListener('message', message)
  endpoint.addEventListener('close', closed)
  endpoint.start?.()
  return {
    send: post,
    close() {
      endpoint.removeEventListener('message', message)
      endpoint.removeEventListener('close', closed)
    },
  }
}

const isNode = (endpoint: unknown): endpoint is NodeEndpoint =>
  typeof (endpoint as NodeEndpoint)?.on === 'function' &&
  typeof (endpoint as NodeEndpoint).off === 'function' &&
  typeof (endpoint as NodeEndpoint).postMessage === 'function'

const isEvented = (endpoint: unknown): endpoint is EventEndpoint =>
  typeof (endpoint as EventEndpoint)?.addEventListener === 'function' && typeof (endpoint as EventEndpoint).postMessage === 'function'

export function randomId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  return crypto?.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

/** Lets a Node process exit while a bridge timer is pending. */
export function unref<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
