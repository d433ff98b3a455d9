// atomic-datastore/history: undo and redo for a store, respecting other writers.

export { createHistory } from './history/history'
export type { History, HistoryOptions } from './history/history'
