/*
 * Loctelli forms: embed a form in any page of an allowed site.
 *   <div data-loctelli-form="https://APP/f/SLUG"></div>
 *   <script src="https://APP/forms-embed.js" async></script>
 * Each placeholder becomes an iframe of the form's embed page, sized to its content (the form posts its height).
 */
(function () {
  "use strict";
  var frames = [];
  function mount(el) {
    if (el.getAttribute("data-loctelli-mounted")) return;
    var url;
    try {
      url = new URL(el.getAttribute("data-loctelli-form"));
    } catch {
      return;
    }
    var slug = url.pathname.replace(/^\/f\//, "").replace(/\/.*$/, "");
    var src = new URL("/f/" + encodeURIComponent(decodeURIComponent(slug)) + "/embed", url.origin);
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      if (/^utm_/.test(key)) src.searchParams.set(key, value);
    });
    var frame = document.createElement("iframe");
    frame.src = src.toString();
    frame.title = el.getAttribute("data-title") || "Form";
    frame.loading = "lazy";
    frame.setAttribute("allow", "clipboard-write");
    frame.style.cssText = "width:100%;border:0;display:block;min-height:320px;overflow:hidden";
    el.setAttribute("data-loctelli-mounted", "1");
    el.appendChild(frame);
    frames.push({ frame: frame, origin: url.origin, slug: decodeURIComponent(slug) });
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "loctelli-form:height" || typeof data.height !== "number") return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (event.source === f.frame.contentWindow && event.origin === f.origin) f.frame.style.height = Math.min(Math.max(data.height, 120), 20000) + "px";
    }
  });
  function scan() {
    var els = document.querySelectorAll("[data-loctelli-form]");
    for (var i = 0; i < els.length; i++) mount(els[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
