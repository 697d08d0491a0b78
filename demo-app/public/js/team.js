// Team page: inviting a teammate is a referral (`User Invited`, with the role only — no email leaves the page).
import { startPage, toast, track } from './app-shell.js';

if (startPage()) {
  const form = /** @type {HTMLFormElement} */ (document.getElementById('invite-form'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const role = String(new FormData(form).get('role') ?? 'member');
    track('User Invited', { role });
    form.reset();
    toast(`Invitation sent (${role})`);
  });
}
