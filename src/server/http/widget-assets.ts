/**
 * The website chat's two pieces of browser code, served as they are (no bundler): the loader a customer's page runs
 * (/widget.js: a button and, once opened, a frame of ours) and the chat window inside that frame
 * (/api/public/widget/frame). The window talks only to its own origin; the visitor's token stays in an HttpOnly cookie.
 */
export const WIDGET_LOADER_JS = String.raw`(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__loctelliWidget) return;
  window.__loctelliWidget = true;
  var src = new URL(script.src);
  var app = src.origin;
  var key = script.getAttribute("data-key") || src.searchParams.get("key") || "";
  fetch(app + "/api/public/widget/config?key=" + encodeURIComponent(key), { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
    .then(mount)
    .catch(function () { console.warn("Loctelli chat: this site may not show this chat (check the allowed sites in Settings > Website chat)."); });

  function mount(config) {
    var phone = window.matchMedia("(max-width: 480px)");
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Chat with us";
    button.setAttribute("aria-label", "Chat with " + config.name);
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("data-loctelli-widget", "launcher");
    button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;min-height:48px;padding:0 20px;border:0;border-radius:24px;background:#1d4ed8;color:#fff;font:600 16px/1 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25);cursor:pointer";
    var frame = null;
    function place() {
      if (!frame) return;
      frame.style.cssText = phone.matches
        ? "position:fixed;inset:0;width:100%;height:100%;border:0;z-index:2147483001;background:#fff"
        : "position:fixed;right:16px;bottom:80px;width:380px;height:560px;max-height:calc(100vh - 96px);border:0;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);z-index:2147483001;background:#fff";
      if (!open) frame.style.display = "none";
    }
    var open = false;
    function toggle(next) {
      open = next;
      if (open && !frame) {
        frame = document.createElement("iframe");
        frame.src = app + "/api/public/widget/frame?key=" + encodeURIComponent(key);
        frame.title = "Chat with " + config.name;
        frame.setAttribute("data-loctelli-widget", "frame");
      frame.setAttribute("allow", "clipboard-write");
        document.body.appendChild(frame);
      }
      place();
      button.setAttribute("aria-expanded", String(open));
      button.style.display = open && phone.matches ? "none" : "";
    }
    button.addEventListener("click", function () { toggle(!open); });
    window.addEventListener("message", function (event) {
      if (event.origin === app && event.data === "loctelli-widget:close") { toggle(false); button.focus(); }
    });
    phone.addEventListener("change", function () { toggle(open); });
    document.body.appendChild(button);
  }
})();
`;

const FRAME_CSS = String.raw`
*{box-sizing:border-box}html,body{height:100%;margin:0}body{font:15px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;background:#fff}
.chat{display:flex;flex-direction:column;height:100%}
header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:12px 16px;background:#1d4ed8;color:#fff}
h1{font-size:16px;margin:0;overflow-wrap:anywhere}
#close{min-width:44px;min-height:44px;border:0;background:transparent;color:#fff;font-size:24px;cursor:pointer}
#log{flex:1;overflow-y:auto;padding:12px 16px;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.visitor{align-self:flex-end;background:#1d4ed8;color:#fff}.assistant,.person{align-self:flex-start;background:#f3f4f6}
.who{display:block;font-size:12px;color:#4b5563;margin-bottom:2px}
#notice{margin:0 16px 8px;padding:8px 12px;border-radius:8px;background:#fef3c7;color:#78350f}
details{margin:0 16px 8px}summary{cursor:pointer;min-height:32px;color:#1d4ed8}
#details-form{display:grid;gap:8px;padding-top:8px}label{display:grid;gap:2px;font-size:14px}
input,textarea{font:inherit;padding:8px;border:1px solid #9ca3af;border-radius:8px;width:100%}
button{font:inherit}.primary{min-height:44px;padding:0 16px;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}
.primary:disabled{opacity:.6}
#composer{display:flex;gap:8px;padding:8px 16px 12px;border-top:1px solid #e5e7eb}
#composer textarea{resize:none;min-height:44px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
#error{margin:0 16px 8px;color:#b91c1c}#error:empty,#details-status:empty{display:none}
`;

