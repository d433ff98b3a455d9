// A controlled text input bound to a store key: updates are synchronous, so the caret stays put.

import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { useDatastore } from '../../src/react'
import { renderStrict } from './helpers'

function setup(text: string) {
  const store = createDatastore({ text })
  function Field() {
    const value = useDatastore(store, 'text')
    return (
      <>
        <input aria-label="text" value={value} onChange={(event) => void store.set('text', event.target.value)} />
        <output data-testid="mirror">{value}</output>
      </>
    )
  }
  renderStrict(<Field />)
  return { store, input: screen.getByLabelText<HTMLInputElement>('text') }
}

const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!

/**
 * What a keystroke does to `input`: the browser replaces `from..to` with `text`, puts the caret
 * after it, and fires `input`. React then re-renders; were its value late, React would write the
 * old text back and the caret would jump to the end.
 */
function edit(input: HTMLInputElement, from: number, to: number, text: string) {
  setValue.call(input, input.value.slice(0, from) + text + input.value.slice(to))
  input.setSelectionRange(from + text.length, from + text.length)
  fireEvent.input(input)
}

describe('a controlled input bound to a store key', () => {
  test('typing in the middle keeps the caret where it was, and the store and the DOM agree at once', () => {
    const { store, input } = setup('hello')
    edit(input, 2, 2, 'X')
    expect(store.get('text')).toBe('heXllo')
    expect(input.value).toBe('heXllo')
    expect(screen.getByTestId('mirror').textContent).toBe('heXllo')
    expect(input.selectionStart).toBe(3)
    edit(input, 3, 3, 'Y')
    edit(input, 4, 4, 'Z')
    expect(input.value).toBe('heXYZllo')
    expect(input.selectionStart).toBe(5)
    expect(input.selectionEnd).toBe(5)
  })

  test('deleting and pasting in the middle keep the caret too', () => {
    const { store, input } = setup('abcdef')
    edit(input, 2, 3, '')
    expect(input.value).toBe('abdef')
    expect(input.selectionStart).toBe(2)
    edit(input, 1, 1, 'pasted')
    expect(store.get('text')).toBe('apastedbdef')
    expect(input.selectionStart).toBe(7)
  })

  test('a store write from elsewhere shows up in the input', () => {
    const { store, input } = setup('a')
    act(() => void store.set('text', 'from the store'))
    expect(input.value).toBe('from the store')
  })
})
