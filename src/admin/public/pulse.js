// Live dashboard numbers: GET /api/staff/pulse every 10 s while the page is visible.
(function () {
  'use strict';
  var root = document.querySelector('[data-pulse-root]');
  if (!root) return;
  var lang = document.documentElement.lang === 'fa' ? 'fa-IR' : 'en-GB';
  var numbers = new Intl.NumberFormat(lang);
  var onlineText = root.getAttribute('data-online') || 'online';
  var offlineText = root.getAttribute('data-offline') || 'offline';
  var timer = null;

  function apply(pulse) {
    root.querySelectorAll('[data-pulse]').forEach(function (el) {
      var value = pulse[el.getAttribute('data-pulse')];
      if (typeof value === 'number') el.textContent = numbers.format(value);
    });
    Object.keys(pulse.botOnline || {}).forEach(function (id) {
      var badge = root.querySelector('[data-bot-online="' + id + '"]');
      if (!badge) return;
      var online = pulse.botOnline[id] === true;
      badge.textContent = online ? onlineText : offlineText;
      badge.className = 'badge ' + (online ? 'online' : 'offline');
    });
    var stamp = root.querySelector('[data-pulse-time]');
    if (stamp) stamp.textContent = new Date(pulse.generatedAt).toLocaleTimeString(lang);
  }

  function tick() {
    if (document.hidden) return;
    fetch('/api/staff/pulse', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (pulse) { if (pulse) apply(pulse); })
      .catch(function () { /* next tick tries again */ });
  }

  timer = window.setInterval(tick, 10000);
  document.addEventListener('visibilitychange', function () { if (!document.hidden) tick(); });
  window.addEventListener('pagehide', function () { window.clearInterval(timer); });
})();
