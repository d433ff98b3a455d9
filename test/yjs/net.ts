// Test plumbing: devices (a store bound to its own Y.Doc) joined by an in-memory network that can
// hold a device's updates back (offline) and deliver them later.

import * as Y from 'yjs'
import { createDatastore, type Datastore } from '../../src/index'
import { bindYjs, type YjsBinding, type YjsOptions } from '../../src/yjs'

export interface Device {
  readonly store: Datastore<any>
  readonly doc: Y.Doc
  readonly binding: YjsBinding
  readonly errors: unknown[]
}

export function device(initial?: object, options: YjsOptions = {}, doc = new Y.Doc()): Device {
  const errors: unknown[] = []
  const store = createDatastore<any>(initial as any)
  const binding = bindYjs(store, doc, { onError: (error) => errors.push(error), ...options })
  return { store, doc, binding, errors }
}

/** Sends every doc's whole state to every other doc, until nothing new arrives. */
export function syncAll(docs: readonly Y.Doc[]): void {
  for (let round = 0; round < 2; round++)
    for (const from of docs)
      for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote')
}

/** Devices that pass each update to the others at once, unless a device is offline. */
export function network(devices: readonly Device[]) {
  const offline = new Set<Device>()
  for (const from of devices) {
    from.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote' || offline.has(from)) return
      for (const to of devices) if (to !== from && !offline.has(to)) Y.applyUpdate(to.doc, update, 'remote')
    })
  }
  return {
    offline: (d: Device) => void offline.add(d),
    online(d: Device) {
      offline.delete(d)
      syncAll(devices.filter((x) => !offline.has(x)).map((x) => x.doc))
    },
  }
}
