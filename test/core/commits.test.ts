import { describe, expect, it, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { type Commit, coreOf } from '../../src/core/internal'

function watch(store: ReturnType<typeof createDatastore<any>>) {
  const commits: Commit[] = []
  coreOf(store).observe((commit) => commits.push(commit))
  return commits
}

describe('commit records: what extensions see of each commit', () => {
  it('a named mutation is labelled by its type, logs its checked arguments, and has no origin', async () => {
    const store = createDatastore<any>({ user: { score: 1 }, items: [] })
    const commits = watch(store)
    await store.increment(['user', 'score'], 4)
    await store.append('items', 'a', 'b')
    expect(commits.map((c) => [c.label, c.ops, c.origin, c.version])).toEqual([
      ['increment', [{ type: 'increment', path: ['user', 'score'], by: 4 }], undefined, 1],
      ['append', [{ type: 'append', path: ['items'], values: ['a', 'b'] }], undefined, 2],
    ])
    expect(commits[0]!.prev).toEqual({ user: { score: 1 }, items: [] })
    expect(commits[1]!.next).toBe(store.state)
  })

  it('a transaction is one commit under its name, logging every step; a rolled-back nested step is not logged', async () => {
    const store = createDatastore<any>({ n: 0, list: [1] })
    const commits = watch(store)
    await store.transaction(
      (tx) => {
        tx.increment('n')
        tx.operate('list', (list: number[]) => void list.push(2))
        try {
          tx.transaction(() => {
            tx.set('gone', 1)
            throw new Error('inner')
          })
        } catch {}
        tx.delete(['list', 0])
      },
      { name: 'checkout' },
    )
    expect(commits).toHaveLength(1)
    expect(commits[0]!.label).toBe('checkout')
    expect(commits[0]!.ops.map((op) => `${op.type} ${op.path.join('.')}`)).toEqual(['increment n', 'operate list', 'delete list.0'])
    expect(store.state).toEqual({ n: 1, list: [2] })
  })

  it('the root draft logs an operate at the root; a transaction without a name is labelled "transaction"', async () => {
    const store = createDatastore<any>({ a: 1 })
    const commits = watch(store)
    await store.transaction((tx) => {
      tx.data.a = 2
    })
    expect(commits[0]!.label).toBe('transaction')
    expect(commits[0]!.ops).toEqual([{ type: 'operate', path: [] }])
  })

  it('jobs enqueued through the core carry their origin; a job that changes nothing is no commit', async () => {
    const store = createDatastore<any>({ a: 1 })
    const commits = watch(store)
    const me = Symbol('me')
    await coreOf(store).enqueue('load', (writer) => writer.put('load', ['a'], 5), me)
    await coreOf(store).dispatch({ type: 'set', path: 'a', value: 5 }, me)
    await coreOf(store).transaction((tx) => tx.set('b', 1), { name: 'remote' }, me)
    expect(commits.map((c) => [c.label, c.origin])).toEqual([
      ['load', me],
      ['remote', me],
    ])
  })

  it('a transaction name that is not a string is refused before the job runs', async () => {
    const store = createDatastore<any>({})
    const fn = vi.fn()
    await expect(store.transaction(fn, { name: 5 as never })).rejects.toMatchObject({ code: 'TYPE_MISMATCH' })
    expect(fn).not.toHaveBeenCalled()
  })
})
