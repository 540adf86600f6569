"""The trainer's completion command: verify learners' completion records and export them.

  record.py       parse and verify one record file: a Record (some attempts may be rejected) or a file Reject
  items.py        item statistics per bank and question (share correct, options chosen, point-biserial)
  export.py       find inputs, verify them (in parallel), dedupe, merge per learner, write every output
  xapi.py         xAPI statements (completed / passed) and the shipped JSON Schema
  certificate.py  the printable bilingual A4 certificate of one learner
  cli.py          `./portal export-completions RECORDS... --out DIR [--roster CSV]`
  bench.py        `./portal bench-completions -n N`

The record format, the checksum and dedupe rules and every output are described in
docs/trainers/record-format.md (zh) and record-format.en.md (en)."""
