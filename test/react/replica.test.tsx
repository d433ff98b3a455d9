// A worker replica is a store like any other to the hooks: useDatastore(remote, path) follows the
// owner's commits, and renders only what they changed.

import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { inspectStore } from '../../src/core/store'
import { createDatastoreContext, useDatastore } from '../../src/react'
import type { RemoteDatastore } from '../../src/worker'
import { connectedPair } from '../shared'
import { createCommitLog, renderStrict } from './helpers'

interface State {
  score: number
  name: string
}

describe('a worker replica', () => {
  test('renders the owner’s commits, each reader only when its value changed', async () => {
    const { owner, remote } = await connectedPair<State>({ score: 0, name: 'ada' })
    const Remote = createDatastoreContext<State, RemoteDatastore<State>>()
    const log = createCommitLog()
    function Score() {
      log.useCommit('score')
      const store = Remote.useStore()
      return (
        <button data-testid="score" onClick={() => void store.increment('score')}>
          {Remote.useDatastore('score')}
        </button>
      )
    }
    function Name() {
      log.useCommit('name')
      return <p data-testid="name">{useDatastore(remote, 'name')}</p>
    }
    const view = renderStrict(
      <Remote.Provider store={remote}>
        <Score />
        <Name />
      </Remote.Provider>,
    )
    log.reset()

    await act(() => owner.increment('score', 5))
    await waitFor(() => expect(screen.getByTestId('score').textContent).toBe('5'))
    expect(log.counts).toEqual({ score: 1 })

    act(() => screen.getByTestId('score').click())
    await waitFor(() => expect(screen.getByTestId('score').textContent).toBe('6'))
    expect(owner.get('score')).toBe(6)
    expect(screen.getByTestId('name').textContent).toBe('ada')
    expect(log.counts).toEqual({ score: 2 })

    view.unmount()
    expect(inspectStore(remote)).toMatchObject({ listeners: 0, nodes: 0 })
  })
})
