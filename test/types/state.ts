// The typed state that the type tests check paths against.

import { createDatastore } from '../../src/index'

export interface State {
  user: { profile: { score: number; name: string }; tags: string[] }
  counter: number
  lookup: Map<string, { hits: number }>
  maybe?: { deep: boolean; count?: number }
  matrix: number[][]
  title: string
}

export const createState = () =>
  createDatastore<State>({
    user: { profile: { score: 0, name: 'a' }, tags: [] },
    counter: 0,
    lookup: new Map(),
    matrix: [],
    title: '',
  })
