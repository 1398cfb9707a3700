"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type SaveState = { status: "saved"; at: Date | null } | { status: "unsaved" } | { status: "saving" } | { status: "failed"; error: unknown };

/**
 * Saves `value` a moment after it stops changing, one save at a time (a change made during a save is saved right
 * after it). `flush` saves now and resolves once the newest value is stored (publish calls it first).
 */
export function useAutosave<T>(value: T | null, save: (value: T) => Promise<unknown>, delayMs = 700) {
  const [state, setState] = useState<SaveState>({ status: "saved", at: null });
  const latest = useRef<T | null>(value);
  const edits = useRef(0);
  const savedEdits = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const first = useRef(true);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const saveOnce = useCallback(async (): Promise<void> => {
    const target = edits.current;
    const snapshot = latest.current;
    if (snapshot === null) return;
    setState({ status: "saving" });
    try {
      await saveRef.current(snapshot);
      savedEdits.current = target;
      setState(target === edits.current ? { status: "saved", at: new Date() } : { status: "unsaved" });
    } catch (error) {
      setState({ status: "failed", error });
      throw error;
    }
  }, []);

  const run = useCallback(async (): Promise<void> => {
    // One save at a time; edits made meanwhile are saved by the next turn of the loop.
    while (inFlight.current) await inFlight.current;
    while (savedEdits.current !== edits.current && latest.current !== null) {
      const attempt = saveOnce();
      inFlight.current = attempt.then(
        () => undefined,
        () => undefined,
      );
      try {
        await attempt;
      } finally {
        inFlight.current = null;
      }
    }
  }, [saveOnce]);

  useEffect(() => {
    latest.current = value;
    if (value === null) return;
    if (first.current) {
      first.current = false;
      return;
    }
    edits.current += 1;
    setState((s) => (s.status === "saving" ? s : { status: "unsaved" }));
    const timer = setTimeout(() => void run().catch(() => {}), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs, run]);

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (savedEdits.current !== edits.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  return { state, flush: run };
}
