// The store's own Immer instance. Committed state is sealed by the store, so Immer does not freeze.

import { current, enableMapSet, Immer, isDraft, isDraftable, nothing } from 'immer'

enableMapSet()

const immer = new Immer({ autoFreeze: false })

export const produce: Immer['produce'] = immer.produce
export const createDraft: Immer['createDraft'] = immer.createDraft.bind(immer)
export const finishDraft: Immer['finishDraft'] = immer.finishDraft.bind(immer)
export { current, isDraft, isDraftable, nothing }
