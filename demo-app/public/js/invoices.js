// Invoices page: new invoices appear in the table; Send, Record payment and Remind update a row.
import { el, startPage, track } from './app-shell.js';

const session = startPage();
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const CLIENTS = ['Northwind Traders', 'Contoso Ltd', 'Fabrikam', 'Tailspin Toys', 'Wide World Importers', 'Litware'];
let nextNumber = 1042;

/** @param {{ client: string, amount: number, status: string }} invoice */
function addRow(invoice) {
  const body = /** @type {HTMLElement} */ (document.getElementById('invoice-rows'));
  const row = el('tr');
  const number = `INV-${nextNumber++}`;
  const status = el('span', `status status-${invoice.status.toLowerCase()}`, invoice.status);
  const actions = el('td', 'actions');
  const send = el('button', 'small', 'Send');
  send.type = 'button';
  send.addEventListener('click', () => {
    track('Invoice Sent', { channel: 'email' });
    status.textContent = 'Sent';
    status.className = 'status status-sent';
  });
  const pay = el('button', 'small', 'Record payment');
  pay.type = 'button';
  pay.addEventListener('click', () => {
    track('Payment Recorded', { method: 'bank transfer' });
    status.textContent = 'Paid';
    status.className = 'status status-paid';
  });
  const remind = el('button', 'small ghost', 'Remind');
  remind.type = 'button';
  remind.dataset.uptakeFeature = 'Reminder Scheduled';
  remind.dataset.done = `Reminder scheduled for ${number}`;
  actions.append(send, pay, remind);
  const statusCell = el('td');
  statusCell.append(status);
  row.append(el('td', 'mono', number), el('td', '', invoice.client), el('td', 'num', money.format(invoice.amount)), statusCell, actions);
  body.prepend(row);
  return number;
}

if (session) {
  [
    { client: 'Contoso Ltd', amount: 4200, status: 'Paid' },
    { client: 'Fabrikam', amount: 1875.5, status: 'Sent' },
    { client: 'Tailspin Toys', amount: 960, status: 'Overdue' },
    { client: 'Litware', amount: 3120, status: 'Draft' },
  ].forEach(addRow);
  document.getElementById('new-invoice')?.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.currentTarget);
    const number = addRow({ client: CLIENTS[nextNumber % CLIENTS.length], amount: 250 + ((nextNumber * 377) % 5000), status: 'Draft' });
    button.dataset.done = `${number} created`;
  });
}
