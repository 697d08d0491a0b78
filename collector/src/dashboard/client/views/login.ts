// The key prompt: the dashboard route is public, the reports are not, so the page asks for the
// project's secret key or a token (SPEC §16) and checks it against the API before keeping it for this tab.
import { h } from '../dom.js';

/**
 * The key form. `check` resolves with an error message to show, or null when the key works.
 * @example replaceChildren(root, loginView({ message: null, check: tryKey }))
 */
export function loginView(options: { message: string | null; check: (secretKey: string) => Promise<string | null> }): HTMLElement {
  const input = h('input', { attrs: { id: 'secret-key', name: 'secretKey', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'sk_… or ut_…' } });
  const alert = h('p', { class: 'form-error', attrs: { role: 'alert', id: 'login-error' } }, options.message ?? '');
  const button = h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Open dashboard');
  const form = h(
    'form',
    {
      class: 'login-form',
      attrs: { 'aria-labelledby': 'login-title', novalidate: true },
      on: {
        submit: async (event) => {
          event.preventDefault();
          const secretKey = input.value.trim();
          if (!secretKey) {
            alert.textContent = 'Enter the secret key or a token first.';
            input.focus();
            return;
          }
          button.disabled = true;
          button.textContent = 'Checking…';
          const problem = await options.check(secretKey);
          if (problem !== null) {
            alert.textContent = problem;
            button.disabled = false;
            button.textContent = 'Open dashboard';
            input.select();
          }
        },
      },
    },
    h('label', { attrs: { for: 'secret-key' } }, 'Secret key or token'),
    input,
    alert,
    button,
  );
  queueMicrotask(() => input.focus());
  return h(
    'section',
    { class: 'login' },
    h(
      'div',
      { class: 'login-card' },
      h('div', { class: 'brand large' }, h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), 'Uptake'),
      h('h1', { attrs: { id: 'login-title' } }, 'Account analytics'),
      h(
        'p',
        { class: 'muted' },
        'Enter your project’s secret key (',
        h('code', null, 'secretKey'),
        ' in uptake.config.json) or a token you were given (',
        h('code', null, 'ut_…'),
        '). It is kept for this browser tab only and sent only to this collector.',
      ),
      form,
    ),
  );
}
