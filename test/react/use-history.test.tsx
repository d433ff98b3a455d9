import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { createDatastore } from '../../src/index'
import { createHistory, type History } from '../../src/history'
import { useHistory } from '../../src/react'
import { createCommitLog, renderStrict } from './helpers'

describe('useHistory', () => {
  it('gives canUndo and canRedo, and re-renders only when one of them changes', async () => {
    const store = createDatastore({ n: 0 })
    const history = createHistory(store)
    const log = createCommitLog()
    function Buttons({ history }: { history: History }) {
      const { canUndo, canRedo } = useHistory(history)
      log.useCommit('buttons')
      return (
        <>
          <button disabled={!canUndo} onClick={() => void history.undo()}>
            undo
          </button>
          <button disabled={!canRedo} onClick={() => void history.redo()}>
            redo
          </button>
        </>
      )
    }
    renderStrict(<Buttons history={history} />)
    log.reset()
    const undo = screen.getByText('undo') as HTMLButtonElement
    const redo = screen.getByText('redo') as HTMLButtonElement
    expect([undo.disabled, redo.disabled]).toEqual([true, true])

    await act(() => store.increment('n'))
    expect([undo.disabled, redo.disabled]).toEqual([false, true])
    await act(() => store.increment('n'))
    await act(() => store.increment('n'))
    expect(log.counts.buttons).toBe(1)

    await act(async () => fireEvent.click(undo))
    await act(() => history.undo())
    await act(() => history.undo())
    expect(store.get('n')).toBe(0)
    expect([undo.disabled, redo.disabled]).toEqual([true, false])
    expect(log.counts.buttons).toBe(3)
  })
})
