// A real y-websocket server (@y/websocket-server) on 127.0.0.1 at a free port, and Node clients:
// a store bound to its own Y.Doc, carried by y-websocket's provider over `ws`.

import { createServer } from 'node:http'
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebSocket, WebSocketServer } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { createDatastore, type Datastore } from '../../src/index'
import { bindYjs } from '../../src/yjs'

export async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', (socket, request) => setupWSConnection(socket, request))
  const server = createServer((_, response) => response.end('y-websocket'))
  server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

export interface Client {
  readonly store: Datastore<any>
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly errors: unknown[]
  close(): void
}

export async function connect(url: string, room: string, initial?: object): Promise<Client> {
  const errors: unknown[] = []
  const store = createDatastore<any>(initial as any)
  const doc = new Y.Doc()
  const binding = bindYjs(store, doc, { onError: (error) => errors.push(error) })
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true })
  await synced(provider)
  return {
    store,
    doc,
    provider,
    errors,
    close() {
      binding.destroy()
      provider.destroy()
      doc.destroy()
    },
  }
}

export const synced = (provider: WebsocketProvider) =>
  new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', (ok: boolean) => ok && resolve())))
