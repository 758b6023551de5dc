#!/usr/bin/env bash
# Regenerates the generated blocks of docs/ from the code (run after changing the schema):
#   docs/hwdesc.md  <- `augur hw schema`, `augur hw schema --runtime`
# A test (Cli.HwSchemaMatchesDocsHwdesc) fails when a block is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
augur=${AUGUR:-build/augur}
[ -x "$augur" ] || bash scripts/build.sh

replace_block() {  # file, marker, content-file
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, marker, content_path = sys.argv[1:]
text = open(path).read()
begin, end = f"<!-- BEGIN GENERATED: {marker} -->\n", f"<!-- END GENERATED: {marker} -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(head + begin + open(content_path).read() + end + tail)
PY
}

tmp=$(mktemp)
"$augur" hw schema > "$tmp"
replace_block docs/hwdesc.md "augur hw schema" "$tmp"
"$augur" hw schema --runtime > "$tmp"
replace_block docs/hwdesc.md "augur hw schema --runtime" "$tmp"
rm -f "$tmp"
echo "docs regenerated" >&2
