// `@redux-devtools/cli`'s server, started in-process on 127.0.0.1, and a monitor that talks to it
// the way the devtools app does (a socketcluster client that logs in and watches the `log` channel).
//
// Two things differ from `redux-devtools --port`: the cli's report store (knex on sqlite3, used only
// to save and list bug reports) gets a knex client without a database, because sqlite3's native
// binding cannot be built on a machine whose npm skips install scripts and cannot download prebuilt
// binaries; and the cli's `listen(port)` is made to bind 127.0.0.1, since tests listen on no other.

import http from 'node:http'
import net from 'node:net'
import startServer from '@redux-devtools/cli'
import knex from 'knex'
import { parse } from 'jsan'
import socketClusterClient from 'socketcluster-client'

/** A free port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A knex client that has no database: the cli's report store then answers nothing. */
class NoReports extends (knex as any).Client {}

export async function startCli(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort()
  const listen = http.Server.prototype.listen
  let server: http.Server | undefined
  const sockets = new Set<net.Socket>()
  http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
    http.Server.prototype.listen = listen
    server = this
    this.on('connection', (socket: net.Socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    return (listen as (port: number, host: string) => http.Server).call(this, args[0] as number, '127.0.0.1')
  } as typeof listen
  try {
    const started = await startServer({ hostname: '127.0.0.1', port, dbOptions: { client: NoReports, migrate: false }, logLevel: 1 })
    await started.ready
  } finally {
    http.Server.prototype.listen = listen
  }
  return {
    port,
    async stop() {
      // WebSockets are upgraded connections, which closeAllConnections leaves open.
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server!.close(resolve))
    },
  }
}

export interface Received {
  readonly type: string
  readonly id: string
  readonly name?: string
  /** For `ACTION`: the action, parsed. */
  readonly action?: { type: string }
  /** The state, or for `STATE` the lifted state, parsed. */
  readonly payload?: any
}

/** A monitor as the devtools app is one: logs in, watches `log`, answers `START`, sends dispatches. */
export async function connectMonitor(port: number) {
  const socket = socketClusterClient.create({ hostname: '127.0.0.1', port, autoReconnect: false })
  const channel = (await socket.invoke('login', {})) as string
  const received: Received[] = []
  const waiting = new Set<() => void>()
  void (async () => {
    for await (const data of socket.subscribe(channel) as AsyncIterable<any>) {
      const message = {
        ...data,
        action: typeof data.action === 'string' ? parse(data.action).action : data.action,
        payload: typeof data.payload === 'string' ? parse(data.payload) : data.payload,
      }
      received.push(message)
      // The app answers an instance's START on `sc-<id>`; @redux-devtools/remote listens on `respond` only.
      if (message.type === 'START') void socket.transmit('respond', { type: 'START' })
      for (const wake of waiting) wake()
    }
  })()
  await socket.listener('subscribe').once()
  // As the app does once subscribed: every instance already connected starts sending.
  void socket.transmit('respond', { type: 'START' })
  return {
    received,
    /** Resolves once a received message matches. */
    until(match: (message: Received) => boolean): Promise<Received> {
      return new Promise((resolve) => {
        const check = () => {
          const found = received.find(match)
          if (!found) return
          waiting.delete(check)
          resolve(found)
        }
        waiting.add(check)
        check()
      })
    },
    /** Sends a monitor action (a jump...) to the instances, on the channel @redux-devtools/remote listens on. */
    dispatch(action: Record<string, unknown>) {
      void socket.transmit('respond', { type: 'DISPATCH', action })
    },
    close: () => socket.disconnect(),
  }
}
