/** A form's share link and embed snippet (the builder shows them; the snippet's script is public/forms-embed.js). */
export function formShareLink(appUrl: string, slug: string): string {
  return `${appUrl.replace(/\/$/, "")}/f/${encodeURIComponent(slug)}`;
}

export function formEmbedSnippet(appUrl: string, slug: string, title: string): string {
  const base = appUrl.replace(/\/$/, "");
  const escaped = title.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<div data-loctelli-form="${formShareLink(base, slug)}" data-title="${escaped}"></div>\n<script src="${base}/forms-embed.js" async></script>`;
}
