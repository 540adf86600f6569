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

  /* A lesson counts as read when its end comes into view. */
  function markRead(el) {
    var m = el.getAttribute("data-module"), l = el.getAttribute("data-lesson");
    update(function (d) {
      d.lessons[m] = d.lessons[m] || {};
      if (!d.lessons[m][l]) d.lessons[m][l] = now();
    });
  }
  var end = document.querySelector(".hm-lesson-end");
  if (end) {
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (es) {
        es.forEach(function (e) { if (e.isIntersecting) { markRead(end); io.disconnect(); } });
      });
      io.observe(end);
    } else { markRead(end); }
  }
})();
