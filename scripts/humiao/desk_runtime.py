"""The trainer's desk runs the export's own Python in the browser (Pyodide), so the desk and
`./portal export-completions` cannot disagree: there is one implementation of the rules.

Pyodide comes from the npm registry, pinned and checked (PYODIDE, INTEGRITY), into .cache/ by
`./portal` (python scripts/humiao/desk_runtime.py --fetch); it is never committed. A build copies
it into site/assets/desk/ with the project's Python and the content the export reads.

Everything is loaded by classic <script> tags, never by fetch or import(): a browser refuses both
on file://, and the desk must work from the offline package on a PC without internet
(../shared/toolchain-notes.md, pitfall 19). So the binary parts travel base64-encoded inside
desk-files.js, and docs/assets/desk.js answers Pyodide's own fetches from them."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = "0.29.5"
INTEGRITY = "sha512-TkYrUv9m8QmfImADKRmpwZulL48E0uUaBSO+dvRQKyAJc0qh9gu7jn8btyHPh3NZm1r2IH2YrJhIr7Q2B9urAw=="
CACHE = ROOT / ".cache" / f"pyodide-{PYODIDE}"
SCRIPTS = ("pyodide.js", "pyodide.asm.js")                      # loaded as scripts
FILES = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")   # asked for by fetch
# What the export reads besides its code: the catalog, lessons, banks and data (not keys/).
CONTENT = ("courses/**/*.yml", "courses/**/*.md", "quizzes/*.yml", "data/*.yml")
PURE_PACKAGES = ("yaml", "xlsxwriter")                         # pure Python, from this venv
# pyodide.js falls back to a CDN for packages it cannot find beside itself. The desk loads none, and
# passes packageBaseUrl too, but nothing on the site may name another origin: the copy points here.
CDN = b"https://cdn.jsdelivr.net/pyodide/v${x}/full/"


def fetch(cache: Path = CACHE) -> str:
    """Pyodide's files into the cache, from the npm registry, checked against INTEGRITY."""
    if all((cache / n).exists() for n in SCRIPTS + FILES):
        return ""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["npm", "pack", f"pyodide@{PYODIDE}", "--pack-destination", tmp, "--silent"],
                             capture_output=True, text=True, timeout=600)
        tgz = next(Path(tmp).glob("*.tgz"), None)
        if run.returncode != 0 or tgz is None:
            raise RuntimeError(f"npm pack pyodide@{PYODIDE} failed: {(run.stderr or run.stdout).strip()[-300:]}")
        algo, want = INTEGRITY.split("-", 1)
        got = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
        if got != want:
            raise RuntimeError(f"pyodide-{PYODIDE}.tgz does not match its pinned checksum: not used")
        cache.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tgz) as t:
            for n in SCRIPTS + FILES:
                (cache / n).write_bytes(t.extractfile(f"package/{n}").read())
    return f"desk runtime: Pyodide {PYODIDE} fetched into {cache}"


def python_bundle(root: Path = ROOT) -> bytes:
    """A zip of the project's Python, the pure-Python packages it needs and the content it reads,
    laid out as the repository is (the export finds the content from its own root)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        pkg = root / "scripts" / "humiao"
        for p in sorted(pkg.rglob("*")):
            if p.suffix in (".py", ".json") and "__pycache__" not in p.parts:
                z.write(p, "scripts/" + p.relative_to(root / "scripts").as_posix())
        for pattern in CONTENT:
            for p in sorted(root.glob(pattern)):
                z.write(p, p.relative_to(root).as_posix())
        for name in PURE_PACKAGES:
            mod = __import__(name)
            base = Path(mod.__file__).parent
            for p in sorted(base.rglob("*.py")):
                z.write(p, "site-packages/" + name + "/" + p.relative_to(base).as_posix())
    return buf.getvalue()


def write(site: Path, root: Path = ROOT, cache: Path = CACHE):
    """site/assets/desk/: Pyodide's scripts, and desk-files.js with the binary parts and the bundle.
    Without a fetched runtime, desk-files.js says so and the page tells the trainer what to do."""
    out = site / "assets" / "desk"
    out.mkdir(parents=True, exist_ok=True)
    if not all((cache / n).exists() for n in SCRIPTS + FILES):
        (out / "desk-files.js").write_text("window.__hmDeskFiles = null;\n", encoding="utf-8")
        return
    for n in SCRIPTS:
        (out / n).write_bytes((cache / n).read_bytes().replace(CDN, b"./"))
    parts = {n: (cache / n).read_bytes() for n in FILES}
    parts["humiao.zip"] = python_bundle(root)
    with (out / "desk-files.js").open("w", encoding="ascii") as f:
        f.write("window.__hmDeskFiles = {\n")
        for n, data in parts.items():
            f.write(f"{json.dumps(n)}: \"{base64.b64encode(data).decode('ascii')}\",\n")
        f.write("};\n")


if __name__ == "__main__":
    if sys.argv[1:] != ["--fetch"]:
        sys.exit("usage: desk_runtime.py --fetch")
    try:
        said = fetch()
        if said:
            print(said, file=sys.stderr)
    except (OSError, RuntimeError, subprocess.SubprocessError) as e:
        # The site still builds; its desk page says the runtime is missing.
        print(f"desk runtime: not fetched ({e}); the trainer's desk will be missing from builds", file=sys.stderr)
