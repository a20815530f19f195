// The panel's small behaviours (no inline scripts: the CSP allows only files from /static).
(function () {
  'use strict';

  // Theme: auto → dark → light → auto, remembered in a cookie the server reads (no flash on load).
  var THEMES = ['auto', 'dark', 'light'];
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-theme-toggle]');
    if (!button) return;
    var root = document.documentElement;
    var current = root.getAttribute('data-theme') || 'auto';
    var next = THEMES[(THEMES.indexOf(current) + 1) % THEMES.length];
    root.setAttribute('data-theme', next);
    document.cookie = 'agahi.theme=' + next + '; path=/; max-age=31536000; SameSite=Lax';
    var label = button.querySelector('[data-theme-label]');
    if (label) label.textContent = button.getAttribute('data-label-' + next) || next;
  });

  // Select-all checkbox for bulk actions, and the live count of selected rows.
  function updateCount(form) {
    var count = form.querySelectorAll('input[data-row-select]:checked').length;
    var out = form.querySelector('[data-selected-count]');
    if (out) out.textContent = String(count);
    form.querySelectorAll('[data-needs-selection]').forEach(function (b) { b.disabled = count === 0; });
  }
  document.addEventListener('change', function (event) {
    var target = event.target;
    var form = target.form;
    if (!form) return;
    if (target.matches('[data-select-all]')) {
      form.querySelectorAll('input[data-row-select]').forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches('[data-select-all], [data-row-select]')) updateCount(form);
  });
  document.querySelectorAll('form[data-bulk]').forEach(updateCount);

  // Confirmation before destructive actions: <form data-confirm="text">.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var text = form.getAttribute('data-confirm');
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute('data-confirm')) text = submitter.getAttribute('data-confirm');
    if (text && !window.confirm(text)) event.preventDefault();
  });

  // Canned rejection reasons: picking one fills the reason box (still editable).
  document.addEventListener('change', function (event) {
    var select = event.target.closest('select[data-fills]');
    if (!select) return;
    var box = document.getElementById(select.getAttribute('data-fills'));
    var option = select.options[select.selectedIndex];
    if (box && option && option.getAttribute('data-text') !== null) box.value = option.getAttribute('data-text');
  });
})();
