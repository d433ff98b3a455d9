// Endpoints shared with the application, and one store served on several endpoints at once.

import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, test } from 'vitest'
import { inspectStore } from '../../src/core/store'
import { createDatastore } from '../../src/index'
import { connectDatastore, exposeDatastore } from '../../src/worker'
import { ask, decode, isBridge, next, rejection, spawn, tap, turns } from './helpers'
import { channel, connectedPair } from '../shared'

const workers: Worker[] = []
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

const foreign = [null, 42, 'hello', { tag: 'someone-else', kind: 'op' }, { kind: 'op', from: 'x', id: 1 }, [1, 2], ['someone-else', 1, 0.5, 1], { app: 'noise' }]

describe('an endpoint shared with the application', () => {
  test('the bridge ignores foreign messages, and the application keeps using the endpoint both ways', async () => {
    const store = createDatastore({ counter: 0 })
    const worker = spawn('replica.ts')
    workers.push(worker)
    const received: unknown[] = []
    worker.on('message', (message) => received.push(message))
    exposeDatastore(store, worker)
    await next(worker, (m) => m.app === 'ready')

    for (const message of foreign) worker.postMessage(message)
    const work = ask(worker, 'work', { increments: 50, operates: 50 })
    const echoes = []
    for (let i = 0; i < 20; i++) {
      for (const message of foreign) worker.postMessage(message)
      echoes.push(await ask(worker, 'echo', { echo: i }))
      await store.increment('counter')
    }
    await work
    expect(echoes.map((message) => message.echo)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(store.get('counter')).toBe(120)
    expect(received.filter((message: any) => message?.app === 'echo')).toHaveLength(20)
    expect((await ask(worker, 'report', { version: store.version })).state).toEqual(store.state)
  })

  test("the replica's side ignores foreign messages from the owner's side too", async () => {
    const { remote, port1, port2 } = await connectedPair({ counter: 0 })
    const mine: unknown[] = []
    port2.on('message', (message) => {
      if (!isBridge(message)) mine.push(message)
    })
    for (let i = 0; i < 10; i++) {
      for (const message of foreign) port1.postMessage(message)
      expect(await remote.increment('counter')).toBe(i + 1)
    }
    await turns(3)
    expect(mine).toHaveLength(10 * foreign.length)
    expect(remote.state).toEqual({ counter: 10 })
    remote.close()
  })
})

describe('the order of connecting', () => {
  test('a replica that said hello before the owner listened connects when the owner announces itself', async () => {
    const store = createDatastore({ counter: 1 })
    const { port1, port2 } = channel()
    const early: unknown[] = []
    port1.on('message', (message) => early.push(message))
    const connecting = connectDatastore<{ counter: number }>(port2, { heartbeatMs: 10 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    // Only the hello: a replica does not ping an owner that has not taken it in.
    expect(early.map((message) => decode(message)?.kind)).toEqual(['hello'])
    const owner = tap(port1)
    exposeDatastore(store, owner.endpoint)
    const remote = await connecting
    expect(remote.state).toEqual({ counter: 1 })
    expect(await remote.increment('counter')).toBe(2)
    expect(owner.count('snapshot')).toBe(1)
    remote.close()
  })
})

describe('one store on several endpoints', () => {
  test('two MessageChannels and a worker write to one store and all converge', async () => {
    const store = createDatastore({ counter: 0 })
    const pairs = await Promise.all([connectedPair(store), connectedPair(store)])
    const bridges = pairs.map((pair) => pair.bridge)
    const worker = spawn('replica.ts')
    workers.push(worker)
    bridges.push(exposeDatastore(store, worker))
    expect(inspectStore(store).observers).toBe(1)

    const remotes = pairs.map((pair) => pair.remote)
    await next(worker, (m) => m.app === 'ready')
    const work = [
      ask(worker, 'work', { increments: 200, operates: 200 }),
      ...remotes.flatMap((remote) => [
        ...Array.from({ length: 200 }, () => remote.increment('counter')),
        ...Array.from({ length: 200 }, () => remote.operate('counter', (n) => n + 1)),
      ]),
      ...Array.from({ length: 200 }, () => store.increment('counter')),
    ]
    await Promise.all(work)
    expect(store.get('counter')).toBe(1400)
    expect(store.version).toBe(1400)

    const report = await ask(worker, 'report', { version: store.version })
    expect(report.state).toEqual(store.state)
    for (const remote of remotes) {
      await remote.increment('counter', 0)
      expect(remote.state).toEqual(store.state)
      expect(remote.version).toBe(store.version)
    }

    bridges[0]!.close()
    expect(inspectStore(store).observers).toBe(1)
    expect((await rejection(remotes[0]!.increment('counter'))).code).toBe('DISCONNECTED')
    expect(remotes[0]!.connected).toBe(false)
    expect(await remotes[1]!.increment('counter')).toBe(1401)
    for (const bridge of bridges) bridge.close()
    expect(inspectStore(store).observers).toBe(0)
  })
})

describe('several stores on one endpoint', () => {
  test('bridges with different names share an endpoint, and each replica reaches its own store', async () => {
    const users = createDatastore({ count: 0, kind: 'users' })
    const jobs = createDatastore({ count: 100, kind: 'jobs' })
    const { port1, port2 } = channel()
    exposeDatastore(users, port1, { name: 'users' })
    exposeDatastore(jobs, port1, { name: 'jobs' })
    const [remoteJobs, remoteUsers] = await Promise.all([
      connectDatastore<{ count: number; kind: string }>(port2, { name: 'jobs' }),
      connectDatastore<{ count: number; kind: string }>(port2, { name: 'users' }),
    ])
    expect(remoteUsers.get('kind')).toBe('users')
    expect(remoteJobs.get('kind')).toBe('jobs')
    await Promise.all([remoteUsers.increment('count'), remoteJobs.increment('count', 5), users.increment('count')])
    await remoteUsers.operate('count', (n) => n * 10)
    expect(users.get('count')).toBe(20)
    expect(jobs.get('count')).toBe(105)
    expect(remoteUsers.get('count')).toBe(20)
    expect(remoteJobs.get('count')).toBe(105)
    remoteUsers.close()
    remoteJobs.close()
  })

  test('a replica finds no owner under another name', async () => {
    const store = createDatastore({ count: 0 })
    const { port1, port2 } = channel()
    exposeDatastore(store, port1, { name: 'a' })
    const error = await rejection(connectDatastore(port2, { name: 'b', heartbeatMs: 20, timeoutMs: 100 }))
    expect(error.code).toBe('DISCONNECTED')
    const unnamed = await rejection(connectDatastore(port2, { heartbeatMs: 20, timeoutMs: 100 }))
    expect(unnamed.code).toBe('DISCONNECTED')
  })
})
