/* Humiao referral guide: one question at a time, then what to do and whom to contact.
   Data: #hm-referral-data (from data/referral.yml). Without JavaScript the page shows the whole tree. */
(function () {
  "use strict";
  var dataEl = document.getElementById("hm-referral-data"), app = document.getElementById("hm-referral-app");
  if (!dataEl || !app) return;
  var D = JSON.parse(dataEl.textContent), S = D.strings, H = window.Humiao;
  var status = document.getElementById("hm-referral-status");
  var m = /[?&]start=([\w-]+)/.exec(location.search);
  var first = m && D.questions[m[1]] ? m[1] : D.start;
  var trail = []; // answers given: {q: question id, a: answer index}
  // Each answer is a history entry, so the phone's Back button steps back through the guide
  // instead of leaving it and losing the walk.
  function go(next) {
    trail = next;
    try { history.pushState({ hmReferral: trail }, ""); } catch (e) { /* file:// in some browsers */ }
    render(true);
  }
  window.addEventListener("popstate", function (ev) {
    var st = ev.state && ev.state.hmReferral;
    trail = st && valid(st) ? st : [];
    render(true);
  });
  function valid(t) {   // a saved walk still fits the guide (it may have changed since)
    var id = first;
    return Array.isArray(t) && t.every(function (x) {
      var q = D.questions[id];
      if (!q || x.q !== id || !q.answers[x.a]) return false;
      id = q.answers[x.a].next;
      return true;
    });
  }

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    (kids == null ? [] : [].concat(kids)).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function button(text, cls, fn) {
    var b = el("button", { type: "button", "class": "md-button" + (cls ? " " + cls : "") }, text);
    b.addEventListener("click", fn);
    return b;
  }
  function list(tag, items) { return el(tag, null, items.map(function (t) { return el("li", null, t); })); }
  function getDistrict() { var d = H.district(); return d in D.districts ? d : ""; }
  function current() {
    if (!trail.length) return first;
    var t = trail[trail.length - 1];
    return D.questions[t.q].answers[t.a].next;
  }
  function local(c) { return !(c.area in D.cityWide); }

  // Need first (contact types in outcome order, #14), then the reader's district (humiao.js).
  function contacts(o, ul) {
    var d = getDistrict(), kinds = [];
    ul.textContent = "";
    o.contacts.forEach(function (c) { if (kinds.indexOf(c.type) < 0) kinds.push(c.type); });
    o.contacts.map(function (c, i) { return [kinds.indexOf(c.type), H.areaRank(c.area, d), i, c]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; }).forEach(function (x) {
      var c = x[3];
      if (d && local(c) && c.area !== d) return;
      var li = el("li", { "data-area": c.area }, el("strong", null, c.name));
      if (c.areaName) li.appendChild(document.createTextNode(" (" + c.areaName + ")"));
      c.phones.forEach(function (p) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("a", { "class": "hm-tel", href: p.tel }, p.n));
      });
      if (c.hours) li.appendChild(el("small", null, [el("br"), c.hours]));
      if (c.how) li.appendChild(el("small", null, [el("br"), c.how]));
      ul.appendChild(li);
    });
  }

  function districtPicker(o, ul) {
    var sel = el("select", { name: "district" }, el("option", { value: "" }, S.allDistricts));
    for (var k in D.districts) sel.appendChild(el("option", { value: k }, D.districts[k]));
    sel.value = getDistrict();
    sel.addEventListener("change", function () {
      H.setDistrict(sel.value);
      contacts(o, ul);
    });
    return el("p", null, el("label", null, [S.district + " ", sel]));
  }

  function render(focus) {
    var id = current(), q = D.questions[id], o = D.outcomes[id], h;
    app.textContent = "";
    if (q) {
      app.appendChild(el("p", { "class": "hm-r-step" }, S.question.replace("{n}", trail.length + 1)));
      h = el("h2", { tabindex: "-1", id: "hm-r-heading", "data-question": id }, q.text);
      app.appendChild(h);
      if (q.hint) app.appendChild(el("p", { "class": "hm-r-hint" }, q.hint));
      var group = el("div", { "class": "hm-r-answers", role: "group", "aria-labelledby": "hm-r-heading" });
      q.answers.forEach(function (a, i) {
        var b = button(a.label, "", function () { go(trail.concat([{ q: id, a: i }])); });
        b.setAttribute("data-next", a.next);
        group.appendChild(b);
      });
      app.appendChild(group);
      say(S.question.replace("{n}", trail.length + 1));
    } else {
      app.appendChild(el("p", null, el("span", { "class": "hm-r-urgency hm-r-" + o.urgency }, o.urgencyLabel)));
      h = el("h2", { tabindex: "-1", id: "hm-r-heading" }, o.title);
      app.appendChild(h);
      var box = el("div", { "class": "hm-r-outcome", "data-outcome": id, "data-urgency": o.urgency });
      box.appendChild(el("h3", null, S.steps));
      box.appendChild(list("ol", o.steps));
      box.appendChild(el("p", { "class": "hm-r-safety" }, S.safety));
      box.appendChild(el("h3", null, S.contacts));
      var ul = el("ul", { "class": "hm-r-contacts" });
      if (o.contacts.some(local)) box.appendChild(districtPicker(o, ul));
      contacts(o, ul);
      box.appendChild(ul);
      box.appendChild(el("h3", null, S.record));
      box.appendChild(list("ul", o.record));
      box.appendChild(el("h3", null, S.avoid));
      box.appendChild(list("ul", o.avoid));
      if (trail.length) {
        box.appendChild(el("h3", null, S.answers));
        box.appendChild(el("ol", { "class": "hm-r-summary" }, trail.map(function (t) {
          var tq = D.questions[t.q];
          return el("li", null, [tq.text + " ", el("strong", null, tq.answers[t.a].label)]);
        })));
      }
      if (o.read.length) {
        box.appendChild(el("h3", null, S.read));
        box.appendChild(el("ul", null, o.read.map(function (r) { return el("li", null, el("a", { href: r.href }, r.title)); })));
      }
      app.appendChild(box);
      say(S.result + ": " + o.urgencyLabel);
    }
    var nav = el("p", { "class": "hm-r-nav" });
    if (trail.length) {
      nav.appendChild(button("← " + S.back, "hm-r-back", function () {
        if (history.state && history.state.hmReferral) history.back(); else { trail = trail.slice(0, -1); render(true); }
      }));
      nav.appendChild(button(S.restart, "hm-r-restart", function () { go([]); }));
    }
    app.appendChild(nav);
    if (focus) h.focus();
  }
  function say(text) { if (status) status.textContent = text; }

  var fallback = document.getElementById("hm-referral-static");
  if (fallback) fallback.hidden = true;
  app.hidden = false;
  // Back into the guide from another page: the walk resumes; a new visit starts at question 1.
  var nav = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  var saved = nav && nav.type === "back_forward" && history.state && history.state.hmReferral;
  if (saved && valid(saved)) trail = saved;
  try { history.replaceState({ hmReferral: trail }, ""); } catch (e) { /* ignore */ }
  render(false);
})();
