import { startRegister } from './register';

// Small progressive enhancements. Every page works without this file.

// Move focus to the error summary after a failed submit, so keyboard and screen-reader users land on it.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector<HTMLElement>('.error-summary');
  if (summary) summary.focus();
});

// Ask for confirmation on buttons that carry data-confirm (cancelling, deleting…).
document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  const message = form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) event.preventDefault();
});

// The daily register: offline queue of check-ins (src/client/register.ts).
document.addEventListener('DOMContentLoaded', startRegister);
