// Connect/close churn leaves nothing behind on either side, and a busy peer is never taken for a
// dead one: 100,000 pipelined increments from two replicas on one thread all complete.

import type { MessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { inspectStore } from '../../src/core/store'
import { createDatastore } from '../../src/index'
import { connectDatastore } from '../../src/worker'
import { ask, rejection, spawn } from './helpers'
import { channel, connectedPair } from '../shared'

afterEach(() => {
  vi.restoreAllMocks()
})

const listeners = (port: MessagePort) => ['message', 'close', 'exit'].reduce((sum, type) => sum + port.listenerCount(type), 0)

describe('connect/close churn', () => {
  test('300 connect/close cycles leave no observers, port listeners or timers', async () => {
    const started = new Set<unknown>()
    const cleared = new Set<unknown>()
    const setInterval = globalThis.setInterval
    vi.spyOn(globalThis, 'setInterval').mockImplementation(((...args: Parameters<typeof setInterval>) => {
      const timer = setInterval(...args)
      started.add(timer)
      return timer
    }) as typeof setInterval)
    const clearInterval = globalThis.clearInterval
    vi.spyOn(globalThis, 'clearInterval').mockImplementation((timer) => {
      cleared.add(timer)
      clearInterval(timer)
    })

    const store = createDatastore({ counter: 0, nested: { list: [1, 2, 3] } })
    const ports: MessagePort[] = []
    for (let i = 0; i < 300; i++) {
      const { bridge, remote, port1, port2 } = await connectedPair(store, { closeAtEnd: false })
      ports.push(port1, port2)
      if (i % 3 === 0) expect(await remote.increment('counter')).toBe(i / 3 + 1)
      const pending = remote.increment('counter', 0)
      // Alternate which side closes first.
      if (i % 2 === 0) remote.close()
      else bridge.close()
      if (i % 2 === 0) bridge.close()
      else await rejection(pending).then(() => remote.close())
      expect(remote.connected).toBe(false)
      await pending.catch(() => {})
    }

    expect(inspectStore(store).observers).toBe(0)
    expect(store.get('counter')).toBe(100)
    expect(ports.map(listeners).reduce((a, b) => a + b, 0)).toBe(0)
    expect(started.size).toBeGreaterThanOrEqual(300)
    expect([...started].filter((timer) => !cleared.has(timer))).toEqual([])
    for (const port of ports) port.close()
  })

  test('with several bridges open the store has one observer, and none once they close', async () => {
    const store = createDatastore({ counter: 0 })
    const pairs = await Promise.all(Array.from({ length: 5 }, () => connectedPair(store)))
    const bridges = pairs.map((pair) => pair.bridge)
    const remotes = pairs.map((pair) => pair.remote)
    expect(inspectStore(store).observers).toBe(1)
    for (const remote of remotes) remote.close()
    expect(inspectStore(store).observers).toBe(1)
    for (const bridge of bridges) bridge.close()
    expect(inspectStore(store).observers).toBe(0)
    for (const { port1, port2 } of pairs) expect(listeners(port1) + listeners(port2)).toBe(0)
  })
})

describe('liveness under load', () => {
  test('100,000 pipelined increments from two replicas on one thread all complete, default heartbeats', async () => {
    const worker = spawn('owner.ts')
    try {
      const channels = [channel(), channel()]
      for (const { port1 } of channels) await ask(worker, 'expose', { port: port1 }, [port1])
      const remotes = await Promise.all(channels.map(({ port2 }) => connectDatastore<{ counter: number }>(port2)))

      const results = await Promise.allSettled(remotes.flatMap((remote) => Array.from({ length: 50_000 }, () => remote.increment('counter'))))
      const failures = results.filter((result) => result.status === 'rejected')
      expect(failures.slice(0, 3)).toEqual([])
      const values = results.map((result) => (result as PromiseFulfilledResult<number>).value).sort((a, b) => a - b)
      expect(values[0]).toBe(1)
      expect(values[99_999]).toBe(100_000)
      expect(new Set(values).size).toBe(100_000)

      const owner = await ask(worker, 'state')
      expect(owner.state).toEqual({ counter: 100_000 })
      for (const remote of remotes) {
        expect(remote.connected).toBe(true)
        await remote.increment('counter', 0)
        expect(remote.get('counter')).toBe(100_000)
        expect(remote.version).toBe(owner.version)
        remote.close()
      }
    } finally {
      await worker.terminate()
    }
  })
})
