import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SNIPPET_METHODS, snippetCode, snippetHtml } from './snippet.js';

function runSnippet(existing?: unknown) {
  const appended: { src?: string; async?: boolean; attributes: Record<string, string> }[] = [];
  const document = {
    createElement: () => ({ attributes: {} as Record<string, string>, setAttribute(name: string, value: string) { this.attributes[name] = value; } }),
    head: { appendChild: (el: (typeof appended)[number]) => appended.push(el) },
  };
  const window: { uptake?: unknown } = { uptake: existing };
  runInNewContext(snippetCode('https://c.example.com/sdk/uptake.js', 'wk_demo'), { window, document });
  return { window, appended };
}

describe('snippet', () => {
  it('queues every API call made before uptake.js loads, in order', () => {
    const { window } = runSnippet();
    const uptake = window.uptake as Record<string, (...a: unknown[]) => void> & unknown[];
    for (const method of SNIPPET_METHODS) expect(typeof uptake[method]).toBe('function');
    uptake.identify('u1', { role: 'admin' });
    uptake.track('Report Exported');
    expect(JSON.parse(JSON.stringify([...uptake]))).toEqual([['identify', 'u1', { role: 'admin' }], ['track', 'Report Exported']]);
  });

  it('loads uptake.js asynchronously with the write key on the tag', () => {
    const { appended } = runSnippet();
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ src: 'https://c.example.com/sdk/uptake.js', async: true, attributes: { 'data-write-key': 'wk_demo' } });
  });

  it('does nothing when the SDK is already loaded', () => {
    const loaded = { track() {} };
    const { window, appended } = runSnippet(loaded);
    expect(window.uptake).toBe(loaded);
    expect(appended).toHaveLength(0);
  });

  it('escapes "<" so the HTML form cannot close its script early', () => {
    expect(snippetHtml('https://c.example.com/</script>.js', 'wk')).not.toContain('</script>.js');
  });
});
