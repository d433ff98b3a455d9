import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { createHistory } from '../../src/history'
import { coreOf } from '../../src/core/internal'
import { inspectStore } from '../../src/core/store'

/** Another writer, as a tab, a device or a replica's calls on its owner reach the store. */
const remote = { name: 'remote' }
const fromRemote = (store: ReturnType<typeof createDatastore<any>>, request: { type: string; path: unknown; value?: unknown; values?: unknown }) =>
  coreOf(store).dispatch(request, remote)

afterEach(() => void vi.useRealTimers())

describe('createHistory: undo and redo of local commits', () => {
  it('each commit is one step; undo walks back to the start and redo forward to the end', async () => {
    const store = createDatastore<any>({ user: { score: 1 }, items: ['a'], tags: new Set(['x']) })
    const history = createHistory(store)
    const states = [store.state]
    await store.increment(['user', 'score'], 4)
    states.push(store.state)
    await store.append('items', 'b', 'c')
    states.push(store.state)
    await store.operate('tags', (tags: Set<string>) => void tags.add('y'))
    states.push(store.state)
    await store.delete(['items', 0])
    states.push(store.state)
    for (let i = states.length - 2; i >= 0; i--) {
      expect(await history.undo()).toBe(true)
      expect(store.state).toEqual(states[i])
    }
    expect(await history.undo()).toBe(false)
    for (let i = 1; i < states.length; i++) {
      expect(await history.redo()).toBe(true)
      expect(store.state).toEqual(states[i])
    }
    expect(await history.redo()).toBe(false)
  })

  it('items set one by one at the end of a list are undone and redone together', async () => {
    const store = createDatastore<any>({ doc: { list: [] } })
    const history = createHistory(store)
    await store.transaction((tx) => {
      tx.set(['doc', 'list', 0], new Map())
      tx.set(['doc', 'list', 1], [])
      tx.set(['doc', 'list', 2, 'a'], 1)
    })
    const after = store.state
    expect(await history.undo()).toBe(true)
    expect(store.get(['doc', 'list'])).toEqual([])
    expect(await history.redo()).toBe(true)
    expect(store.state).toEqual(after)
  })

  it('a transaction is one step, whatever it did inside', async () => {
    const store = createDatastore<any>({ n: 0, list: [1, 2, 3] })
    const history = createHistory(store)
    await store.transaction(
      (tx) => {
        tx.increment('n')
        tx.data.list.splice(1, 1)
        tx.set(['meta', 'at'], new Date(5))
      },
      { name: 'edit' },
    )
    expect(await history.undo()).toBe(true)
    expect(store.state).toEqual({ n: 0, list: [1, 2, 3] })
    expect(history.canUndo).toBe(false)
    await history.redo()
    expect(store.state).toEqual({ n: 1, list: [1, 3], meta: { at: new Date(5) } })
  })

  it('canUndo and canRedo follow the stacks, subscribers hear each change, and a new commit drops the redos', async () => {
    const store = createDatastore<any>({ n: 0 })
    const history = createHistory(store)
    const heard = vi.fn()
    history.subscribe(heard)
    expect([history.canUndo, history.canRedo]).toEqual([false, false])
    await store.increment('n')
    expect([history.canUndo, history.canRedo]).toEqual([true, false])
    await history.undo()
    expect([history.canUndo, history.canRedo]).toEqual([false, true])
    await store.set('n', 7)
    expect([history.canUndo, history.canRedo]).toEqual([true, false])
    expect(await history.redo()).toBe(false)
    expect(heard).toHaveBeenCalledTimes(3)
  })

  it('undo and redo wait their turn on the queue: an undo issued during a transaction runs after it', async () => {
    const store = createDatastore<any>({ n: 0 })
    const history = createHistory(store)
    await store.set('n', 1)
    let release!: () => void
    const held = store.transaction(async (tx) => {
      await new Promise<void>((resolve) => (release = resolve))
      tx.set('n', 2)
    })
    const undone = history.undo()
    await Promise.resolve()
    release()
    await held
    expect(await undone).toBe(true)
    // The transaction was the last step when the undo ran.
    expect(store.get('n')).toBe(1)
  })

  it('keeps at most `limit` steps, dropping the oldest', async () => {
    const store = createDatastore<any>({ n: 0 })
    const history = createHistory(store, { limit: 3 })
    for (let i = 0; i < 5; i++) await store.increment('n')
    let undone = 0
    while (await history.undo()) undone++
    expect(undone).toBe(3)
    expect(store.get('n')).toBe(2)
  })

  it('mergeWithinMs makes one step of commits that follow each other quickly', async () => {
    vi.useFakeTimers()
    const store = createDatastore<any>({ text: '' })
    const history = createHistory(store, { mergeWithinMs: 500 })
    for (const text of ['h', 'he', 'hel', 'hell', 'hello']) {
      await store.set('text', text)
      vi.advanceTimersByTime(100)
    }
    vi.advanceTimersByTime(1000)
    await store.set('text', 'hello!')
    await history.undo()
    expect(store.get('text')).toBe('hello')
    await history.undo()
    expect(store.get('text')).toBe('')
    expect(history.canUndo).toBe(false)
    await history.redo()
    expect(store.get('text')).toBe('hello')
  })

  it('under `path`, only changes inside it are recorded and undone', async () => {
    const store = createDatastore<any>({ docs: { a: { title: 'A' }, b: { title: 'B' } } })
    const history = createHistory(store, { path: ['docs', 'a'] })
    await store.set(['docs', 'a', 'title'], 'A2')
    await store.set(['docs', 'b', 'title'], 'B2')
    await store.transaction((tx) => {
      tx.set(['docs', 'a', 'body'], 'text')
      tx.set(['docs', 'b', 'body'], 'other')
    })
    await history.undo()
    await history.undo()
    expect(await history.undo()).toBe(false)
    expect(store.state).toEqual({ docs: { a: { title: 'A' }, b: { title: 'B2', body: 'other' } } })
  })

  it('under `path`, a document created and removed whole is undone without touching its parent', async () => {
    const store = createDatastore<any>({ docs: { other: 1 } })
    const history = createHistory(store, { path: ['docs', 'new'] })
    await store.set(['docs', 'new'], { title: 'N' })
    await store.delete(['docs', 'new'])
    await history.undo()
    expect(store.state).toEqual({ docs: { other: 1, new: { title: 'N' } } })
    await history.undo()
    expect(store.state).toEqual({ docs: { other: 1 } })
    await history.redo()
    await history.redo()
    expect(store.state).toEqual({ docs: { other: 1 } })
  })

  it('clear forgets the steps; stop also stops recording, and undo then resolves to false', async () => {
    const store = createDatastore<any>({ n: 0 })
    const history = createHistory(store)
    await store.increment('n')
    history.clear()
    expect(history.canUndo).toBe(false)
    await store.increment('n')
    history.stop()
    await store.increment('n')
    expect(await history.undo()).toBe(false)
    expect(store.get('n')).toBe(3)
    expect(inspectStore(store).observers).toBe(0)
  })

  it('refuses a limit that is not a positive whole number', () => {
    const store = createDatastore<any>({})
    expect(() => createHistory(store, { limit: 0 })).toThrow(expect.objectContaining({ code: 'TYPE_MISMATCH' }))
  })
})

