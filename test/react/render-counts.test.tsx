// A component re-renders only when the value at its path changes, once per commit.

import { act, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, test } from 'vitest'
import { createDatastore, type DatastoreLike } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { DatastoreProvider, useDatastore } from '../../src/react'
import { createCommitLog, renderStrict, text } from './helpers'

interface State {
  user: { profile: { score: number; name: string } }
  other: number
}

const initial = (): State => ({ user: { profile: { score: 0, name: 'ada' } }, other: 0 })

function setup() {
  const store = createDatastore<State>(initial())
  const log = createCommitLog()
  function Score() {
    log.useCommit('score')
    return <p data-testid="score">{useDatastore(store, ['user', 'profile', 'score'])}</p>
  }
  function Name() {
    log.useCommit('name')
    return <p data-testid="name">{useDatastore(store, ['user', 'profile', 'name'])}</p>
  }
  function Profile() {
    log.useCommit('profile')
    const profile = useDatastore(store, ['user', 'profile'])
    return <p data-testid="profile">{`${profile.name}:${profile.score}`}</p>
  }
  function Other() {
    log.useCommit('other')
    return <p data-testid="other">{useDatastore(store, 'other')}</p>
  }
  renderStrict(
    <>
      <Score />
      <Name />
      <Profile />
      <Other />
    </>,
  )
  log.reset()
  return { store, log }
}

describe('render counts', () => {
  test('only the components whose value changed commit, once each', () => {
    const { store, log } = setup()
    act(() => void store.set(['user', 'profile', 'score'], 1))
    expect(log.counts).toEqual({ score: 1, profile: 1 })
    expect(text('score')).toBe('1')
    expect(text('profile')).toBe('ada:1')

    log.reset()
    act(() => void store.set('other', 5))
    expect(log.counts).toEqual({ other: 1 })
    expect(text('other')).toBe('5')
  })

  test('a write that leaves the value as it was renders nothing', () => {
    const { store, log } = setup()
    act(() => void store.set(['user', 'profile', 'score'], 0))
    act(() => void store.increment('other', 0))
    expect(log.counts).toEqual({})
  })

  test('a parent replaced around identical values re-renders only the components that read the parent', () => {
    const { store, log } = setup()
    // Alone, an equal copy is no commit; beside another change it commits as a new parent.
    act(() => void store.set('user', { profile: { score: 0, name: 'ada' } }))
    expect(log.counts).toEqual({})
    act(
      () =>
        void store.transaction((tx) => {
          tx.set('user', { profile: { score: 0, name: 'ada' } })
          tx.increment('other')
        }),
    )
    expect(log.counts).toEqual({ profile: 1, other: 1 })
  })

  test('a transaction touching one key many times is one render', () => {
    const { store, log } = setup()
    act(() => {
      void store.transaction((tx) => {
        for (let i = 0; i < 100; i++) tx.increment(['user', 'profile', 'score'])
      })
    })
    expect(log.counts).toEqual({ score: 1, profile: 1 })
    expect(text('score')).toBe('100')
  })

  test('a transaction touching many keys renders each reader once', () => {
    const { store, log } = setup()
    act(() => {
      void store.transaction((tx) => {
        tx.set(['user', 'profile', 'name'], 'grace')
        tx.increment(['user', 'profile', 'score'], 3)
        tx.increment('other', 2)
        tx.increment('other', 2)
      })
    })
    expect(log.counts).toEqual({ score: 1, name: 1, profile: 1, other: 1 })
    expect([text('score'), text('name'), text('profile'), text('other')]).toEqual(['3', 'grace', 'grace:3', '4'])
  })

  test('a component reading several keys renders once for a commit that changes them all', () => {
    const store = createDatastore({ a: 0, b: 0, c: 0 })
    const log = createCommitLog()
    function Sum() {
      log.useCommit('sum')
      const sum = useDatastore(store, 'a') + useDatastore(store, 'b') + useDatastore(store, 'c')
      return <p data-testid="sum">{sum}</p>
    }
    renderStrict(<Sum />)
    log.reset()
    act(() => {
      void store.transaction((tx) => {
        tx.set('a', 1)
        tx.set('b', 2)
        tx.set('c', 3)
      })
    })
    expect(log.counts).toEqual({ sum: 1 })
    expect(text('sum')).toBe('6')
  })
})

