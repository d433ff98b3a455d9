import { describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'

describe('the quick start', () => {
  test('mirrors the seed: set, increment, nested append, operate, transaction', async () => {
    const store = createDatastore<Record<string, any>>()
    void store.set('counter', 0)
    expect(store.get('counter')).toBe(0)
    expect(await store.increment('counter', 5)).toBe(5)
    await store.set('nested', { items: [] })
    await store.append(['nested', 'items'], 'value1')
    expect(await store.append(['nested', 'items'], 'value2')).toBe(2)
    expect(store.get(['nested', 'items'])).toEqual(['value1', 'value2'])
    await store.set('config', { database: { host: 'localhost', port: 5432 } })
    expect(await store.operate(['config', 'database', 'port'], (port: number) => port + 1)).toBe(5433)
    await store.transaction((tx) => {
      tx.set('a', 1)
      tx.set('b', tx.get('a', 0) + 1)
    })
    expect(store.state).toMatchObject({ a: 1, b: 2, counter: 5 })
  })
})
