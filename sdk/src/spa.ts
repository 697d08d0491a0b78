// Single-page apps (SPEC §13): a URL change through pushState, replaceState or popstate calls
// `changed` (autoPage's page view) at once and `refresh` (the survey check) at most once per 2 s,
// the last change of a burst included.

/**
 * Watches the page's URL.
 * @example watchUrl(() => client.page(), () => surveys.refresh())
 */
export function watchUrl(changed: () => void, refresh: () => void): void {
  let url = location.href;
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    if (url == location.href) return;
    url = location.href;
    changed();
    clearTimeout(timer);
    // Within 2 s of the last check: one check when the 2 s are over, for the URL of then. (A negative
    // delay counts as 0 for setTimeout: no Math.max needed.)
    timer = setTimeout(() => {
      last = Date.now();
      refresh();
    }, last + 2000 - Date.now());
  };
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      check();
    };
  }
  addEventListener('popstate', check);
}
