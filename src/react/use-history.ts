// The undo and redo buttons' state, from a history made by `atomic-datastore/history`.

import { useCallback, useMemo } from 'react'
import { useSyncExternalStore } from 'use-sync-external-store/shim'
import type { History } from '../history/history'

/**
 * Whether `history` can undo and redo now; the component re-renders when either changes.
 *
 * @example
 * const { canUndo, canRedo } = useHistory(history)
 * return <button disabled={!canUndo} onClick={() => history.undo()}>Undo</button>
 */
export function useHistory(history: History): { readonly canUndo: boolean; readonly canRedo: boolean } {
  const subscribe = useCallback((listener: () => void) => history.subscribe(listener), [history])
  const canUndo = useSyncExternalStore(subscribe, () => history.canUndo, () => false)
  const canRedo = useSyncExternalStore(subscribe, () => history.canRedo, () => false)
  return useMemo(() => ({ canUndo, canRedo }), [canUndo, canRedo])
}
