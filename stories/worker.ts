// The worker half of the bridge demo: a replica of the page's store that writes to it in batches,
// with named operations and optimistic `operate`, and reports what it sees to the page.

import { connectDatastore } from '../src/worker'

/** The state the page and the worker share. */
export type BridgeState = { rounds: number; total: number; byPage: number; byWorker: number }

/** What the worker tells the page, besides the bridge's own messages. */
export type WorkerNote = { app: 'note'; text: string; version: number; done?: boolean }

const BATCH = 25

const note = (text: string, version: number, done = false) => {
  const message: WorkerNote = { app: 'note', text, version, done }
  postMessage(message)
}

const store = await connectDatastore<BridgeState>(self)
const rounds = store.get('rounds')
note(`connected: snapshot at version ${store.version}, total ${store.get('total')}`, store.version)

for (let start = 0; start < rounds; start += BATCH) {
  const batch: Promise<unknown>[] = []
  for (let i = start; i < Math.min(start + BATCH, rounds); i++) {
    // Even rounds send an operation to the owner's queue; odd rounds run `operate` here and send
    // the patch, retried whenever the page got to `total` first.
    batch.push(i % 2 === 0 ? store.increment('total') : store.operate('total', (total) => total + 1))
    batch.push(store.increment('byWorker'))
  }
  await Promise.all(batch)
  note(`${Math.min(start + BATCH, rounds)} of ${rounds} rounds: replica sees total ${store.get('total')}`, store.version)
  await new Promise((resolve) => setTimeout(resolve, 20))
}

note(`finished: byWorker ${store.get('byWorker')}`, store.version, true)
