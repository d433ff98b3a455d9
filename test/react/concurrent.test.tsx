// <DatastoreProvider concurrent>: the same answers as the default mode, path-granular renders, and
// store updates inside startTransition rendered as React transitions. The browser suite
// (test/browser/tearing.test.ts) checks interruption, branching and tearing with real timing.

import { act, screen } from '@testing-library/react'
import { startTransition, useState, useTransition } from 'react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { inspectStore } from '../../src/core/store'
import { createDatastore } from '../../src/index'
import { coreOf } from '../../src/core/internal'
import { createDatastoreContext, DatastoreProvider, shallowEqual, useDatastore } from '../../src/react'
import { stepFor } from '../../src/react/replay'
import { createCommitLog, failOnConsoleErrors, renderStrict, text } from './helpers'

const initial = () => ({ a: 0, b: 0, user: { name: 'ada', tags: ['x'] }, list: [1, 2] })

failOnConsoleErrors()

describe('concurrent mode', () => {
  test('a component renders only when its own path changed, once per commit', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    function A() {
      log.useCommit('a')
      return <p data-testid="a">{useDatastore<number>('a')}</p>
    }
    function B() {
      log.useCommit('b')
      return <p data-testid="b">{useDatastore<number>('b')}</p>
    }
    function Both() {
      log.useCommit('both')
      return <p data-testid="both">{useDatastore([['a'], ['b']], (a: number, b: number) => a + b)}</p>
    }
    renderStrict(
      <DatastoreProvider store={store} concurrent>
        <A />
        <B />
        <Both />
      </DatastoreProvider>,
    )
    log.reset()
    act(() => void store.increment('a'))
    expect(log.counts).toEqual({ a: 1, both: 1 })
    act(() => void store.transaction((tx) => (tx.increment('a'), tx.increment('b'))))
    expect(log.counts).toEqual({ a: 2, b: 1, both: 2 })
    expect([text('a'), text('b'), text('both')]).toEqual(['2', '1', '3'])
    act(() => void store.set(['user', 'name'], 'bob'))
    expect(log.counts).toEqual({ a: 2, b: 1, both: 2 })
  })

  test('selections and equals keep their meaning', () => {
    const store = createDatastore(initial())
    function Tags() {
      const tags = useDatastore(store, ['user', 'tags'], (tags) => tags.map((tag) => tag.toUpperCase()), shallowEqual)
      return <p data-testid="tags">{tags.join(',')}</p>
    }
    renderStrict(
      <DatastoreProvider store={store} concurrent>
        <Tags />
      </DatastoreProvider>,
    )
    act(() => void store.append(['user', 'tags'], 'y'))
    expect(text('tags')).toBe('X,Y')
  })

  test('an update inside startTransition commits through React and ends the pending state', async () => {
    const store = createDatastore(initial())
    let go = () => {}
    const pending: boolean[] = []
    function App() {
      const [isPending, start] = useTransition()
      pending.push(isPending)
      go = () => start(() => void store.increment('a', 5))
      return <p data-testid="a">{useDatastore<number>('a')}</p>
    }
    renderStrict(
      <DatastoreProvider store={store} concurrent>
        <App />
      </DatastoreProvider>,
    )
    await act(async () => go())
    expect(text('a')).toBe('5')
    expect(pending).toContain(true)
    expect(pending.at(-1)).toBe(false)
  })

  test('a component that mounts later shows the current value, and a typed context works the same', () => {
    const store = createDatastore(initial())
    const Typed = createDatastoreContext<ReturnType<typeof initial>>()
    let show = (_: boolean) => {}
    function Late() {
      return <p data-testid="late">{Typed.useDatastore(['user', 'name'])}</p>
    }
    function App() {
      const [shown, set] = useState(false)
      show = set
      return shown ? <Late /> : null
    }
    renderStrict(
      <Typed.Provider store={store} concurrent>
        <App />
      </Typed.Provider>,
    )
    act(() => void store.set(['user', 'name'], 'eve'))
    act(() => startTransition(() => show(true)))
    expect(text('late')).toBe('eve')
    act(() => void store.set(['user', 'name'], 'kim'))
    expect(text('late')).toBe('kim')
  })

  test('unmounting leaves no listeners and no commit observers', () => {
    const store = createDatastore(initial())
    let setShown = (_: boolean) => {}
    function Row({ i }: { i: number }) {
      return <li>{useDatastore<number>(['list', i % 2])}</li>
    }
    function List() {
      const [shown, set] = useState(true)
      setShown = set
      return <ul>{shown && Array.from({ length: 100 }, (_, i) => <Row key={i} i={i} />)}</ul>
    }
    const view = renderStrict(
      <DatastoreProvider store={store} concurrent>
        <List />
      </DatastoreProvider>,
    )
    act(() => void store.set(['list', 1], 9))
    expect(view.container.querySelectorAll('li')[1]?.textContent).toBe('9')
    act(() => setShown(false))
    view.unmount()
    expect(inspectStore(store)).toMatchObject({ listeners: 0, observers: 0 })
  })
})

describe('replaying a commit on a branch', () => {
  test("an urgent increment rendered before a pending transition lands on React's value", async () => {
    const store = createDatastore({ count: 1 })
    const commits: Parameters<Parameters<ReturnType<typeof coreOf>['observe']>[0]>[0][] = []
    coreOf(store).observe((commit) => commits.push(commit))
    await store.increment('count') // the transition, pending in React
    await store.increment('count', 10) // the urgent update
    const step = stepFor([['count']])
    // React renders the urgent update alone on the committed 1, then both on top of each other.
    expect(step([1], { commit: commits[1]! })).toEqual([11])
    expect(step(step([1], { commit: commits[0]! }), { commit: commits[1]! })).toEqual([12])
  })

  test('a recipe cannot be replayed: the value is the one the store made', async () => {
    const store = createDatastore({ count: 1 })
    const commits: Parameters<Parameters<ReturnType<typeof coreOf>['observe']>[0]>[0][] = []
    coreOf(store).observe((commit) => commits.push(commit))
    await store.increment('count')
    await store.operate('count', (n) => n * 2)
    expect(stepFor([['count']])([1], { commit: commits[1]! })).toEqual([4])
  })
})
