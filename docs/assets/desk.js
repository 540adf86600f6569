/* Humiao trainer's desk: the export command (scripts/humiao/completion) run in this browser by
   Pyodide, on record files and pasted record codes. Nothing leaves the computer: the files are read
   here, written into Pyodide's memory, and the outputs come back as downloads.
   The runtime is loaded with classic <script> tags only, and Pyodide's own fetches are answered
   from desk-files.js, because browsers refuse fetch and import() on file:// (the offline package). */
(function () {
  "use strict";
  var app = document.getElementById("hm-desk");
  if (!app) return;
  var S = JSON.parse(document.getElementById("hm-desk-strings").textContent);
  var me = document.querySelector('script[src$="assets/desk.js"]');
  var BASE = me.src.replace(/desk\.js(\?.*)?$/, "desk/");
  var status = app.querySelector(".hm-desk-status"), form = app.querySelector("form"), results = app.querySelector(".hm-desk-results");
  var py = null, runs = 0;

  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function say(text, busy) { status.textContent = text; status.classList.toggle("is-busy", !!busy); }
  function script(src) {
    return new Promise(function (ok, fail) {
      var s = document.createElement("script"); s.src = src; s.onload = ok;
      s.onerror = function () { fail(new Error(src)); };
      document.head.appendChild(s);
    });
  }
  function bytes(b64) { var s = atob(b64), u = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) u[i] = s.charCodeAt(i); return u; }

  /* Pyodide asks for its wasm, standard library and lock file by fetch: answer from memory. */
  function answerFetches(files) {
    var real = window.fetch ? window.fetch.bind(window) : null;
    window.fetch = function (url) {
      var name = String(url && url.url || url).split("/").pop().split("?")[0];
      if (files[name]) {
        var type = /\.wasm$/.test(name) ? "application/wasm" : /\.json$/.test(name) ? "application/json" : "application/zip";
        return Promise.resolve(new Response(bytes(files[name]), { status: 200, headers: { "Content-Type": type } }));
      }
      return real ? real.apply(window, arguments) : Promise.reject(new Error("fetch"));
    };
  }

  var ready = script(BASE + "desk-files.js").then(function () {
    var files = window.__hmDeskFiles;
    if (!files) throw new Error("missing");
    answerFetches(files);
    return script(BASE + "pyodide.asm.js").then(function () { return script(BASE + "pyodide.js"); }).then(function () {
      return window.loadPyodide({ indexURL: BASE, packageBaseUrl: BASE });
    }).then(function (p) {
      p.unpackArchive(bytes(files["humiao.zip"]).buffer, "zip", { extractDir: "/humiao" });
      p.runPython("import sys; sys.path[:0] = ['/humiao/scripts', '/humiao/site-packages']; from humiao.completion import desk");
      py = p;
      say(S.ready);
      form.querySelector("button[type=submit]").disabled = false;
    });
  }).catch(function (e) {
    say(e && e.message === "missing" ? S.missing : S.failed + " (" + (e && e.message || e) + ")");
  });
  say(S.loading, true);

  function readFile(f) {
    return new Promise(function (ok, fail) {
      var r = new FileReader();
      r.onload = function () { ok(new Uint8Array(r.result)); };
      r.onerror = function () { fail(r.error); };
      r.readAsArrayBuffer(f);
    });
  }
  /* The trainer's own file names, kept: they name the rows of rejects.csv. */
  function safeName(name, taken) {
    var n = String(name).replace(/[\/\\\x00]/g, "_") || "file", base = n, i = 1;
    while (taken[n]) n = (i++) + "-" + base;
    taken[n] = true;
    return n;
  }

  function download(name, data, type) {
    var a = el("a", name); a.download = name.split("/").pop();
    a.href = URL.createObjectURL(new Blob([data], { type: type || "application/octet-stream" }));
    return a;
  }

  function table(rows) {
    var t = el("table"), head = el("tr");        /* no class: Material styles it */
    (rows[0] || []).forEach(function (h) { head.appendChild(el("th", h)); });
    t.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    rows.slice(1).forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (c, i) { var td = el("td", c); td.setAttribute("data-label", rows[0][i] || ""); tr.appendChild(td); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function show(res, out) {
    results.innerHTML = "";
    results.appendChild(el("h3", res.code === 0 ? S.done : res.code === 1 ? S.noneAccepted : S.problem));
    if (res.stderr) results.appendChild(el("p", res.stderr.trim(), "hm-desk-error"));
    if (res.stdout) results.appendChild(el("pre", res.stdout.trim()));
    if (!res.files.length) return;
    var zip = py.FS.readFile(res.zip);
    var p = el("p"), all = download(S.zipName, zip, "application/zip");
    all.className = "md-button md-button--primary"; all.textContent = S.downloadAll;
    p.appendChild(all); results.appendChild(p);
    var ul = el("ul", null, "hm-desk-files");
    res.files.forEach(function (f) { var li = el("li"); li.appendChild(download(f, py.FS.readFile(out + "/" + f))); ul.appendChild(li); });
    results.appendChild(el("h3", S.files)); results.appendChild(ul);
    [["roster.csv", S.roster], ["rejects.csv", S.rejects]].forEach(function (t) {
      var rows = res.tables[t[0]];
      if (!rows) return;
      results.appendChild(el("h3", t[1] + " (" + (rows.length - 1) + ")"));
      var wrap = el("div", null, "hm-desk-scroll"); wrap.appendChild(table(rows)); results.appendChild(wrap);
    });
  }

  function write(path, data) { py.FS.writeFile(path, data); }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var recs = Array.prototype.slice.call(form.elements.records.files || []);
    var pasted = form.elements.pasted.value, key = (form.elements.key.files || [])[0];
    if (!recs.length && !pasted.trim()) { say(S.needRecords); return; }
    if (!key) { say(S.needKey); form.elements.key.focus(); return; }
    var extra = [["settings", "--settings"], ["roster", "--roster"]].filter(function (x) { return (form.elements[x[0]].files || [])[0]; });
    say(S.working, true);
    ready.then(function () {
      var n = ++runs, dir = "/desk/run" + n, taken = {};
      py.FS.mkdirTree(dir + "/in"); py.FS.mkdirTree(dir + "/trainer");
      if (pasted.trim()) write(dir + "/in/" + safeName(S.pastedName, taken), new TextEncoder().encode(pasted));
      return Promise.all(recs.map(readFile)).then(function (datas) {
        datas.forEach(function (d, i) { write(dir + "/in/" + safeName(recs[i].name, taken), d); });
        var trainerFiles = [["key", "--key"]].concat(extra);
        return Promise.all(trainerFiles.map(function (x) { return readFile(form.elements[x[0]].files[0]); })).then(function (tds) {
          var argv = Object.keys(taken).concat(["--out", dir + "/out"]);
          trainerFiles.forEach(function (x, i) {
            var path = dir + "/trainer/" + safeName(form.elements[x[0]].files[0].name, {});
            write(path, tds[i]); argv.push(x[1], path);
          });
          if (form.elements.year.value) argv.push("--year", form.elements.year.value);
          var res = JSON.parse(py.globals.get("desk").run(py.toPy(argv), "/humiao", dir + "/in"));
          show(res, dir + "/out");
          say(S.ready);
        });
      });
    }).catch(function (err) { say(S.failed + " (" + (err && err.message || err) + ")"); });
  });
  window.HumiaoDesk = { ready: ready };
})();