const FRAME_JS = String.raw`(function () {
  "use strict";
  var key = document.body.getAttribute("data-key");
  var base = "/api/public/widget/";
  var log = document.getElementById("log");
  var notice = document.getElementById("notice");
  var errorBox = document.getElementById("error");
  var composer = document.getElementById("composer");
  var input = document.getElementById("message");
  var send = document.getElementById("send");
  var shown = {};
  var lastId = 0;
  var stream = null;
  var names = { visitor: "You", assistant: document.body.getAttribute("data-name"), person: document.body.getAttribute("data-name") };

  function render(data) {
    (data.messages || []).forEach(function (m) {
      if (shown[m.id]) return;
      shown[m.id] = true;
      lastId = Math.max(lastId, m.id);
      var item = document.createElement("div");
      item.className = "msg " + m.from;
      item.setAttribute("data-from", m.from);
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = names[m.from] || "";
      item.appendChild(who);
      item.appendChild(document.createTextNode(m.content));
      log.appendChild(item);
    });
    notice.hidden = !data.personWillReply;
    log.scrollTop = log.scrollHeight;
  }

  function openStream() {
    if (stream || typeof EventSource === "undefined") return;
    stream = new EventSource(base + "events?key=" + encodeURIComponent(key) + "&after=" + lastId);
    stream.addEventListener("message", function (event) { render(JSON.parse(event.data)); });
  }

  function problem(response) {
    return response.json().then(function (body) {
      var fields = body.fieldErrors || {};
      var first = Object.keys(fields).map(function (k) { return fields[k][0]; })[0];
      return first || body.error || "Something went wrong. Try again.";
    }, function () { return "Something went wrong. Try again."; });
  }

  function post(path, body) {
    return fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, credentials: "same-origin", body: JSON.stringify(body) });
  }

  fetch(base + "messages?key=" + encodeURIComponent(key), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) { if (data) { render(data); if (data.started) openStream(); } });

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var content = input.value.trim();
    if (!content) return;
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = undefined; }
    send.disabled = true;
    errorBox.textContent = "";
    post("messages", { key: key, content: content, clientMessageId: crypto.randomUUID(), timezone: zone })
      .then(function (r) {
        if (!r.ok) return problem(r).then(function (message) { errorBox.textContent = message; });
        input.value = "";
        return r.json().then(function (data) {
          if (data.personWillReply) notice.hidden = false;
          openStream();
        });
      })
      .catch(function () { errorBox.textContent = "You seem to be offline. Try again."; })
      .then(function () { send.disabled = false; input.focus(); });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); composer.requestSubmit(); }
  });

  var detailsForm = document.getElementById("details-form");
  var detailsStatus = document.getElementById("details-status");
  detailsForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var f = new FormData(detailsForm);
    detailsStatus.textContent = "";
    post("details", { key: key, name: f.get("name") || undefined, email: f.get("email") || undefined, phone: f.get("phone") || undefined })
      .then(function (r) {
        if (!r.ok) return problem(r).then(function (message) { detailsStatus.textContent = message; });
        detailsStatus.textContent = "Thanks, we saved your details.";
      })
      .catch(function () { detailsStatus.textContent = "You seem to be offline. Try again."; });
  });

  document.getElementById("close").addEventListener("click", function () { window.parent.postMessage("loctelli-widget:close", "*"); });
})();
`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function widgetFrameHtml(workspace: { name: string }, key: string, nonce: string): string {
  const name = escapeHtml(workspace.name);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chat with ${name}</title><style nonce="${nonce}">${FRAME_CSS}</style></head>
<body data-key="${escapeHtml(key)}" data-name="${name}">
<main class="chat">
<header><h1>${name}</h1><button type="button" id="close" aria-label="Close chat">&times;</button></header>
<div id="log" role="log" aria-live="polite" aria-label="Conversation"></div>
<p id="notice" role="status" hidden>Thanks for your message. A person will reply here soon.</p>
<details><summary>Leave your name, email or phone</summary>
<form id="details-form">
<label>Name <input name="name" autocomplete="name" maxlength="120"></label>
<label>Email <input name="email" type="email" autocomplete="email" maxlength="254"></label>
<label>Phone <input name="phone" type="tel" autocomplete="tel" maxlength="40"></label>
<button type="submit" class="primary">Save my details</button>
<p id="details-status" role="status"></p>
</form></details>
<p id="error" role="alert"></p>
<form id="composer"><label for="message" class="sr">Your message</label>
<textarea id="message" rows="2" maxlength="10000" placeholder="Write a message…"></textarea>
<button type="submit" id="send" class="primary">Send</button></form>
</main>
<script nonce="${nonce}">${FRAME_JS}</script>
</body></html>`;
}

/** The frame may be shown only inside the workspace's own sites. */
export function widgetFrameCsp(nonce: string, allowedOrigins: string[]): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${allowedOrigins.length ? allowedOrigins.join(" ") : "'none'"}`,
  ].join("; ");
}
