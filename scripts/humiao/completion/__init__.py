"""The trainer's completion command: verify learners' completion records and export them.

  record.py         parse and verify one record file: a Record (some attempts may be rejected) or a file Reject
  rules.py          the rules as small pure functions (training year, text fields, completion, merging,
                    identity, likely duplicates, safe cells, certificate serials): what issue #18's
                    browser trainer's desk must port exactly
  items.py          item statistics per bank and question (share correct, options chosen, point-biserial)
  export.py         find inputs, verify them (in parallel), then group, merge and check identities
  store.py          the run's per-record and per-learner results in a temporary SQLite file (flat memory)
  trainer_files.py  the trainer's attendance CSV, skills-station CSV, merge file and settings file
  outputs.py        write every output into a fresh folder and move it into place when complete
  xapi.py           xAPI statements (completed / passed) as NDJSON chunks, and the shipped JSON Schema
  certificate.py    the printable bilingual A4 certificate of one learner, and the certificates/ folder
                    (files created by a thread on big runs)
  options.py        the command's options (scripts/portal.py builds its parser with them)
  cli.py            `./portal export-completions RECORDS... --out DIR --key KEY [--year Y] [--roster CSV] [--merge CSV] [--skills CSV] [--settings YML]`
  (scripts/bench/completions.py: `./portal bench-completions -n N`, the speed against a bare baseline)

The record format, the rules and every output are described in docs/trainers/record-format.md
(zh) and record-format.en.md (en)."""
