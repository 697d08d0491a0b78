// The snippet form of the script tag: defines `window.uptake` as a queue at once, so calls made
// before uptake.js has loaded are kept, then loads uptake.js, which replays them in order.

/** Every method the snippet queues (the full public API). */
export const SNIPPET_METHODS = ['init', 'track', 'identify', 'group', 'page', 'reset', 'optOut', 'optIn', 'flush', 'showSurvey'] as const;

/**
 * The snippet's JavaScript for a bundle URL and write key (put it in an inline `<script>`).
 * @example snippetCode('https://collector.example.com/sdk/uptake.js', 'wk_demo')
 */
export function snippetCode(src: string, writeKey: string): string {
  return (
    `!function(w,d,u,k){var a=w.uptake=w.uptake||[];if(!a.push)return;` +
    `"${SNIPPET_METHODS.join(' ')}".split(" ").forEach(function(m){a[m]=a[m]||function(){a.push([m].concat([].slice.call(arguments)))}});` +
    `var s=d.createElement("script");s.async=!0;s.src=u;s.setAttribute("data-write-key",k);d.head.appendChild(s)}` +
    `(window,document,${JSON.stringify(src)},${JSON.stringify(writeKey)});`
  );
}

/**
 * The whole `<script>` element to paste into a page's `<head>`.
 * @example snippetHtml('https://collector.example.com/sdk/uptake.js', 'wk_demo')
 */
export function snippetHtml(src: string, writeKey: string): string {
  return `<script>${snippetCode(src, writeKey).replace(/</g, '\\u003c')}</script>`;
}
