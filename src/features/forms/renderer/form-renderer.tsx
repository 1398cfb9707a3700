"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { visibleFields, type AnswerValue } from "@/lib/forms/logic";
import { validateAnswers } from "@/lib/forms/validate";
import { Captcha } from "./captcha";
import { FormFieldView } from "./form-field";
import type { FormRendererProps } from "./types";

type Answers = Record<string, AnswerValue>;
const SAVE_DELAY_MS = 1_200;

/**
 * The visitor's form: a simple form (every question on one page) or a card form (one question per screen, a progress
 * bar, skips from the shared logic). Checks run as the visitor goes with the same module the server runs. In `live`
 * mode answers are saved (debounced) and the page's events sent; in `preview` nothing leaves the browser.
 */
export function FormRenderer({ mode, form, urlParams, resume, embedded, renderToken, onSubmitted }: FormRendererProps) {
  const live = mode === "live" && Boolean(renderToken);
  const def = form.definition;
  const api = `/api/public/forms/${encodeURIComponent(form.slug)}`;
  const utmSource = urlParams?.utm_source?.slice(0, 200) ?? null;
  const [answers, setAnswers] = useState<Answers>(() => {
    const start: Answers = { ...(resume?.answers ?? {}) };
    for (const f of def.fields) if (f.type === "hidden" && f.urlParam && urlParams?.[f.urlParam]) start[f.key] = urlParams[f.urlParam]!.slice(0, 500);
    return start;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [files, setFiles] = useState(resume?.uploads ?? {});
  const [uploading, setUploading] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<{ message: string | null } | null>(null);
  const honeypot = useRef<HTMLInputElement>(null);
  const [captchaToken, setCaptchaToken] = useState<string | null>(null);
  const clientSubmissionId = useRef<string | null>(null);
  const touched = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const visible = useMemo(() => visibleFields(def, answers).filter((k) => def.fields.find((f) => f.key === k)?.type !== "hidden"), [def, answers]);
  const [current, setCurrent] = useState<string | null>(() => (resume?.currentField && def.fields.some((f) => f.key === resume.currentField) ? resume.currentField : null));
  const card = form.kind === "card" ? (current && visible.includes(current) ? current : (visible[0] ?? null)) : null;
  const [history, setHistory] = useState<string[]>([]);

  const post = useCallback(
    (path: string, body: unknown) => fetch(`${api}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ renderToken, ...(body as object) }), credentials: "same-origin" }),
    [api, renderToken],
  );

  // The page's view, once.
  useEffect(() => {
    if (live) void post("/events", { type: "view", utmSource }).catch(() => undefined);
  }, [live, post, utmSource]);

  // Save as the visitor goes: debounced, only after they answered something.
  useEffect(() => {
    if (!live || !touched.current || done) return;
    const timer = setTimeout(() => void post("/session", { answers, currentField: card, utmSource }).catch(() => undefined), SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [answers, card, live, post, utmSource, done]);

  // The embed tells its page how tall it is, so the frame never scrolls.
  useEffect(() => {
    if (!embedded || !rootRef.current) return;
    const send = () => window.parent.postMessage({ type: "loctelli-form:height", slug: form.slug, height: Math.ceil(document.documentElement.scrollHeight) }, "*");
    const observer = new ResizeObserver(send);
    observer.observe(rootRef.current);
    send();
    return () => observer.disconnect();
  }, [embedded, form.slug]);

  const setAnswer = (key: string, value: AnswerValue) => {
    touched.current = true;
    setAnswers((a) => ({ ...a, [key]: value }));
    setErrors((e) => (e[key] ? { ...e, [key]: "" } : e));
  };

  const checkFields = (keys: string[]) => {
    const result = validateAnswers(def, answers);
    const found = Object.fromEntries(keys.filter((k) => result.errors[k]).map((k) => [k, result.errors[k]!]));
    setErrors((e) => ({ ...e, ...Object.fromEntries(keys.map((k) => [k, found[k] ?? ""])) }));
    const first = keys.find((k) => found[k]);
    if (first) document.getElementById(`field-${first}`)?.focus();
    return !first;
  };

  const goNext = () => {
    if (!card || !checkFields([card])) return;
    // The next card the logic shows (nextCard's order; hidden link fields are never a card).
    const next = visible[visible.indexOf(card) + 1] ?? null;
    if (live) void post("/events", { type: "step", stepIndex: visible.indexOf(card), fieldKey: card, utmSource }).catch(() => undefined);
    if (next === null) return void submit();
    setHistory((h) => [...h, card]);
    setCurrent(next);
  };
  const goBack = () => {
    const previous = history.at(-1);
    if (!previous) return;
    setHistory((h) => h.slice(0, -1));
    setCurrent(previous);
  };

  // Focus follows the card: its question is announced and typing goes on from there.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) return void (firstRender.current = false);
    headingRef.current?.focus();
  }, [card]);

  const upload = async (key: string, file: File) => {
    setUploading(key);
    setErrors((e) => ({ ...e, [key]: "" }));
    try {
      const started = await post("/uploads", { fieldKey: key, fileName: file.name.slice(0, 200) || "file", contentType: file.type || "application/octet-stream", size: file.size });
      const body = (await started.json()) as { uploadId?: number; upload?: { url: string; method: string; headers: Record<string, string> }; error?: string };
      if (!started.ok || !body.upload || !body.uploadId) throw new Error(body.error ?? "The file could not be uploaded.");
      const put = await fetch(body.upload.url, { method: body.upload.method, headers: body.upload.headers, body: file });
      if (!put.ok) throw new Error("The file could not be uploaded. Try again.");
      const confirmed = await post("/uploads/confirm", { uploadId: body.uploadId });
      if (!confirmed.ok) throw new Error(((await confirmed.json()) as { error?: string }).error ?? "The file could not be checked.");
      const id = String(body.uploadId);
      setFiles((f) => ({ ...f, [id]: { fileName: file.name, sizeBytes: file.size } }));
      const list = Array.isArray(answers[key]) ? (answers[key] as string[]) : [];
      setAnswer(key, [...list, id]);
    } catch (e) {
      setErrors((er) => ({ ...er, [key]: (e as Error).message }));
    } finally {
      setUploading(null);
    }
  };

  async function submit() {
    setProblem(null);
    const result = validateAnswers(def, answers);
    const keys = Object.keys(result.errors);
    if (keys.length) {
      setErrors(result.errors);
      if (form.kind === "card") setCurrent(keys[0]!);
      else document.getElementById(`field-${keys[0]}`)?.focus();
      setProblem(keys.length === 1 ? "One answer needs a look." : `${keys.length} answers need a look.`);
      return;
    }
    if (!live) {
      setDone({ message: form.thankYouMessage ?? null });
      onSubmitted?.({ submissionId: null });
      return;
    }
    setSending(true);
    clientSubmissionId.current ??= crypto.randomUUID();
    try {
      const response = await post("/submit", { answers, clientSubmissionId: clientSubmissionId.current, utmSource, website: honeypot.current?.value || null, captchaToken });
      const body = (await response.json()) as { submissionId?: number | null; thankYouMessage?: string | null; redirectUrl?: string | null; error?: string; fieldErrors?: Record<string, string[]> };
      if (!response.ok) {
        const fieldErrors = Object.fromEntries(Object.entries(body.fieldErrors ?? {}).filter(([k]) => k.startsWith("answers.")).map(([k, v]) => [k.slice(8), v[0] ?? ""]));
        setErrors(fieldErrors);
        const first = Object.keys(fieldErrors)[0];
        if (first && form.kind === "card") setCurrent(first);
        setProblem(body.error ?? "The form could not be sent. Try again.");
        return;
      }
      onSubmitted?.({ submissionId: body.submissionId ?? null });
      if (body.redirectUrl) window.location.assign(body.redirectUrl);
      setDone({ message: body.thankYouMessage ?? null });
    } catch {
      setProblem("The form could not be sent: check your connection and try again.");
    } finally {
      setSending(false);
    }
  }

  if (done) {
    return (
      <div ref={rootRef} className="space-y-3 py-6 text-center" role="status">
        <h2 className="text-xl font-semibold">Thank you</h2>
        <p className="whitespace-pre-line text-muted-foreground">{done.message ?? "Your answers were sent."}</p>
      </div>
    );
  }

  const fieldsShown = form.kind === "card" ? (card ? [card] : []) : visible;
  const progress = form.kind === "card" && card ? (visible.indexOf(card) / Math.max(1, visible.length)) * 100 : 0;
  const isLast = form.kind === "card" && card !== null && visible.indexOf(card) === visible.length - 1;

  return (
    <div ref={rootRef} className="w-full min-w-0">
      <form
        noValidate
        aria-label={form.name}
        onSubmit={(e) => {
          e.preventDefault();
          if (form.kind === "card") goNext();
          else void submit();
        }}
        className="space-y-6"
      >
        {form.kind === "card" ? <ProgressBar value={progress} label="Progress through the form" /> : null}
        {problem ? (
          <Alert variant="destructive">
            <AlertDescription>{problem}</AlertDescription>
          </Alert>
        ) : null}
        {form.kind === "card" && card ? (
          <h2 ref={headingRef} tabIndex={-1} className="sr-only">
            {`Question ${visible.indexOf(card) + 1} of ${visible.length}`}
          </h2>
        ) : null}
        {fieldsShown.map((key) => {
          const field = def.fields.find((f) => f.key === key)!;
          return (
            <FormFieldView
              key={key}
              field={field}
              value={answers[key]}
              error={errors[key] || undefined}
              onChange={(v) => setAnswer(key, v)}
              files={files}
              onFile={live ? (file) => void upload(key, file) : undefined}
              uploading={uploading === key}
            />
          );
        })}
        {/* A field people never see: a bot that fills every input gives itself away. */}
        <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
          <label>
            Website
            <input ref={honeypot} type="text" name="website" tabIndex={-1} autoComplete="off" />
          </label>
        </div>
        {live && form.captcha && (form.kind === "simple" || isLast) ? <Captcha provider={form.captcha.provider} siteKey={form.captcha.siteKey} onToken={setCaptchaToken} /> : null}
        <div className="flex flex-wrap items-center gap-3">
          {form.kind === "card" && history.length > 0 ? (
            <Button type="button" variant="outline" size="lg" onClick={goBack}>
              Back
            </Button>
          ) : null}
          <Button type="submit" size="lg" disabled={sending || uploading !== null} className="min-w-32 flex-1 sm:flex-none">
            {sending ? "Sending…" : form.kind === "card" && !isLast ? "Next" : "Send"}
          </Button>
          {mode === "preview" ? <span className="text-sm text-muted-foreground">Preview: nothing is sent.</span> : null}
        </div>
      </form>
    </div>
  );
}
