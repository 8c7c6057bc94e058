import { useRef, useState } from "react";
import { message } from "./context";

/**
 * A form's submit: one request at a time, `busy` while it runs, its error shown until the next
 * success. A second click lands before React re-renders the disabled button: the ref stops it.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const run = async (work: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (failure) {
      setError(message(failure));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return { busy, error, run };
}
