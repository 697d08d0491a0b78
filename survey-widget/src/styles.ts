// The widget's styles, applied to its shadow root as a constructable stylesheet: no <style> element
// and no style attribute, so a page whose CSP forbids 'unsafe-inline' styles still shows it.

// `:host` rules are `!important` because, for the host element, the page's own rules (even
// `* { all: unset }` or `uptake-survey { display: none !important }`) would otherwise win.
export const CSS = `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;opacity:1!important}
*,*::before,*::after{box-sizing:border-box;margin:0}
.card{--brand:#4f46e5;position:fixed;z-index:2147483647;bottom:16px;right:16px;width:400px;max-width:calc(100vw - 32px);
 background:#fff;color:#111827;border:1px solid #d1d5db;border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.18);
 padding:20px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;text-align:start}
.card:focus{outline:none}
.bottom-left{right:auto;left:16px}
.center{right:auto;bottom:auto;left:50%;top:50%;transform:translate(-50%,-50%)}
h2{font-size:16px;font-weight:600;line-height:1.35;padding-inline-end:28px;margin-bottom:14px}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer;border:1px solid #9ca3af;background:#fff;border-radius:6px;padding:0}
button:focus-visible,textarea:focus-visible{outline:2px solid var(--brand);outline-offset:2px}
.x{position:absolute;top:10px;inset-inline-end:10px;width:32px;height:32px;border:0;background:none;font-size:22px;line-height:1;color:#4b5563}
.scale{display:grid;gap:4px;grid-template-columns:repeat(11,1fr)}
.csat{grid-template-columns:repeat(5,1fr)}
.ces{grid-template-columns:repeat(7,1fr)}
.choice{grid-template-columns:1fr}
.choice button{padding:8px 12px;font-weight:400;text-align:start}
.scale button{min-height:36px;padding:4px 2px;font-weight:600}
.csat button{display:flex;flex-direction:column;align-items:center;gap:2px;font-weight:400;font-size:12px;line-height:1.2}
.csat b{font-size:15px}
.scale button:hover{border-color:var(--brand)}
.scale [aria-checked=true]{background:var(--brand);border-color:var(--brand);color:#fff}
label{display:block;font-weight:600;margin:16px 0 6px}
.ends{display:flex;justify-content:space-between;margin-top:6px;font-size:12px;color:#4b5563}
textarea{display:block;width:100%;min-height:80px;padding:8px;border:1px solid #9ca3af;border-radius:6px;resize:vertical;background:#fff}
.send{margin-top:10px;padding:8px 16px;background:var(--brand);border-color:var(--brand);color:#fff;font-weight:600}
.thanks{font-size:15px;font-weight:600;padding-inline-end:28px}
@media (forced-colors:active){.scale [aria-checked=true]{outline:3px solid Highlight;outline-offset:1px}}
@media (max-width:480px){.card,.bottom-left,.center{left:0;right:0;bottom:0;top:auto;transform:none;width:auto;max-width:none;border-radius:12px 12px 0 0;border-width:1px 0 0}
 .scale{gap:3px}.scale button{min-height:40px}}
`;

/**
 * Applies the stylesheet to a shadow root; falls back to a <style> element only where constructable
 * stylesheets are missing (old browsers, where a strict CSP would then drop the look, not the widget).
 * @example adoptStyles(host.attachShadow({ mode: 'open' }))
 */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}
