/* Humiao "My progress" and certificate pages: profile, progress against the learner's path,
   the completion record download (format: docs/trainers/record-format), .ics reminder, forget me. */
(function () {
  "use strict";
  var H = window.Humiao;
  var catEl = document.getElementById("hm-catalog");
  if (!H || !catEl) return;
  var C = JSON.parse(catEl.textContent);
  var S = JSON.parse(document.getElementById("hm-progress-strings").textContent);
  function fmt(s, o) { return s.replace(/\{(\w+)\}/g, function (_, k) { return o[k]; }); }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }

  /* --- the record: canonical JSON (sorted keys) and its SHA-256 ------------------------ */
  function canonical(v) {
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + canonical(v[k]); }).join(",") + "}";
    }
    return JSON.stringify(v);
  }
  /* SHA-256 in plain JS: crypto.subtle exists only on https and localhost, and this site
     also runs from plain http servers and file://. */
  function sha256(str) {
    var bytes = new TextEncoder().encode(str), K = [], i, j;
    var P = function (n) { for (var d = 2; d * d <= n; d++) if (n % d === 0) return false; return true; };
    for (i = 2, j = 0; j < 64; i++) if (P(i)) K[j++] = (Math.pow(i, 1 / 3) % 1) * 4294967296 | 0;
    var Hh = [], k = 0; for (i = 2; k < 8; i++) if (P(i)) Hh[k++] = (Math.pow(i, 1 / 2) % 1) * 4294967296 | 0;
    var l = bytes.length, n = ((l + 9 + 63) >> 6) << 4, W = new Array(n).fill(0);
    for (i = 0; i < l; i++) W[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
    W[l >> 2] |= 0x80 << (24 - (l % 4) * 8); W[n - 1] = l * 8; W[n - 2] = Math.floor(l / 536870912);
    function r(x, y) { return (x >>> y) | (x << (32 - y)); }
    for (i = 0; i < n; i += 16) {
      var w = W.slice(i, i + 16), a = Hh.slice();
      for (j = 0; j < 64; j++) {
        if (j >= 16) {
          var s0 = r(w[j - 15], 7) ^ r(w[j - 15], 18) ^ (w[j - 15] >>> 3), s1 = r(w[j - 2], 17) ^ r(w[j - 2], 19) ^ (w[j - 2] >>> 10);
          w[j] = (w[j - 16] + s0 + w[j - 7] + s1) | 0;
        }
        var t1 = (a[7] + (r(a[4], 6) ^ r(a[4], 11) ^ r(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) + K[j] + w[j]) | 0;
        var t2 = ((r(a[0], 2) ^ r(a[0], 13) ^ r(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]))) | 0;
        a = [(t1 + t2) | 0, a[0], a[1], a[2], (a[3] + t1) | 0, a[4], a[5], a[6]];
      }
      for (j = 0; j < 8; j++) Hh[j] = (Hh[j] + a[j]) | 0;
    }
    return Hh.map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  function completedModules(d) {
    var out = {};
    C.modules.forEach(function (m) {
      var read = m.lessons.every(function (l) { return d.lessons[m.id] && d.lessons[m.id][l]; });
      var passes = d.attempts.filter(function (a) { return a.bank === m.id && a.mode === "practice" && a.claimed && a.claimed.passed; });
      if (!read || !passes.length) return;
      /* completed when both first held: the later of the first pass and the last lesson read
         (the trainer's export dates it the same way) */
      var firstPass = passes.map(function (a) { return a.submitted_at; }).sort()[0];
      var lastRead = m.lessons.map(function (l) { return d.lessons[m.id][l]; }).sort().pop();
      out[m.id] = firstPass > lastRead ? firstPass : lastRead;
    });
    return out;
  }

  function record(d) {
    var r = { format: "humiao-completion-record", format_version: 1, site_version: C.siteVersion,
              exported_at: H.now(), learner: d.learner, lessons: d.lessons, attempts: d.attempts };
    r.checksum = "sha256:" + sha256(canonical(r));
    return r;
  }

  /* --- record codes: the record as one line of text for a chat or an SMS ------------------
     Format and its rules: scripts/humiao/completion/codes.py (the export reads the same codes;
     tests/vectors/record-codes.json holds both sides to it). */
  var codeEl = document.getElementById("hm-record-code");
  var CODE = codeEl ? JSON.parse(codeEl.textContent) : null;
  function b64url(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function unb64url(t) {
    var s = atob(t.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((t.length + 3) % 4)), b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  function through(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  /* Compressed where the browser can (CompressionStream); plain JSON otherwise: the reader tells them apart. */
  function makeCode(r) {
    var raw = new TextEncoder().encode(canonical(r));
    var packed = typeof CompressionStream === "function"
      ? through(raw, new CompressionStream("deflate")).catch(function () { return raw; }) : Promise.resolve(raw);
    return packed.then(function (b) { var p = b64url(b); return "HM1." + p + "." + sha256(p).slice(0, 8); });
  }
  function findCodes(text) {
    var re = new RegExp(CODE.pattern, "g"), out = [], m;
    while ((m = re.exec(text))) out.push(m);
    return out;
  }
  function checksumOk(r) {
    if (!r || typeof r !== "object" || r.format !== "humiao-completion-record" || typeof r.checksum !== "string") return false;
    var c = {};
    Object.keys(r).forEach(function (k) { if (k !== "checksum") c[k] = r[k]; });
    return r.checksum === "sha256:" + sha256(canonical(c));
  }
  /* -> Promise of {record} or {error: "bad" | "unsupported"} */
  function readCode(m) {
    var payload = m[1], check = m[2] || "", bytes;
    if (check.length !== 8 || sha256(payload).slice(0, 8) !== check.toLowerCase()) return Promise.resolve({ error: "bad" });
    try { bytes = unb64url(payload); } catch (e) { return Promise.resolve({ error: "bad" }); }
    var json = bytes[0] === 0x7b ? Promise.resolve(bytes)
      : typeof DecompressionStream === "function" ? through(bytes, new DecompressionStream("deflate")) : Promise.reject("unsupported");
    return json.then(function (b) {
      try { var r = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b)); } catch (e) { return { error: "bad" }; }
      return checksumOk(r) ? { record: r } : { error: "bad" };
    }, function (e) { return { error: e === "unsupported" ? "unsupported" : "bad" }; });
  }
  function readCodes(text) { return Promise.all(findCodes(text).map(readCode)); }

  /* Merge a record into this browser's store: nothing is overwritten. The learner keeps the code's id,
     so two devices hand in as one learner; a lesson keeps its first reading; attempts join by id. */
  function mergeRecord(x, r) {
    var n = { attempts: 0, lessons: 0 }, mine = x.learner, theirs = r.learner, ids = {};
    if (theirs) {
      var l = { id: theirs.id };
      ["name", "role", "district", "organisation", "staff_id"].forEach(function (k) { l[k] = (mine && mine[k]) || theirs[k] || ""; });
      x.learner = l;
    }
    Object.keys(r.lessons || {}).forEach(function (m) {
      var have = x.lessons[m] = x.lessons[m] || {};
      Object.keys(r.lessons[m]).forEach(function (l) {
        var t = r.lessons[m][l];
        if (!have[l]) n.lessons++;
        if (!have[l] || t < have[l]) have[l] = t;
      });
    });
    x.attempts.forEach(function (a) { ids[a.id] = true; });
    (r.attempts || []).forEach(function (a) { if (!ids[a.id]) { ids[a.id] = true; x.attempts.push(a); n.attempts++; } });
    x.attempts.sort(function (a, b) { return a.submitted_at < b.submitted_at ? -1 : a.submitted_at > b.submitted_at ? 1 : 0; });
    return n;
  }

  function download(name, type, text) {
    var a = el("a"); a.download = name;
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function pathModules(d) {
    var role = d.learner && d.learner.role;
    return C.modules.filter(function (m) { return !role || role === "other" || m.audiences.indexOf(role) >= 0; });
  }

  function hoursText(h) { return fmt(h === 1 ? S.hourUnit : S.hoursUnit, { hours: h }); }

  /* One year after the last completion; null before anything is complete. */
  function dueDate(done) {
    var dates = Object.keys(done).map(function (k) { return done[k]; }).sort();
    if (!dates.length) return null;
    var base = new Date(dates[dates.length - 1]);
    base.setFullYear(base.getFullYear() + 1);
    return base.toISOString().slice(0, 10);
  }

  /* --- My progress page ----------------------------------------------------------------- */
  var app = document.getElementById("hm-progress-app");
  if (app) {
    var d = H.load();
    var form = app.querySelector(".hm-profile");
    var w = app.querySelector(".hm-storage-warning");
    if (!H.persistent()) { w.textContent = S.storage; w.hidden = false; }
    /* WeChat's own browser blocks downloads and keeps its storage apart from the phone's browser:
       say so before any work is done there. */
    else if (/MicroMessenger/i.test(navigator.userAgent) && S.wechat) { w.textContent = S.wechat; w.hidden = false; }
    /* Other in-app browsers (QQ, Weibo, DingTalk, Alipay, an Android WebView) may not download either. */
    else if (/\bQQ\/|Weibo|DingTalk|AlipayClient|; wv\)/i.test(navigator.userAgent)) {
      var hint = document.querySelector(".hm-inapp-hint"); hint.textContent = S.inapp; hint.hidden = false;
    }
    function fill(select, options) {
      select.appendChild(new Option(S.choose, ""));
      Object.keys(options).forEach(function (k) { select.appendChild(new Option(options[k], k)); });
      select.appendChild(new Option(S.other, "other"));
    }
    fill(form.elements.role, C.roles); fill(form.elements.district, C.districts);
    if (d.learner) ["name", "role", "district", "organisation", "staff_id"].forEach(function (k) { form.elements[k].value = d.learner[k] || ""; });
    form.hidden = false;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var kept = H.update(function (x) {
        var prev = x.learner || { id: H.uuid() };
        x.learner = { id: prev.id, name: form.elements.name.value.trim(), role: form.elements.role.value,
                      district: form.elements.district.value, organisation: form.elements.organisation.value.trim(),
                      staff_id: form.elements.staff_id.value.trim() };
      });
      form.querySelector(".hm-profile-saved").textContent = kept ? S.saved : S.storage;
      render();
    });
    var table = document.querySelector(".hm-progress-table");
    var actions = document.querySelector(".hm-record-actions");
    var note = document.querySelector(".hm-record-note");
    /* Without a profile the buttons stay in view and say what to do first. */
    function needProfile() {
      note.textContent = S.profileFirst;
      form.elements.name.focus();
    }
    function render() {
      var x = H.load(), done = completedModules(x), mods = pathModules(x), year = String(new Date().getFullYear());
      var assessment = Object.keys(C.banks).filter(function (b) { return C.banks[b].module === "curriculum"; })[0];
      table.innerHTML = "";
      var t = el("table", null, "hm-ptable"), head = el("tr");
      var labels = [S.module, S.hours, S.read, S.practice];
      labels.forEach(function (h) { head.appendChild(el("th", h)); });
      t.appendChild(el("thead")).appendChild(head);
      var body = el("tbody"), earned = 0, total = 0;
      mods.forEach(function (m) {
        total += m.hours;
        var readN = m.lessons.filter(function (l) { return x.lessons[m.id] && x.lessons[m.id][l]; }).length;
        var passed = x.attempts.some(function (a) { return a.bank === m.id && a.mode === "practice" && a.claimed && a.claimed.passed; });
        if (done[m.id] && done[m.id].slice(0, 4) === year) earned += m.hours;
        var tr = el("tr"), a = el("a", m.title), first = el("td"); a.href = m.href;
        first.appendChild(a);
        if (done[m.id]) first.appendChild(el("span", "✓ " + S.complete, "hm-status is-done"));
        tr.appendChild(first);
        tr.appendChild(el("td", String(m.hours)));
        tr.appendChild(el("td", readN + S.of + m.lessons.length, readN === m.lessons.length ? "hm-ok" : ""));
        tr.appendChild(el("td", passed ? "✓ " + S.passed : S.notYet, passed ? "hm-ok" : ""));
        Array.prototype.forEach.call(tr.children, function (td, i) { td.setAttribute("data-label", labels[i]); });
        tr.setAttribute("data-module", m.id);
        tr.setAttribute("data-complete", done[m.id] ? "yes" : "no");
        body.appendChild(tr);
      });
      t.appendChild(body); table.appendChild(t);
      table.appendChild(el("p", fmt(S.earned, { earned: earned, total: total }), "hm-hours"));
      if (assessment) {
        var sub = x.attempts.some(function (a) { return a.bank === assessment && a.mode === "assessment"; });
        table.appendChild(el("p", S.assessment + ": " + (sub ? S.submitted : S.notYet), "hm-assessment"));
      }
      /* The one thing to do next: the first unread lesson of the first unfinished module of the path,
         or its practice quiz. */
      var nextUp = document.querySelector(".hm-next-up");
      if (nextUp) {
        nextUp.innerHTML = "";
        var todo = mods.filter(function (m) { return !done[m.id]; })[0];
        if (!todo && mods.length) nextUp.appendChild(el("span", S.pathDone, "hm-ok"));
        else if (todo) {
          var unread = todo.lessons.filter(function (l) { return !(x.lessons[todo.id] && x.lessons[todo.id][l]); })[0];
          var go = el("a", null, "md-button md-button--primary");
          if (unread) {
            var file = /index\.html$/.test(todo.href);   /* the offline package links files, not folders */
            go.href = todo.href.replace(/index\.html$/, "") + unread + (file ? ".html" : "/");
            go.textContent = S.nextStep + todo.title;
          } else {
            go.href = C.banks[todo.bank] ? C.banks[todo.bank].href : todo.href;
            go.textContent = S.nextStep + todo.title + " · " + S.nextQuiz;
          }
          nextUp.appendChild(go);
        }
      }
      var due = dueDate(done);
      table.appendChild(el("p", due ? fmt(S.due, { date: due }) : S.noDue, "hm-due"));
      if (!x.learner) table.appendChild(el("p", S.noProfile));
      note.textContent = "";
    }
    render();
    actions.querySelector(".hm-download").addEventListener("click", function () {
      var x = H.load(); if (!x.learner) { needProfile(); return; }
      var r = record(x);
      var name = "humiao-record-" + (x.learner.name || "learner").replace(/[\\/:*?"<>|\s]+/g, "_") + "-" + r.exported_at.slice(0, 10) + ".json";
      /* The canonical text itself (checksum included): the export hashes these bytes as they are,
         without serialising the record again, and the file is a third smaller than an indented one. */
      download(name, "application/json", canonical(r));
    });
    var box = document.querySelector(".hm-code");
    function showCode(then) {
      var x = H.load(); if (!x.learner) { needProfile(); return; }
      makeCode(record(x)).then(function (code) {
        box.value = code; box.closest(".hm-code-box").hidden = false;
        then(code);
      });
    }
    /* navigator.clipboard needs https or localhost; on http and file:// the selected box is copied. */
    function copyBox() {
      box.focus(); box.select();
      try { return document.execCommand("copy"); } catch (e) { return false; }
    }
    actions.querySelector(".hm-copy-code").addEventListener("click", function () {
      showCode(function (code) {
        var copied = navigator.clipboard && window.isSecureContext
          ? navigator.clipboard.writeText(code).then(function () { return true; }, copyBox) : Promise.resolve(copyBox());
        copied.then(function (ok) { note.textContent = (ok ? S.copied : S.copyManual) + " " + fmt(S.codeSize, { n: code.length }); });
      });
    });
    var share = actions.querySelector(".hm-share");
    if (navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () { showCode(function (code) { navigator.share({ text: code }).catch(function () {}); }); });
    }
    var imp = document.querySelector(".hm-import");
    imp.addEventListener("submit", function (e) {
      e.preventDefault();
      var st = imp.querySelector(".hm-import-status");
      if (!findCodes(imp.elements.code.value).length) { st.textContent = S.importNone; return; }
      readCodes(imp.elements.code.value).then(function (res) {
        var good = res.filter(function (r) { return r.record; });
        if (!good.length) { st.textContent = res.some(function (r) { return r.error === "unsupported"; }) ? S.importUnsupported : S.importBad; return; }
        /* Several codes: only those of the first code's learner (a pasted chat may hold other people's). */
        var who = good[0].record.learner && good[0].record.learner.id;
        good = good.filter(function (g) { return (g.record.learner && g.record.learner.id) === who; });
        var x = H.load(), mine = x.learner && x.learner.name, theirs = good[0].record.learner && good[0].record.learner.name;
        if (mine && theirs && mine !== theirs && !window.confirm(fmt(S.importOther, { mine: mine, theirs: theirs }))) return;
        var n = { attempts: 0, lessons: 0 };
        good.forEach(function (g) { var k = mergeRecord(x, g.record); n.attempts += k.attempts; n.lessons += k.lessons; });
        var kept = H.save(x);
        st.textContent = !kept ? S.storage : (n.attempts || n.lessons ? fmt(S.imported, n) : S.importSame) +
          (good.length < res.length ? " " + S.importBad : "");
        ["name", "role", "district", "organisation", "staff_id"].forEach(function (k) { form.elements[k].value = x.learner[k] || ""; });
        render();
      });
    });
    document.querySelector(".hm-ics").addEventListener("click", function () {
      var due = dueDate(completedModules(H.load()));
      if (!due) { note.textContent = S.noDue; return; }
      due = due.replace(/-/g, "");
      var ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Humiao//Annual refresher//ZH", "BEGIN:VEVENT",
                 "UID:" + H.uuid() + "@humiao.invalid", "DTSTAMP:" + H.now().replace(/[-:]/g, "").slice(0, 15) + "Z",
                 "DTSTART;VALUE=DATE:" + due, "SUMMARY:" + S.icsTitle, "BEGIN:VALARM", "TRIGGER:-P14D", "ACTION:DISPLAY",
                 "DESCRIPTION:" + S.icsTitle, "END:VALARM", "END:VEVENT", "END:VCALENDAR"].join("\r\n");
      download("humiao-refresher.ics", "text/calendar", ics + "\r\n");
    });
    document.querySelector(".hm-forget").addEventListener("click", function () {
      if (!window.confirm(S.forgetConfirm)) return;
      H.forget(); form.reset(); render();
      form.querySelector(".hm-profile-saved").textContent = S.forgotten;
    });
  }

  /* --- Certificate page ------------------------------------------------------------------ */
  var cert = document.querySelector(".hm-certificate");
  if (cert) {
    var x = H.load(), done = completedModules(x);
    var list = C.modules.filter(function (m) { return done[m.id]; });
    if (!x.learner || !list.length) { cert.appendChild(el("p", x.learner ? S.certNone : S.noProfile)); return; }
    cert.appendChild(el("p", S.certTitle));
    cert.appendChild(el("p", x.learner.name, "hm-cert-name"));
    cert.appendChild(el("p", (C.roles[x.learner.role] || S.other) + " · " + (C.districts[x.learner.district] || S.other) + " · " + x.learner.organisation));
    cert.appendChild(el("p", S.certBody));
    var ul = el("ul"), hours = 0;
    list.forEach(function (m) { hours += m.hours; ul.appendChild(el("li", m.title + " · " + hoursText(m.hours) + " · " + done[m.id].slice(0, 10))); });
    cert.appendChild(ul);
    cert.appendChild(el("p", fmt(S.certTotal, { hours: hours }), "hm-cert-total"));
    var b = el("button", S.print, "md-button hm-no-print"); b.type = "button";
    b.addEventListener("click", function () { window.print(); });
    cert.appendChild(b);
  }
  window.HumiaoRecord = { canonical: canonical, sha256: sha256, makeCode: makeCode, readCodes: readCodes, mergeRecord: mergeRecord };
})();
