/* Humiao resource directory: filter entries by district, type, audience and text.
   Without JavaScript the page is a plain list grouped by type. */
(function () {
  "use strict";
  var form = document.querySelector(".hm-filters");
  if (!form) return;
  var entries = Array.prototype.slice.call(document.querySelectorAll(".hm-entry"));
  var count = form.querySelector(".hm-filter-count");
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  var KEY = "humiao.district";
  try { var saved = localStorage.getItem(KEY); if (saved) form.elements.area.value = saved; } catch (e) { /* no storage */ }
  function apply() {
    var area = form.elements.area.value, type = form.elements.type.value, aud = form.elements.audience.value,
        q = form.elements.q.value.trim().toLowerCase(), shown = 0;
    entries.forEach(function (e) {
      var a = e.getAttribute("data-area");
      var ok = (!area || a === area || a === "national" || a === "tianjin" || a === "every-district") &&
               (!type || e.getAttribute("data-type") === type) &&
               (!aud || e.getAttribute("data-audience").split(" ").indexOf(aud) >= 0) &&
               (!q || e.textContent.toLowerCase().indexOf(q) >= 0);
      e.hidden = !ok; if (ok) shown++;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".hm-entries"), function (g) {
      var any = Array.prototype.some.call(g.querySelectorAll(".hm-entry"), function (e) { return !e.hidden; });
      g.hidden = !any;
      var h = g.previousElementSibling; if (h && /^H2$/.test(h.tagName)) h.hidden = !any;
    });
    count.textContent = zh ? "显示 " + shown + " 条" : shown + " shown";
  }
  form.addEventListener("input", function () {
    try { localStorage.setItem(KEY, form.elements.area.value); } catch (e) { /* no storage */ }
    apply();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
