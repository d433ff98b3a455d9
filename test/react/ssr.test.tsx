// Server rendering and hydration: the server snapshot is the store's initial state, so they match.

import { act } from '@testing-library/react'
import { StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { DatastoreProvider, useDatastore } from '../../src/react'

interface State {
  title: string
  user: { name: string; visits: number }
  items: string[]
}

const initial = (): State => ({ title: 'Inbox', user: { name: 'ada', visits: 1 }, items: ['a', 'b'] })

function App() {
  const title = useDatastore<string>('title')
  const name = useDatastore<string>(['user', 'name'])
  const visits = useDatastore<number>(['user', 'visits'])
  const count = useDatastore('items', (items: string[]) => items.length)
  return (
    <main>
      <h1>{title}</h1>
      <p id="user">{`${name} (${visits})`}</p>
      <p id="count">{count}</p>
    </main>
  )
}

const page = (store: ReturnType<typeof createDatastore<State>>) => (
  <StrictMode>
    <DatastoreProvider store={store}>
      <App />
    </DatastoreProvider>
  </StrictMode>
)

let errors: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  errors = vi.spyOn(console, 'error')
})
afterEach(() => errors.mockRestore())

describe('server rendering', () => {
  test('renderToString shows the initial state, even after the store changed', async () => {
    const store = createDatastore<State>(initial())
    await store.set('title', 'Changed')
    const html = renderToString(page(store))
    expect(html).toContain('<h1>Inbox</h1>')
    expect(html).toContain('ada (1)')
  })

  test('hydrateRoot matches the server HTML, then shows the current state', async () => {
    const server = createDatastore<State>(initial())
    const container = document.body.appendChild(document.createElement('div'))
    container.innerHTML = renderToString(page(server))

    // The client's store moved on before hydration: the first client render must still match.
    const client = createDatastore<State>(initial())
    await client.set(['user', 'visits'], 2)
    await client.append('items', 'c')
    const onRecoverableError = vi.fn()
    const root = await act(async () => hydrateRoot(container, page(client), { onRecoverableError }))

    expect(onRecoverableError).not.toHaveBeenCalled()
    expect(errors).not.toHaveBeenCalled()
    expect(container.querySelector('#user')?.textContent).toBe('ada (2)')
    expect(container.querySelector('#count')?.textContent).toBe('3')

    act(() => void client.set('title', 'Live'))
    expect(container.querySelector('h1')?.textContent).toBe('Live')
    act(() => root.unmount())
    container.remove()
  })

  test('a hydration mismatch is caught by this test setup', async () => {
    // The control: with a server snapshot that is not the server's state, React reports a mismatch.
    const container = document.body.appendChild(document.createElement('div'))
    container.innerHTML = renderToString(page(createDatastore<State>(initial())))
    const other = createDatastore<State>({ ...initial(), title: 'Other' })
    const onRecoverableError = vi.fn()
    const root = await act(async () => hydrateRoot(container, page(other), { onRecoverableError }))
    expect(onRecoverableError.mock.calls.length + errors.mock.calls.length).toBeGreaterThan(0)
    act(() => root.unmount())
    container.remove()
  })
})
