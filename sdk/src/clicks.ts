// `trackClicks`: a click on an element with `data-uptake-feature="Name"` (or inside one) sends
// `track("Name")`. Nothing else is read from the page: no text, no input values.

export const FEATURE_ATTRIBUTE = 'data-uptake-feature';

/**
 * Listens for feature clicks on the document for the life of the page.
 * @example listenForFeatureClicks((name) => track(name))
 */
export function listenForFeatureClicks(onFeature: (name: string) => void): void {
  const onClick = (event: Event) => {
    // composedPath reaches elements inside open shadow roots, which event.target hides.
    for (const node of event.composedPath()) {
      const name = node instanceof Element ? node.getAttribute(FEATURE_ATTRIBUTE) : null;
      if (name) return onFeature(name);
    }
  };
  document.addEventListener('click', onClick, true);
}
