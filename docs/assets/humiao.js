/* Humiao site-wide script: the learner's store (this browser only) and lesson progress.
   Quiz, progress and directory pages load their own small scripts on top of this. */
(function () {
  "use strict";
  var KEY = "humiao.v1";
  var memory = null; // used when storage is blocked (private mode) or full

  function storageWorks() {
    try {
      var k = "humiao.test";
      window.localStorage.setItem(k, "1");
      window.localStorage.removeItem(k);
      return true;
    } catch (e) { return false; }
  }
  var persistent = storageWorks();

  function empty() { return { learner: null, lessons: {}, attempts: [], quiz: {} }; }

  function load() {
    if (!persistent) return memory || (memory = empty());
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (!data || typeof data !== "object") return empty();
      data.lessons = data.lessons || {}; data.attempts = data.attempts || []; data.quiz = data.quiz || {};
      return data;
    } catch (e) { return empty(); }
  }

  /* Returns false when the data could not be kept (storage full or blocked). */
  function save(data) {
    memory = data;
    if (!persistent) return false;
    try { window.localStorage.setItem(KEY, JSON.stringify(data)); return true; }
    catch (e) { persistent = false; return false; }
  }

  function update(fn) { var d = load(); fn(d); return save(d); }

  function forget() {
    memory = empty();
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); (window.crypto || {}).getRandomValues ? crypto.getRandomValues(b) : b.forEach(function (_, i) { b[i] = Math.random() * 256; });
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function now() { return new Date().toISOString(); }

  window.Humiao = { load: load, save: save, update: update, forget: forget, uuid: uuid, now: now,
                    persistent: function () { return persistent; } };

  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var T = zh ? { read: "✓ 本课已读，已记录在本浏览器中。", hint: "读到这里，本课就记为已读。", lessons: "课文已读 {r}/{t}",
                 passed: "练习已通过", notPassed: "练习未通过", done: "✓ 已完成", mine: "你的进度：", lessonRead: "✓ 已读", quizDone: "✓ 已完成" }
             : { read: "✓ Lesson read: kept in this browser.", hint: "Reaching this point marks the lesson as read.",
                 lessons: "{r} of {t} lessons read", passed: "practice passed", notPassed: "practice not passed yet",
                 done: "✓ Complete", mine: "Your progress: ", lessonRead: "✓ read", quizDone: "✓ done" };

  /* Handouts print on one A4 page in the largest type that fits: a shorter handout gets larger type
     (humiao.css, print). Without JavaScript the smallest size, which fits every handout, applies. */
  var kind = document.querySelector('meta[name="humiao-print"]'), art = document.querySelector("article");
  if (kind && kind.content === "handout" && art) {
    var n = art.innerText.replace(/\s+/g, "").length, tiers = zh ? [700, 1000] : [1800, 2300];
    document.documentElement.classList.add(n < tiers[0] ? "hm-fit-s" : n < tiers[1] ? "hm-fit-m" : "hm-fit-l");
  }

  /* Tables: each cell carries its column's name, so on a phone a row reads as a card (humiao.css). */
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([class])"), function (t) {
    var heads = Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (!heads.some(Boolean)) return;
    Array.prototype.forEach.call(t.querySelectorAll("tbody tr"), function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, i) { if (heads[i]) td.setAttribute("data-label", heads[i]); });
    });
  });

  /* A lesson counts as read when its end (or its references, which close the text) comes into view;
     the box at the end says so. */
  var end = document.querySelector(".hm-lesson-end");
  function showRead() { end.textContent = T.read; end.classList.add("is-read"); }
  function markRead() {
    var m = end.getAttribute("data-module"), l = end.getAttribute("data-lesson");
    update(function (d) {
      d.lessons[m] = d.lessons[m] || {};
      if (!d.lessons[m][l]) d.lessons[m][l] = now();
    });
    showRead();
  }
  if (end) {
    var known = load().lessons[end.getAttribute("data-module")] || {};
    if (known[end.getAttribute("data-lesson")]) showRead(); else end.textContent = T.hint;
    var refs = document.getElementById("references");
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (es) {
        es.forEach(function (e) { if (e.isIntersecting) { markRead(); io.disconnect(); } });
      });
      io.observe(end);
      if (refs) io.observe(refs);
    } else { markRead(); }
  }

  /* Module overview and catalog: the learner's own status. */
  function passed(d, m) {
    return d.attempts.some(function (a) { return a.bank === m && a.mode === "practice" && a.claimed && a.claimed.passed; });
  }
  function status(d, m, lessons) {
    var read = lessons.filter(function (l) { return d.lessons[m] && d.lessons[m][l]; }).length, ok = passed(d, m);
    return { read: read, total: lessons.length, passed: ok, done: ok && read === lessons.length };
  }
  var d0 = load();
  var box = document.querySelector(".hm-module-status");
  if (box) {
    var m = box.getAttribute("data-module"), st = status(d0, m, box.getAttribute("data-lessons").split(" "));
    if (st.read || st.passed) {
      box.textContent = st.done ? T.done : T.mine + T.lessons.replace("{r}", st.read).replace("{t}", st.total) + " · " + (st.passed ? T.passed : T.notPassed);
    }
    Array.prototype.forEach.call(document.querySelectorAll("a[data-lesson]"), function (a) {
      if (d0.lessons[m] && d0.lessons[m][a.getAttribute("data-lesson")]) {
        var s = document.createElement("span"); s.className = "hm-status is-some"; s.textContent = T.lessonRead;
        a.parentNode.insertBefore(s, a.nextSibling);
      }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".hm-mod[data-module]"), function (li) {
    var st = status(d0, li.getAttribute("data-module"), li.getAttribute("data-lessons").split(" ")), out = li.querySelector(".hm-status");
    if (!out || !(st.read || st.passed)) return;
    out.textContent = st.done ? T.done : T.lessons.replace("{r}", st.read).replace("{t}", st.total) + (st.passed ? " · " + T.passed : "");
    out.className = "hm-status " + (st.done ? "is-done" : "is-some");
  });
  /* Quiz list: the practice quizzes already passed, and the assessment already submitted. */
  Array.prototype.forEach.call(document.querySelectorAll("a[data-bank]"), function (a) {
    var b = a.getAttribute("data-bank"), ok = passed(d0, b) ||
      d0.attempts.some(function (x) { return x.bank === b && x.mode === "assessment"; });
    if (!ok) return;
    var s = document.createElement("span"); s.className = "hm-status is-done"; s.textContent = T.quizDone;
    a.parentNode.insertBefore(s, a.nextSibling);
  });
  /* Learning paths: open the learner's own role. */
  var role = d0.learner && d0.learner.role, mine = role && document.querySelector('details.hm-path[data-role="' + role + '"]');
  if (mine) mine.open = true;
})();

