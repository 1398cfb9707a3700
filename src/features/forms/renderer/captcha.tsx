"use client";

import { useEffect, useRef } from "react";

type Widget = { render: (el: HTMLElement, options: { sitekey: string; callback: (token: string) => void; "expired-callback": () => void }) => unknown };
const SCRIPTS = {
  turnstile: { src: "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit", global: "turnstile" },
  hcaptcha: { src: "https://js.hcaptcha.com/1/api.js?render=explicit", global: "hcaptcha" },
} as const;

/** The provider's bot check (explicit rendering); its answer goes with the submission and is verified by the server. */
export function Captcha({ provider, siteKey, onToken }: { provider: "turnstile" | "hcaptcha"; siteKey: string; onToken: (token: string | null) => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { src, global } = SCRIPTS[provider];
    let cancelled = false;
    const render = () => {
      const widget = (window as unknown as Record<string, Widget | undefined>)[global];
      if (cancelled || !widget || !box.current || box.current.childElementCount) return;
      widget.render(box.current, { sitekey: siteKey, callback: (t) => onToken(t), "expired-callback": () => onToken(null) });
    };
    let script = document.querySelector<HTMLScriptElement>(`script[src="${src}"]`);
    if (!script) {
      script = document.createElement("script");
      script.src = src;
      script.async = true;
      document.head.appendChild(script);
    }
    script.addEventListener("load", render);
    render();
    return () => {
      cancelled = true;
      script?.removeEventListener("load", render);
    };
  }, [provider, siteKey, onToken]);
  return <div ref={box} aria-label="Check that you are not a robot" />;
}
