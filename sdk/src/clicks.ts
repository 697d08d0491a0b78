// `trackClicks`: a click on an element with `data-uptake-feature="Name"` (or inside one) sends
// `track("Name")`. Nothing else is read from the page: no text, no input values.

export const FEATURE_ATTRIBUTE = 'data-uptake-feature';

/**
 * Listens for feature clicks on the document for the life of the page.
 * @example listenForFeatureClicks((name) => track(name))
 */
export function listenForFeatureClicks(onFeature: (name: string) => void): void {
  const onClick = (event: Event) => {
    // composedPath reaches elements inside open shadow roots, which event.target hides. Only elements
    // have getAttribute (not the document, shadow roots or window): shorter than an instanceof test.
    for (const node of event.composedPath()) {
      const name = (node as Element).getAttribute?.(FEATURE_ATTRIBUTE);
      if (name) return onFeature(name);
    }
  };
  // Capture on the window: before any handler of the page can stop the click.
  addEventListener('click', onClick, true);
}
