// Shared by every page behind sign-in: the header (account, plan, user, sign out), a page view,
// explicit `uptake.track` calls for buttons marked `data-track`, and a toast for every action.
// Buttons marked `data-uptake-feature` are tracked by the SDK itself (trackClicks).
import { clearSession, currentSession } from './session.js';
import { withUptake } from './uptake-ready.js';

/** @param {string} tag @param {string} [className] @param {string} [text] */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Shows a short confirmation at the bottom of the page. @param {string} text */
export function toast(text) {
  const box = document.getElementById('toast') ?? document.body.appendChild(el('div', 'toast'));
  box.id = 'toast';
  box.setAttribute('role', 'status');
  box.textContent = text;
  box.classList.add('visible');
  clearTimeout(Number(box.dataset.timer));
  box.dataset.timer = String(setTimeout(() => box.classList.remove('visible'), 2500));
}

/** Tracks a feature explicitly (for actions that carry properties). @param {string} event @param {Record<string, unknown>} [properties] */
export function track(event, properties = {}) {
  void withUptake((uptake) => uptake.track(event, properties));
}

function renderHeader(session) {
  const slot = document.getElementById('account-bar');
  if (!slot) return;
  const { user, account } = session;
  const who = el('div', 'who');
  who.append(el('strong', '', account.name), el('span', `plan plan-${account.plan}`, account.plan), el('span', 'muted', `${account.seats} seats`));
  const me = el('div', 'me');
  me.append(el('span', 'avatar', user.name.split(' ').map((p) => p[0]).join('')), el('span', '', user.name));
  const signOut = el('button', 'link-button', 'Sign out');
  signOut.type = 'button';
  signOut.id = 'sign-out';
  signOut.addEventListener('click', async () => {
    await withUptake((uptake) => uptake.reset());
    clearSession();
    location.href = '/app/';
  });
  me.append(signOut);
  slot.append(who, me);
  for (const link of document.querySelectorAll('nav a')) if (link.getAttribute('href') === location.pathname) link.setAttribute('aria-current', 'page');
}

/** Starts a page behind sign-in; returns the session, or null after redirecting to sign-in. */
export function startPage() {
  const session = currentSession();
  if (!session) {
    location.replace('/app/');
    return null;
  }
  renderHeader(session);
  void withUptake((uptake) => uptake.page(document.body.dataset.page ?? document.title));
  document.addEventListener('click', (event) => {
    const target = /** @type {Element} */ (event.target).closest('[data-track], [data-uptake-feature]');
    if (!(target instanceof HTMLElement)) return;
    const name = target.dataset.track ?? target.dataset.uptakeFeature ?? '';
    if (target.dataset.track) track(target.dataset.track, target.dataset.props ? JSON.parse(target.dataset.props) : {});
    toast(target.dataset.done ?? `${name} ✓`);
  });
  return session;
}
