// Development-only warnings: a dotted string path that almost certainly meant a nested path.

import { afterEach, beforeEach, describe, expect, type MockInstance, test, vi } from 'vitest'
import { createDatastore } from '../../src/index'

let warn: MockInstance<typeof console.warn>

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})

afterEach(() => {
  vi.unstubAllEnvs()
  warn.mockRestore()
})

const fresh = () =>
  createDatastore<Record<string, any>>({ user: { name: 'Ada' }, items: ['a'], version: 3, 'file.txt': 'x' })

describe('dotted string paths', () => {
  test('a read of a.b where a is an object warns once, naming the array path', () => {
    const store = fresh()
    expect(store.get('user.name')).toBeUndefined()
    expect(store.get('user.name', 'none')).toBe('none')
    expect(warn).toHaveBeenCalledTimes(1)
    const message = String(warn.mock.calls[0]![0])
    expect(message.startsWith('[atomic-datastore] get ')).toBe(true)
    expect(message).toContain("'user.name'")
    expect(message).toContain("['user','name']")
  })

  test('a mutation warns and still does what the spec says: one top-level key', async () => {
    const store = fresh()
    await store.set('items.0', 'b')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toContain("['items',0]")
    expect(store.get('items.0')).toBe('b')
    expect(store.get(['items', 0])).toBe('a')
  })

  test('a subscription to a dotted path warns', () => {
    const store = fresh()
    const off = store.subscribe('user.email', () => {})
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[atomic-datastore\] subscribe 'user\.email'/)
    off()
  })

  test('dotted keys that are plausibly meant stay quiet', async () => {
    const store = fresh()
    expect(store.get('file.txt')).toBe('x')
    expect(store.get('nothing.here')).toBeUndefined()
    expect(store.get('version.major')).toBeUndefined()
    expect(store.get(['user', 'nick.name'])).toBeUndefined()
    expect(store.get('.user')).toBeUndefined()
    await store.set('other.key', 1)
    expect(warn).not.toHaveBeenCalled()
  })

  test('a production build stays quiet', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const store = fresh()
    expect(store.get('user.city')).toBeUndefined()
    expect(warn).not.toHaveBeenCalled()
  })
})
