// A real worker thread writing to the store through a replica: the owner's history does not undo the
// worker's commits, and its undos keep them.

import type { Worker } from 'node:worker_threads'
import { afterEach, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { createHistory } from '../../src/history'
import { exposeDatastore } from '../../src/worker'
import { ask, next, spawn } from '../worker/helpers'

const workers: Worker[] = []
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

test("the owner's undo leaves a worker replica's commits in place", async () => {
  const store = createDatastore<{ counter: number; title?: string }>({ counter: 0, title: 'a' })
  const history = createHistory(store)
  const worker = spawn('replica.ts')
  workers.push(worker)
  const bridge = exposeDatastore(store, worker)
  await next(worker, (m) => m.app === 'ready')

  await store.set('title', 'b')
  await ask(worker, 'work', { increments: 5, operates: 5 })
  await store.set('title', 'c')
  await ask(worker, 'operate', { count: 3 })
  expect(store.state).toEqual({ counter: 13, title: 'c' })

  expect(await history.undo()).toBe(true)
  expect(await history.undo()).toBe(true)
  expect(await history.undo()).toBe(false)
  expect(store.state).toEqual({ counter: 13, title: 'a' })
  await history.redo()
  await history.redo()
  expect(store.state).toEqual({ counter: 13, title: 'c' })
  bridge.close()
})
