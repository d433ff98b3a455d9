import { afterEach, expect, it, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { connectDevtools } from '../../src/devtools'
import { inspectStore } from '../../src/core/store'

afterEach(() => void vi.restoreAllMocks())

it('without the extension and without `remote` it does nothing, and warns once in development', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const store = createDatastore<any>({ n: 0 })
  const first = connectDevtools(store)
  const second = connectDevtools(store, { name: 'other' })
  await store.increment('n')
  expect(warn).toHaveBeenCalledTimes(1)
  expect(warn.mock.calls[0]![0]).toMatch(/^\[atomic-datastore\] connectDevtools: the Redux DevTools extension is not installed/)
  first.disconnect()
  second.disconnect()
  expect(inspectStore(store).observers).toBe(0)
})
