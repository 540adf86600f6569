/* Humiao resource directory: filter entries by district, type, audience and text; the reader's
   district (Humiao.district, humiao.js) is chosen at first and its entries come first.
   Without JavaScript the page is a plain list grouped by type.
   The wallet card and the resource sheet: a district select prints that district's lines with the city-wide and national ones. */
(function () {
  "use strict";
  var H = window.Humiao || {};
  var reader = H.district ? H.district() : "";
  /* The areas that are not a district (city-wide, national): the page's data block (scripts/humiao/vocab.py). */
  var vocabEl = document.querySelector("script.hm-vocab");
  var CITY = vocabEl ? JSON.parse(vocabEl.textContent).cityWide : {};
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  function each(sel, fn) { Array.prototype.forEach.call(document.querySelectorAll(sel), fn); }
  function hasOption(select, v) { return Array.prototype.some.call(select.options, function (o) { return o.value === v; }); }

  /* --- the directory page ------------------------------------------------------------ */
  var form = document.querySelector(".hm-filters");
  if (form) {
    var groups = Array.prototype.map.call(document.querySelectorAll(".hm-entries"), function (g) {
      return { box: g, entries: Array.prototype.slice.call(g.querySelectorAll(".hm-entry")) };
    });
    var count = form.querySelector(".hm-filter-count");
    if (reader && hasOption(form.elements.area, reader)) form.elements.area.value = reader;
    var apply = function () {
      var area = form.elements.area.value, type = form.elements.type.value, aud = form.elements.audience.value,
          q = form.elements.q.value.trim().toLowerCase(), shown = 0;
      groups.forEach(function (g) {
        var list = H.byDistrict ? H.byDistrict(g.entries, function (e) { return e.getAttribute("data-area"); }, area) : g.entries;
        var any = false;
        list.forEach(function (e) {
          var a = e.getAttribute("data-area");
          var ok = (!area || a === area || a in CITY) &&
                   (!type || e.getAttribute("data-type") === type) &&
                   (!aud || e.getAttribute("data-audience").split(" ").indexOf(aud) >= 0) &&
                   (!q || e.textContent.toLowerCase().indexOf(q) >= 0);
          e.hidden = !ok; if (ok) { shown++; any = true; }
          g.box.appendChild(e);
        });
        g.box.hidden = !any;
        var h = g.box.previousElementSibling; if (h && /^H2$/.test(h.tagName)) h.hidden = !any;
      });
      count.textContent = zh ? "显示 " + shown + " 条" : shown + " shown";
    };
    form.addEventListener("input", function (ev) {
      if (ev.target === form.elements.area && H.setDistrict) H.setDistrict(form.elements.area.value);
      apply();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* --- the wallet card and the resource sheet: print for one district ------------------ */
  var pick = document.querySelector(".hm-district-pick");
  if (pick) {
    var sel = pick.querySelector("select");
    if (reader && hasOption(sel, reader)) sel.value = reader;
    var show = function () {
      var d = sel.value, name = d ? sel.options[sel.selectedIndex].text : "";
      each(".hm-district-scope [data-area]", function (row) {
        var a = row.getAttribute("data-area");
        row.hidden = !(a in CITY || (d && a === d));
      });
      each(".hm-district-name", function (s) { s.textContent = name ? (s.getAttribute("data-prefix") || "") + name : ""; });
      each(".hm-district-blank", function (s) { s.hidden = !!name; });
    };
    sel.addEventListener("change", function () { if (H.setDistrict) H.setDistrict(sel.value); show(); });
    pick.hidden = false;
    show();
  }
})();
