import { useContext, useEffect, useState } from "react";
import { NowContext } from "./context";

/** The current time, refreshed every `everyMs` (for "in 5 h 12 min"). */
export function useNow(everyMs = 30_000): number {
  const clock = useContext(NowContext);
  const [now, setNow] = useState(clock);
  useEffect(() => {
    setNow(clock());
    const id = setInterval(() => setNow(clock()), everyMs);
    return () => clearInterval(id);
  }, [clock, everyMs]);
  return now;
}
