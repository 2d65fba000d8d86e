import { useCallback, useEffect, useState } from 'react';
import { errorText } from './form-bits';

/** A list read from the API, read again on `reload()` (after a change the user made). */
export function useList<T>(load: () => Promise<T[]>): { items: T[] | null; error: string | null; reload: () => void } {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (list) => live && (setItems(list), setError(null)),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load is the same call each render
  }, [round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { items, error, reload };
}
