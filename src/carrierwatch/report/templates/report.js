// Severity and text filter for the findings list. No network, no external code.
(function () {
  var boxes = document.querySelectorAll('.filters input[type=checkbox]');
  var search = document.getElementById('q');
  var shown = document.getElementById('shown-count');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var q = (search && search.value || '').toLowerCase();
    var n = 0;
    document.querySelectorAll('article.finding').forEach(function (a) {
      var ok = on[a.dataset.sev] && (!q || a.textContent.toLowerCase().indexOf(q) >= 0);
      a.classList.toggle('hidden', !ok);
      if (ok) { n += 1; }
    });
    if (shown) { shown.textContent = String(n); }
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  if (search) { search.addEventListener('input', apply); }
  apply();
  // Lets tests (and curious readers) see that the page's own script ran under its CSP hash.
  document.documentElement.setAttribute('data-filter', 'ready');
})();
