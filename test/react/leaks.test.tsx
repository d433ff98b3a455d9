// Unmounting unsubscribes: the store's listener index is empty once the components are gone.

import { act } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { DatastoreProvider, shallowEqual, useDatastore } from '../../src/react'
import { renderStrict } from './helpers'

const N = 1000

function Row({ index }: { index: number }) {
  const v = useDatastore<number>(['rows', index % 250, 'v'])
  const tags = useDatastore(['rows', index % 250, 'tags'], (tags: string[] | undefined) => tags ?? [], shallowEqual)
  return <li>{`${v}${tags.join('')}`}</li>
}

describe('leaks', () => {
  test(`mounting and unmounting ${N} components leaves no listeners and no trie nodes`, () => {
    const store = createDatastore({ rows: Array.from({ length: 250 }, (_, v) => ({ v })) })
    expect(inspectStore(store)).toMatchObject({ listeners: 0, nodes: 0, queued: 0 })
    let setShown = (_: boolean) => {}
    function List() {
      const [shown, set] = useState(true)
      setShown = set
      return <ul>{shown && Array.from({ length: N }, (_, i) => <Row key={i} index={i} />)}</ul>
    }
    const view = renderStrict(
      <DatastoreProvider store={store}>
        <List />
      </DatastoreProvider>,
    )
    expect(inspectStore(store).listeners).toBe(2 * N)
    expect(view.container.querySelectorAll('li')).toHaveLength(N)

    act(() => void store.set(['rows', 3, 'v'], -1))
    expect(view.container.querySelectorAll('li')[3]?.textContent).toBe('-1')

    act(() => setShown(false))
    expect(inspectStore(store)).toMatchObject({ listeners: 0, nodes: 0, queued: 0 })

    act(() => setShown(true))
    expect(inspectStore(store).listeners).toBe(2 * N)
    view.unmount()
    expect(inspectStore(store)).toMatchObject({ listeners: 0, nodes: 0, queued: 0 })
  })

  test('changing paths and stores moves the subscription instead of adding one', () => {
    const a = createDatastore({ x: 1, y: 2 })
    const b = createDatastore({ x: 3, y: 4 })
    function Pick({ store, path }: { store: typeof a; path: 'x' | 'y' }) {
      return <p>{useDatastore(store, path)}</p>
    }
    const view = renderStrict(<Pick store={a} path="x" />)
    for (let i = 0; i < 50; i++) {
      view.rerender(<Pick store={i % 2 ? a : b} path={i % 3 ? 'x' : 'y'} />)
      const [on, off] = i % 2 ? [a, b] : [b, a]
      expect(inspectStore(on).listeners).toBe(1)
      expect(inspectStore(off)).toMatchObject({ listeners: 0, nodes: 0 })
    }
    view.unmount()
    expect(inspectStore(a)).toMatchObject({ listeners: 0, nodes: 0 })
    expect(inspectStore(b)).toMatchObject({ listeners: 0, nodes: 0 })
  })
})