/* The reader's district, one home: the one chosen on the directory page or in the referral guide
   (localStorage "humiao.district"; "all" = chosen to see every district), else the district of
   the learner profile (humiao.v1 → learner.district). "" when none is known. Lists of contacts
   (help blocks, directory, referral outcomes) then show that district's entries first, then
   city-wide, then national ones; other districts' entries are left out. */
(function () {
  "use strict";
  var H = window.Humiao, KEY = "humiao.district", SHARED = null;
  if (!H) return;
  H.district = function () {
    var chosen = null;
    try { chosen = window.localStorage.getItem(KEY); } catch (e) { /* no storage */ }
    if (chosen === "all") return "";
    if (chosen) return chosen;
    var learner = H.load().learner, d = learner && learner.district;
    return d && d !== "other" ? d : "";
  };
  H.setDistrict = function (d) {
    try { window.localStorage.setItem(KEY, d || "all"); } catch (e) { /* no storage: this page only */ }
  };
  /* 0: the reader's district, 1: city-wide or in every district, 2: national, 3: another district. */
  /* The areas that are not a district, with their rank: the page's data block (scripts/humiao/vocab.py). */
  function shared() {
    if (!SHARED) {
      var el = document.querySelector("script.hm-vocab");
      SHARED = el ? JSON.parse(el.textContent).cityWide : {};
    }
    return SHARED;
  }
  H.areaRank = function (area, d) {
    var s = shared();
    return area in s ? s[area] : area === d && d ? 0 : 3;
  };
  /* items sorted by areaRank, stable; items for which pinned(x) is true keep their places (the
     danger-now numbers never move down). */
  H.byDistrict = function (items, areaOf, d, pinned) {
    var free = items.filter(function (x) { return !(pinned && pinned(x)); });
    var sorted = free.map(function (x, i) { return [H.areaRank(areaOf(x), d), i, x]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).map(function (a) { return a[2]; });
    var k = 0;
    return items.map(function (x) { return pinned && pinned(x) ? x : sorted[k++]; });
  };
  /* Help blocks: the folded lines, the reader's district first; other districts hidden. */
  var d = H.district();
  if (!d) return;
  Array.prototype.forEach.call(document.querySelectorAll(".hm-help-more ul"), function (ul) {
    var lis = Array.prototype.slice.call(ul.children);
    H.byDistrict(lis, function (li) { return li.getAttribute("data-area") || "national"; }, d).forEach(function (li) {
      li.hidden = H.areaRank(li.getAttribute("data-area") || "national", d) === 3;
      ul.appendChild(li);
    });
  });
})();