describe('other writers', () => {
  it('commits from elsewhere are not undone, and survive undo and redo', async () => {
    const store = createDatastore<any>({ doc: { title: 'T', body: '' }, list: [] })
    const history = createHistory(store)
    await store.set(['doc', 'title'], 'Mine')
    await fromRemote(store, { type: 'set', path: ['doc', 'body'], value: 'theirs' })
    await fromRemote(store, { type: 'append', path: ['list'], values: [1] })
    await store.set(['doc', 'subtitle'], 'S')
    await history.undo()
    await history.undo()
    expect(await history.undo()).toBe(false)
    expect(store.state).toEqual({ doc: { title: 'T', body: 'theirs' }, list: [1] })
    await history.redo()
    await history.redo()
    expect(store.state).toEqual({ doc: { title: 'Mine', body: 'theirs', subtitle: 'S' }, list: [1] })
  })

  it('a place someone else changed after a step keeps their value; the rest of the step is undone', async () => {
    const store = createDatastore<any>({ title: 'A', color: 'red' })
    const history = createHistory(store)
    await store.transaction((tx) => {
      tx.set('title', 'B')
      tx.set('color', 'blue')
    })
    await fromRemote(store, { type: 'set', path: 'title', value: 'C' })
    expect(await history.undo()).toBe(true)
    expect(store.state).toEqual({ title: 'C', color: 'red' })
    await history.redo()
    expect(store.state).toEqual({ title: 'C', color: 'blue' })
  })

  it('a step whose every change was overwritten since is skipped, and undo goes on to the one before (as Yjs does)', async () => {
    const store = createDatastore<any>({ a: 0, b: 0 })
    const history = createHistory(store)
    await store.set('a', 1)
    await store.set('b', 1)
    await fromRemote(store, { type: 'set', path: 'b', value: 9 })
    expect(await history.undo()).toBe(true)
    expect(store.state).toEqual({ a: 0, b: 9 })
    expect(history.canUndo).toBe(false)
  })

  it('inside an array someone else changed, positions may have moved: the step leaves that array as it is', async () => {
    const store = createDatastore<any>({ todos: ['a'], title: 'x' })
    const history = createHistory(store)
    await store.transaction((tx) => {
      tx.append('todos', 'mine')
      tx.set('title', 'y')
    })
    await fromRemote(store, { type: 'append', path: 'todos', values: ['theirs'] })
    await history.undo()
    expect(store.state).toEqual({ todos: ['a', 'mine', 'theirs'], title: 'x' })
  })

  it('changes inside a container someone else removed are not undone', async () => {
    const store = createDatastore<any>({ docs: { a: { n: 0 } } })
    const history = createHistory(store)
    await store.increment(['docs', 'a', 'n'])
    await fromRemote(store, { type: 'delete', path: ['docs', 'a'] })
    expect(await history.undo()).toBe(false)
    expect(store.state).toEqual({ docs: {} })
  })

  it('remembers other writers only while a step may need them', async () => {
    const store = createDatastore<any>({ n: 0, r: 0 })
    const history = createHistory(store)
    await store.increment('n')
    for (let i = 0; i < 50; i++) await fromRemote(store, { type: 'set', path: 'r', value: i })
    history.clear()
    for (let i = 0; i < 50; i++) await fromRemote(store, { type: 'set', path: 'r', value: i })
    expect(history.canUndo).toBe(false)
  })
})
