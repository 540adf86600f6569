/* Humiao quiz page: practice (feedback at once) and assessment (no key in the page).
   State is kept by bank and question ids, so the zh and en pages share it. */
(function () {
  "use strict";
  var root = document.querySelector(".hm-quiz");
  if (!root || !window.Humiao) return;
  var H = window.Humiao;
  var bank = root.getAttribute("data-bank");
  var version = parseInt(root.getAttribute("data-version"), 10);
  var mode = root.getAttribute("data-mode");
  var passMark = parseFloat(root.getAttribute("data-pass"));
  var draw = parseInt(root.getAttribute("data-draw"), 10);
  var form = root.querySelector("form");
  var result = root.querySelector(".hm-result");
  var S = JSON.parse(root.querySelector(".hm-quiz-strings").textContent);
  var keyEl = root.querySelector(".hm-quiz-key");
  var key = keyEl ? JSON.parse(keyEl.textContent) : null;
  var fieldsets = [], byId = {};

  root.classList.add("hm-js");
  function fmt(s, o) { return s.replace(/\{(\w+)\}/g, function (_, k) { return o[k]; }); }
  function say(text) { result.textContent = text; }
  if (!H.persistent()) {
    var warn = document.createElement("p"); warn.className = "hm-note"; warn.setAttribute("role", "alert");
    warn.textContent = S.storage; root.insertBefore(warn, form);
  }

  function chosen(f) {
    return Array.prototype.filter.call(f.querySelectorAll("input"), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
  }
  function state() { var d = H.load(); return d.quiz[bank] || null; }
  function keep(fn) { H.update(function (d) { var s = d.quiz[bank] || fresh(); fn(s); d.quiz[bank] = s; }); }

  function shuffle(a) {
    for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }
  function fresh() {
    var ids = fieldsets.map(function (f) { return f.getAttribute("data-q"); });
    var order = mode === "assessment" ? drawByBlueprint(ids) : ids;
    return { version: version, order: order, answers: {}, started_at: H.now() };
  }
  // The assessment's blueprint (its bank's `blueprint`; the trainer's export checks every attempt
  // against it in humiao/blueprint.py): each module of the learner's role gives its least number of
  // questions first, the rest come at random from those modules; no module outside the role.
  function drawByBlueprint(ids) {
    var bp = root.getAttribute("data-blueprint");
    if (!bp) return shuffle(ids.slice()).slice(0, draw);
    bp = JSON.parse(bp);
    var role = (H.load().learner || {}).role, known = {}, pool = {}, chosen = [], rest = [];
    Object.keys(bp.audiences).forEach(function (m) { bp.audiences[m].forEach(function (r) { known[r] = 1; }); });
    ids.forEach(function (id) {
      var m = byId[id].getAttribute("data-module"), roles = bp.audiences[m] || [];
      if (!known[role] || roles.indexOf(role) >= 0) (pool[m] = pool[m] || []).push(id);
    });
    Object.keys(pool).sort().forEach(function (m) {
      var n = Math.min(pool[m].length, bp.always[m] || bp.each_module || 0);
      var mine = shuffle(pool[m].slice());
      chosen = chosen.concat(mine.slice(0, n)); rest = rest.concat(mine.slice(n));
    });
    return shuffle(chosen.concat(shuffle(rest).slice(0, draw - chosen.length)));
  }

  function layout(s) {
    fieldsets.forEach(function (f) { f.hidden = s.order.indexOf(f.getAttribute("data-q")) < 0; });
    s.order.forEach(function (id, n) {
      var f = byId[id]; if (!f) return;
      form.insertBefore(f, form.querySelector(".hm-actions"));
      var num = f.querySelector(".hm-q-n");
      if (num) num.textContent = num.textContent.replace(/\d+/, n + 1);
    });
    fieldsets.forEach(function (f) {
      var a = s.answers[f.getAttribute("data-q")] || [];
      Array.prototype.forEach.call(f.querySelectorAll("input"), function (i) { i.checked = a.indexOf(i.value) >= 0; });
      var fb = f.querySelector(".hm-fb"); if (fb) { fb.textContent = ""; fb.className = "hm-fb"; }
    });
  }

  function check(f) {
    var id = f.getAttribute("data-q"), k = key[id], a = chosen(f), fb = f.querySelector(".hm-fb");
    fb.innerHTML = "";
    if (!a.length) { fb.textContent = S.choose; return; }
    var right = a.length === k.answer.length && a.every(function (x) { return k.answer.indexOf(x) >= 0; });
    var some = a.some(function (x) { return k.answer.indexOf(x) >= 0; });
    var head = document.createElement("p");
    head.className = right ? "hm-right" : "hm-wrong";
    head.textContent = right ? S.right : (f.getAttribute("data-type") === "multiple" && some ? S.partly : S.wrong);
    fb.appendChild(head);
    var ul = document.createElement("ul");
    a.forEach(function (x) { var li = document.createElement("li"); li.textContent = k.feedback[x]; ul.appendChild(li); });
    fb.appendChild(ul);
    if (!right) {
      var p = document.createElement("p"), link = document.createElement("a");
      link.href = k.see; link.textContent = S.readAgain + k.seeTitle; p.appendChild(link); fb.appendChild(p);
    }
    fb.className = "hm-fb " + (right ? "is-right" : "is-wrong");
  }

  /* After a pass: where to go next (the next module in the catalog, or My progress). */
  function nextStep() {
    var p = document.createElement("p"), a = document.createElement("a"), href = root.getAttribute("data-next-href");
    p.className = "hm-next";
    a.className = "md-button md-button--primary";
    a.href = href || root.getAttribute("data-progress-href");
    a.textContent = href ? S.next + root.getAttribute("data-next-title") : S.allDone;
    p.appendChild(a);
    if (href) {
      var b = document.createElement("a"); b.className = "md-button"; b.href = root.getAttribute("data-progress-href");
      b.textContent = S.progress; p.appendChild(document.createTextNode(" ")); p.appendChild(b);
    }
    result.appendChild(p);
  }

  /* An assessment's pool (every question, of which a few are drawn) comes from a script beside the
     page (quiz_pages.pool_script), so the page's HTML stays small; its placeholder keeps the buttons
     below the screen until the drawn questions take its place, so nothing moves. */
  var slot = form.querySelector(".hm-pool");
  if (!slot) return start(form.querySelectorAll(".hm-q"));
  var tag = document.createElement("script");
  tag.src = slot.getAttribute("data-src");
  tag.onload = function () {
    var t = document.createElement("template");
    t.innerHTML = (window.HumiaoPool || {}).bank === bank ? window.HumiaoPool.html : "";
    start(t.content.querySelectorAll(".hm-q"));
    slot.parentNode.removeChild(slot);
  };
  tag.onerror = function () { slot.parentNode.removeChild(slot); failed(); };
  document.body.appendChild(tag);

  /* One point for a question answered exactly right: the chosen options, as a set, are the key's. The
     trainer's export grades so (quizzes.grade); tests/vectors/grading.json holds both to it. */
  function isRight(k, a) {
    var u = a.filter(function (x, i) { return a.indexOf(x) === i; });
    return u.length === k.length && u.every(function (x) { return k.indexOf(x) >= 0; });
  }

  function failed() { form.querySelector(".hm-actions").hidden = true; say(S.poolFailed); }

  function start(list) {
    fieldsets = Array.prototype.slice.call(list);
    fieldsets.forEach(function (f) { byId[f.getAttribute("data-q")] = f; });
    if (!fieldsets.length) return failed();
    var s = state();
    if (!s || s.version !== version || !s.order || !s.order.every(function (id) { return byId[id]; })) {
      s = fresh(); keep(function (x) { x.version = s.version; x.order = s.order; x.answers = {}; x.started_at = s.started_at; });
    } else if (Object.keys(s.answers).length) {
      say(S.restored);
    }
    layout(s);
    if (mode === "assessment") say(fmt(S.drawn, { n: s.order.length }));

    form.addEventListener("change", function (e) {
      var f = e.target.closest(".hm-q"); if (!f) return;
      var id = f.getAttribute("data-q"), a = chosen(f);
      keep(function (x) { x.answers[id] = a; });
    });
    form.addEventListener("click", function (e) {
      var b = e.target.closest(".hm-check");
      if (b && key) check(b.closest(".hm-q"));
      if (e.target.closest(".hm-retry")) {
        var n = fresh();
        if (mode === "practice") n.order = shuffle(n.order);
        keep(function (x) { x.version = n.version; x.order = n.order; x.answers = {}; x.started_at = n.started_at; });
        layout(n); say(mode === "assessment" ? fmt(S.drawn, { n: n.order.length }) : "");
        var first = byId[n.order[0]].querySelector("input"); if (first) first.focus();
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var cur = state() || s, answers = {}, missing = 0;
      cur.order.forEach(function (id) { var a = chosen(byId[id]); answers[id] = a; if (!a.length) missing++; });
      if (missing) { say(fmt(S.unanswered, { n: missing })); return; }
      var attempt = { id: H.uuid(), bank: bank, bank_version: version, mode: mode, started_at: cur.started_at,
                      submitted_at: H.now(), asked: cur.order.slice(), answers: answers, claimed: null };
      var msg;
      if (key) {
        var correct = cur.order.filter(function (id) { return isRight(key[id].answer, answers[id]); }).length, total = cur.order.length, passed = correct / total >= passMark - 1e-9;
        attempt.claimed = { correct: correct, total: total, passed: passed };
        fieldsets.forEach(function (f) { if (!f.hidden) check(f); });
        msg = fmt(S.score, { correct: correct, total: total, pct: Math.round(100 * correct / total) }) + " " + (passed ? S.passed : S.failed);
      } else {
        msg = S.submitted;
      }
      H.update(function (d) { d.attempts.push(attempt); });
      keep(function (x) { x.started_at = H.now(); });   // a resubmission is a new attempt: it starts now
      say(msg);
      if (attempt.claimed && attempt.claimed.passed) nextStep();
      result.setAttribute("tabindex", "-1"); result.focus();
    });
  }
})();
