// Shared pieces of the worker tests: starting fixture workers, waiting for their messages, reading
// the bridge's flat messages by name, and a wrapper endpoint that records, drops or mutes the
// bridge's traffic on a port.

import { serialize } from 'node:v8'
import { type MessagePort, Worker } from 'node:worker_threads'
import { TAG } from '../../src/worker/wire'
import { readMessage, readPatches as readWirePatches } from '../../src/worker/wire-reader'
import type { NodeEndpoint } from '../../src/worker'

/** Starts `test/worker/fixtures/<name>` under tsx with `data` as its workerData. */
export function spawn(name: string, data: Record<string, unknown> = {}, transferList: MessagePort[] = []): Worker {
  const script = new URL(`./fixtures/${name}`, import.meta.url).href
  return new Worker(new URL('./fixtures/boot.mjs', import.meta.url), { workerData: { script, ...data }, transferList })
}

type Message = Record<string, any>

/**
 * The next application message from `worker` (one with an `app` field) that `match` accepts.
 * Rejects if the worker fails or exits first.
 */
export function next(worker: Worker, match: (message: Message) => boolean = () => true): Promise<Message> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Message) => {
      if (typeof message !== 'object' || message === null || !('app' in message) || !match(message)) return
      cleanup()
      resolve(message)
    }
    const onError = (error: unknown) => {
      cleanup()
      reject(error)
    }
    const onExit = (code: number) => onError(new Error(`the worker exited (code ${code}) before answering`))
    const cleanup = () => {
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
  })
}

/** Sends `{ app, ...rest }` to `worker` and resolves with its reply of the same `app`. */
export function ask(worker: Worker, app: string, rest: Message = {}, transferList: MessagePort[] = []): Promise<Message> {
  const reply = next(worker, (message) => message.app === app)
  worker.postMessage({ app, ...rest }, transferList)
  return reply
}

/** Flat patches as `{ op, path, value }` objects. */
export const readPatches = (patches: unknown[]): Message[] => readWirePatches(patches)

/**
 * One of the bridge's flat messages as an object with named fields (`raw` is the message itself),
 * or undefined for any other message. Patches come as `{ op, path, value }` objects.
 */
export const decode = (raw: unknown): Message | undefined => readMessage(raw)

/** Whether `message` (raw or decoded) is one of the bridge's, optionally of one kind. */
export const isBridge = (message: unknown, kind?: string): message is Message => {
  const decoded = Array.isArray(message) ? decode(message) : (message as Message | undefined)
  return decoded?.tag === TAG && (kind === undefined || decoded.kind === kind)
}

/** The size of a message as the structured clone writes it (the raw message, for a decoded one). */
export const bytes = (message: unknown): number => serialize((message as Message | undefined)?.raw ?? message).length

export interface Tap {
  readonly endpoint: NodeEndpoint
  /** Messages the wrapped side posted (and that were forwarded), decoded where they are the bridge's. */
  readonly sent: Message[]
  /** Messages delivered to the wrapped side, decoded where they are the bridge's. */
  readonly received: Message[]
  /** Every call to `postMessage`, forwarded or not. */
  posts: number
  /** While true, nothing passes in either direction. */
  muted: boolean
  /** Incoming messages (decoded where they are the bridge's) for which this returns true are dropped. */
  dropIn: (message: Message) => boolean
  count(kind: string, list?: 'sent' | 'received'): number
}

/** Wraps a port so that a test can see, drop and mute what passes through it. */
export function tap(port: MessagePort): Tap {
  const wrapped = new Map<(...args: any[]) => void, (...args: any[]) => void>()
  const state: Tap = {
    sent: [],
    received: [],
    posts: 0,
    muted: false,
    dropIn: () => false,
    count: (kind, list = 'sent') => state[list].filter((message) => isBridge(message, kind)).length,
    endpoint: {
      postMessage(message: Message) {
        state.posts++
        if (state.muted) return
        state.sent.push(decode(message) ?? message)
        port.postMessage(message)
      },
      on(type: string, listener: (...args: any[]) => void) {
        const inner =
          type === 'message'
            ? (message: Message) => {
                const decoded = decode(message) ?? message
                if (state.muted || state.dropIn(decoded)) return
                state.received.push(decoded)
                listener(message)
              }
            : listener
        wrapped.set(listener, inner)
        port.on(type, inner)
        return state.endpoint
      },
      off(type: string, listener: (...args: any[]) => void) {
        port.off(type, wrapped.get(listener) ?? listener)
        wrapped.delete(listener)
        return state.endpoint
      },
    },
  }
  return state
}

/** Lets pending messages and timers run; resolves after `turns` macrotasks. */
export async function turns(count = 1): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve))
}

export { rejection } from '../shared'