describe('subscriptions', () => {
  /** A store seen only through the hook's interface, counting subscribe calls. */
  function counted<T extends object>(store: DatastoreLike<T>) {
    const calls = { subscribe: 0 }
    const view: DatastoreLike<T> = {
      get: store.get.bind(store) as DatastoreLike<T>['get'],
      has: store.has.bind(store),
      subscribe: ((...args: Parameters<DatastoreLike<T>['subscribe']>) => {
        calls.subscribe++
        return (store.subscribe as (...a: unknown[]) => () => void)(...args)
      }) as DatastoreLike<T>['subscribe'],
      get state() {
        return store.state
      },
      get initialState() {
        return store.initialState
      },
      get version() {
        return store.version
      },
    }
    return { view, calls }
  }

  test('a path written as a fresh array each render keeps its one subscription', () => {
    const store = createDatastore({ rows: [{ v: 1 }, { v: 2 }] })
    const { view, calls } = counted(store)
    const log = createCommitLog()
    let bump = () => {}
    function Row({ index }: { index: number }) {
      const [, setTick] = useState(0)
      bump = () => setTick((t) => t + 1)
      log.useCommit('row')
      return <p data-testid="row">{useDatastore(view, ['rows', index, 'v'])}</p>
    }
    const { rerender } = renderStrict(<Row index={0} />)
    const afterMount = calls.subscribe
    for (let i = 0; i < 10; i++) act(() => bump())
    rerender(<Row index={0} />)
    expect(calls.subscribe).toBe(afterMount)
    expect(inspectStore(store).listeners).toBe(1)

    rerender(<Row index={1} />)
    expect(calls.subscribe).toBeGreaterThan(afterMount)
    expect(inspectStore(store).listeners).toBe(1)
    expect(text('row')).toBe('2')
    log.reset()
    act(() => void store.set(['rows', 0, 'v'], 10))
    expect(log.counts).toEqual({})
    act(() => void store.set(['rows', 1, 'v'], 20))
    expect(log.counts).toEqual({ row: 1 })
    expect(text('row')).toBe('20')
  })

  test('a string path and the one-key array path share a subscription', () => {
    const store = createDatastore({ a: 1 })
    const { view, calls } = counted(store)
    function A({ path }: { path: 'a' | readonly ['a'] }) {
      return <p data-testid="a">{useDatastore(view, path)}</p>
    }
    const { rerender } = renderStrict(<A path="a" />)
    const afterMount = calls.subscribe
    rerender(<A path={['a']} />)
    expect(calls.subscribe).toBe(afterMount)
  })

  test('a store passed in wins over the provider, and the provider serves the rest', () => {
    const provided = createDatastore({ name: 'provided' })
    const passed = createDatastore({ name: 'passed' })
    function Both() {
      return <p data-testid="both">{`${useDatastore<string>('name')}/${useDatastore(passed, 'name')}`}</p>
    }
    renderStrict(
      <DatastoreProvider store={provided}>
        <Both />
      </DatastoreProvider>,
    )
    expect(text('both')).toBe('provided/passed')
    act(() => void passed.set('name', 'changed'))
    expect(text('both')).toBe('provided/changed')
  })

  test('a missing path reads undefined and renders when it appears', () => {
    const store = createDatastore<{ maybe?: { deep: number } }>({})
    function Deep() {
      return <p data-testid="deep">{String(useDatastore(store, ['maybe', 'deep']))}</p>
    }
    renderStrict(<Deep />)
    expect(text('deep')).toBe('undefined')
    act(() => void store.set('maybe', { deep: 7 }))
    expect(text('deep')).toBe('7')
    act(() => void store.delete('maybe'))
    expect(text('deep')).toBe('undefined')
  })
})
