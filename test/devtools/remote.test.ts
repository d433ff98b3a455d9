// Devtools through @redux-devtools/remote, against @redux-devtools/cli's server started here on
// 127.0.0.1, checked from the monitor's side.

import { devToolsEnhancer } from '@redux-devtools/remote'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatastore } from '../../src/index'
import { connectDevtools } from '../../src/devtools'
import { connectedPair } from '../shared'
import { connectMonitor, startCli } from './cli-server'

let cli: Awaited<ReturnType<typeof startCli>>
beforeAll(async () => {
  cli = await startCli()
})
afterAll(async () => {
  await cli?.stop()
})

describe('devtools through @redux-devtools/remote and the cli server', () => {
  it('the monitor receives commits as named actions with the state, and its jump changes the store', async () => {
    const store = createDatastore<any>({ user: { score: 0 }, tags: new Set(['a']), items: [] as string[] })
    const monitor = await connectMonitor(cli.port)
    const devtools = connectDevtools(store, { name: 'remote-test', remote: { enhancer: devToolsEnhancer, hostname: '127.0.0.1', port: cli.port } })
    await monitor.until((m) => m.type === 'STATE' && m.name === 'remote-test')

    await store.increment(['user', 'score'], 5)
    await store.append('items', 'x')
    await store.transaction(
      (tx) => {
        tx.increment(['user', 'score'])
        tx.operate('tags', (tags: Set<string>) => void tags.add('b'))
      },
      { name: 'level up' },
    )
    const last = await monitor.until((m) => m.type === 'ACTION' && m.action?.type === 'level up')
    const actions = monitor.received.filter((m) => m.type === 'ACTION').map((m) => m.action!.type)
    expect(actions).toEqual(['increment user.score', 'append items', 'level up'])
    expect(last.payload).toEqual({ user: { score: 6 }, tags: { $set: ['a', 'b'] }, items: ['x'] })

    // Jump back to the state after the first action, as the monitor's slider does.
    const version = store.version
    const jumped = new Promise<void>((resolve) => store.subscribe(() => resolve()))
    monitor.dispatch({ type: 'JUMP_TO_STATE', index: 1, actionId: 1 })
    await jumped
    expect(store.state).toEqual({ user: { score: 5 }, tags: new Set(['a']), items: [] })
    expect(store.version).toBe(version + 1)

    // The jump's commit is not sent back as an action; the next commit is.
    await store.set('note', 'after')
    await monitor.until((m) => m.type === 'ACTION' && m.action?.type === 'set note')
    expect(monitor.received.filter((m) => m.type === 'ACTION').map((m) => m.action!.type)).toEqual([...actions, 'set note'])

    devtools.disconnect()
    monitor.close()
  })

  it('on a replica: synced commits are named by the paths they brought, and a jump goes to the owner', async () => {
    const { owner, remote: replica } = await connectedPair<any>({ todos: [] as string[], title: 'list' })
    const monitor = await connectMonitor(cli.port)
    const devtools = connectDevtools(replica, { name: 'replica-test', remote: { enhancer: devToolsEnhancer, hostname: '127.0.0.1', port: cli.port } })
    await monitor.until((m) => m.type === 'STATE' && m.name === 'replica-test')

    await replica.append('todos', 'a')
    await owner.set('title', 'groceries')
    await monitor.until((m) => m.type === 'ACTION' && m.action?.type === 'sync title')
    const names = monitor.received.filter((m) => m.type === 'ACTION' && m.name === 'replica-test').map((m) => m.action!.type)
    expect(names).toEqual(['sync todos', 'sync title'])

    const moved = new Promise<void>((resolve) => owner.subscribe(() => resolve()))
    monitor.dispatch({ type: 'JUMP_TO_STATE', index: 1, actionId: 1 })
    await moved
    expect(owner.state).toEqual({ todos: ['a'], title: 'list' })
    await new Promise<void>((resolve) => (replica.version === owner.version ? resolve() : replica.subscribe(() => resolve())))
    expect(replica.state).toEqual(owner.state)

    devtools.disconnect()
    monitor.close()
  })
})
