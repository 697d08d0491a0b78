// The sign-in picker: choosing a person identifies them and groups them with their account
// (plan, seats and MRR as group traits), then opens the invoices page.
import { ACCOUNTS, USERS, accountById } from './accounts.js';
import { saveSession } from './session.js';
import { flushBeforeLeaving, withUptake } from './uptake-ready.js';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** @param {string} tag @param {string} [className] @param {string} [text] */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {typeof USERS[number]} user */
async function signIn(user) {
  const account = accountById(user.accountId);
  if (!account) return;
  saveSession(user.id);
  await withUptake((uptake) => {
    uptake.identify(user.id, { email: user.email, name: user.name, role: user.role });
    uptake.group(account.id, { name: account.name, plan: account.plan, seats: account.seats, mrr: account.mrr, createdAt: account.createdAt });
  });
  await flushBeforeLeaving();
  location.href = '/app/invoices.html';
}

function render() {
  const list = /** @type {HTMLElement} */ (document.getElementById('user-list'));
  for (const account of ACCOUNTS) {
    const group = el('li', 'account-group');
    const heading = el('div', 'account-heading');
    heading.append(el('strong', '', account.name), el('span', `plan plan-${account.plan}`, account.plan));
    heading.append(el('span', 'muted', `${account.seats} seats · ${account.mrr ? `${money.format(account.mrr)}/mo` : 'no MRR'}`));
    group.append(heading);
    for (const user of USERS.filter((u) => u.accountId === account.id)) {
      const button = el('button', 'user-button');
      button.type = 'button';
      button.dataset.userId = user.id;
      button.append(el('span', 'avatar', user.name.split(' ').map((p) => p[0]).join('')), el('span', 'user-name', user.name), el('span', 'muted', user.role));
      button.addEventListener('click', () => {
        button.disabled = true;
        void signIn(user);
      });
      group.append(button);
    }
    list.append(group);
  }
}

render();
