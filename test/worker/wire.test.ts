// What crosses the wire: values that cannot be cloned never leave, a small change costs a small
// message, a snapshot is sent once at connect, and a replica that misses a patch catches up.

import { describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { connectDatastore, exposeDatastore, type NodeEndpoint } from '../../src/worker'
import { bytes, rejection, tap, turns } from './helpers'
import { channel, connectedPair } from '../shared'

class Point {
  constructor(readonly x: number) {}
}

describe('values that cannot be cloned', () => {
  test('are refused at the sender with INVALID_VALUE naming the path, and nothing is sent', async () => {
    const { owner: store, remote, replicaWire: wire } = await connectedPair<Record<string, any>>({ a: { b: 1 }, list: [] }, { tap: 'replica' })
    const before = wire.posts

    const attempts: [Promise<unknown>, (string | number)[]][] = [
      [remote.set(['a', 'b'], () => 1), ['a', 'b']],
      [remote.set('a', { b: { deep: new Point(1) } }), ['a', 'b', 'deep']],
      [remote.set(['a', 'b'], Symbol('s')), ['a', 'b']],
      [remote.append('list', 1, { f: () => 2 }), ['list', 1, 'f']],
      [remote.init(['a', 'c'], new Point(2)), ['a', 'c']],
      [remote.concat('list', [Symbol('t')]), ['list', 0]],
      [remote.operate('a', (a) => ({ ...a, p: new Point(3) })), ['a', 'p']],
      [remote.operate('a', (a) => void (a.fn = () => 0)), ['a', 'fn']],
      [remote.transaction((tx) => tx.set(['a', 'x'], new Map([['k', () => 0]]))), ['a', 'x', 'k']],
    ]
    for (const [attempt, path] of attempts) {
      const error = await rejection(attempt)
      expect(error.code).toBe('INVALID_VALUE')
      expect(error.path).toEqual(path)
      expect(error.message).toContain(JSON.stringify(path).replace(/"/g, "'"))
    }
    // Only the transaction asked for a lease (and released it): no value was ever posted.
    expect(wire.sent.slice(-2).map((message) => message.kind)).toEqual(['acquire', 'release'])
    expect(wire.posts - before).toBe(2)
    expect(wire.count('op') + wire.count('cas') + wire.count('commit')).toBe(0)
    expect(store.state).toEqual({ a: { b: 1 }, list: [] })
    expect(await remote.increment(['a', 'b'])).toBe(2)
  })
})

describe('message size', () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: i, label: `row ${i}`.padEnd(80, '.') }))

  test('a 1-key change on a ~1 MB state sends well under 1 KB, and the snapshot goes once', async () => {
    const store = createDatastore({ rows, counter: 0 })
    const full = bytes(store.state)
    expect(full).toBeGreaterThan(1_000_000)
    const { remote, ownerWire: owner, replicaWire: replica } = await connectedPair(store, { tap: 'both' })
    expect(remote.state).toEqual(store.state)

    await store.set(['rows', 5000, 'label'], 'changed')
    await remote.increment('counter')
    await remote.operate(['rows', 7], (row) => void (row!.label = 'seven'))
    await remote.transaction((tx) => tx.set(['rows', 9999, 'id'], -1))
    expect(remote.state).toEqual(store.state)

    // The owner's set goes out as a patch; each remote write's patch travels with its answer.
    const patches = owner.sent.filter((message) => message.patches?.length > 0)
    expect(patches.map((message) => message.kind)).toEqual(['patch', 'result', 'result', 'result'])
    for (const patch of patches) expect(bytes(patch)).toBeLessThan(300)
    for (const message of replica.sent) expect(bytes(message)).toBeLessThan(300)
    expect(owner.count('snapshot')).toBe(1)
    expect(bytes(owner.sent.find((message) => message.kind === 'snapshot'))).toBeGreaterThan(full)
    expect(owner.sent.filter((message) => message.kind !== 'snapshot').reduce((sum, message) => sum + bytes(message), 0)).toBeLessThan(2000)
  })

  test('commits of one microtask go out as one patch message', async () => {
    const { owner: store, remote, ownerWire: owner } = await connectedPair({ a: 0, b: 0, c: 0 }, { tap: 'owner' })
    void store.increment('a')
    void store.increment('b')
    void store.set('c', 5)
    await remote.increment('a')
    const patches = owner.sent.filter((message) => message.patches?.length > 0)
    expect(patches.map((message) => message.kind)).toEqual(['patch', 'result'])
    expect(patches.map((message) => message.patches.length)).toEqual([3, 1])
    expect(patches.map((message) => [message.since, message.version])).toEqual([
      [0, 3],
      [3, 4],
    ])
    expect(remote.state).toEqual({ a: 2, b: 1, c: 5 })
    expect(remote.version).toBe(store.version)
  })
})

describe('messages per write', () => {
  test('a remote write is one message each way, and the other replicas take its patch from the answer', async () => {
    const store = createDatastore({ counter: 0, other: 0 })
    // Two replicas share the owner's endpoint: the owner posts to both and hears from both.
    const a = channel()
    const b = channel()
    const owner = tap(a.port1)
    const both: NodeEndpoint = {
      postMessage(message) {
        owner.endpoint.postMessage(message)
        b.port1.postMessage(message)
      },
      on(type, listener) {
        owner.endpoint.on(type, listener)
        return b.port1.on(type, listener)
      },
      off(type, listener) {
        owner.endpoint.off(type, listener)
        return b.port1.off(type, listener)
      },
    }
    // No heartbeat during the test: every message counted is the writes'.
    const quiet = { heartbeatMs: 60_000, timeoutMs: 600_000 }
    exposeDatastore(store, both, quiet)
    const first = tap(a.port2)
    const second = tap(b.port2)
    type State = { counter: number; other: number }
    const remotes = [await connectDatastore<State>(first.endpoint, quiet), await connectDatastore<State>(second.endpoint, quiet)]
    await remotes[1]!.increment('other')
    await turns(2)

    const sent = [first.sent.length, owner.sent.length, second.received.length]
    for (let i = 1; i <= 20; i++) {
      expect(await remotes[0]!.increment('counter')).toBe(i)
      expect(remotes[0]!.get('counter')).toBe(i)
    }
    await turns(2)
    expect([first.sent.length, owner.sent.length, second.received.length]).toEqual(sent.map((n) => n + 20))
    expect(first.sent.slice(-20).every((message) => message.kind === 'op')).toBe(true)
    expect(owner.sent.slice(-20).every((message) => message.kind === 'result' && message.patches.length === 1)).toBe(true)
    expect(remotes[1]!.state).toEqual({ counter: 20, other: 1 })
    expect(remotes[1]!.version).toBe(store.version)
    for (const remote of remotes) remote.close()
  })
})

describe('versions', () => {
  test('a replica that misses a patch asks for a fresh snapshot and converges', async () => {
    const { owner: store, remote, replicaWire: replica } = await connectedPair<Record<string, number>>({ n: 0 }, { tap: 'replica' })
    let patches = 0
    replica.dropIn = (message) => message.kind === 'patch' && ++patches === 2

    for (let i = 1; i <= 5; i++) {
      await store.set(`k${i}`, i)
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    expect(await remote.increment('n')).toBe(1)
    expect(remote.state).toEqual(store.state)
    expect(remote.version).toBe(store.version)
    expect(replica.count('resync')).toBe(1)
    expect(replica.count('snapshot', 'received')).toBe(2)
  })
})
