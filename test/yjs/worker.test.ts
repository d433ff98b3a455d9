// A store bound to Yjs and exposed to a real worker_threads replica: the worker's increments reach
// the other device through the doc, the other device's reach the worker through the store.

import type { Worker } from 'node:worker_threads'
import { afterEach, expect, test } from 'vitest'
import { exposeDatastore } from '../../src/worker'
import { ask, next, spawn } from '../worker/helpers'
import { device, network } from './net'

const workers: Worker[] = []
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

test("a worker replica's increments and another device's merge through the doc", async () => {
  const home = device({ counter: 0 })
  const away = device()
  const net = network([home, away])
  net.online(away)
  expect(away.store.get('counter')).toBe(0)

  const worker = spawn('replica.ts')
  workers.push(worker)
  const bridge = exposeDatastore(home.store, worker)
  await next(worker, (m) => m.app === 'ready')

  net.offline(away)
  const working = ask(worker, 'work', { increments: 300 })
  for (let i = 0; i < 200; i++) await away.store.increment('counter', 2)
  await working
  expect(home.store.get('counter')).toBe(300)
  net.online(away)

  expect(home.store.get('counter')).toBe(700)
  expect(away.store.get('counter')).toBe(700)
  const report = await ask(worker, 'report', { version: home.store.version })
  expect(report.state).toEqual({ counter: 700 })
  expect([...home.errors, ...away.errors]).toEqual([])
  bridge.close()
})
