// The Api for every screen, and hooks over it.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { Api } from "./api";
import type { ConnectionState } from "./state/connection";
import { createLatest, STALE } from "./state/latest";

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ApiContext");
  return api;
}

export function useConnection(): ConnectionState {
  const { connection } = useApi();
  const [state, setState] = useState(connection.current);
  useEffect(() => connection.subscribe(setState), [connection]);
  return state;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` now, on reload() and when a lost backend is back. Only the newest load's answer
 * lands; an error stays until the next success clears it; the last good data stays on screen
 * beside the error.
 */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const { connection } = useApi();
  const latest = useRef(createLatest()).current;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // `deps` name what `load` reads, as useEffect's do: a new list is a new resource.
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    setLoading(true);
    latest.run(run).then(
      (value) => {
        if (value === STALE) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure) => {
        setError(message(failure));
        setLoading(false);
      },
    );
  }, [run, latest]);
  useEffect(() => {
    reload();
    const off = connection.onRecover(reload);
    return () => {
      off();
      latest.invalidate();
    };
  }, [reload, connection, latest]);
  return { data, error, loading, reload };
}
