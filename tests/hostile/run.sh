#!/usr/bin/env bash
# The hostile suite: every case of issue 14's "Why" (what a hostile or
# careless user did that broke Byline) built for real and run through the
# real binary. Each case checks the exit code, the message, that no file
# changed, and a time bound generous enough for a loaded 2-core machine
# (a hang or quadratic time blows through it by an order of magnitude).
#
#   tests/hostile/run.sh            builds byline (debug) and runs every case
#   BYLINE=path/to/byline tests/hostile/run.sh   runs against that binary
set -uo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${BYLINE:-}" ]]; then
  cargo build --locked --quiet -p byline || exit 1
  BYLINE="$PWD/target/debug/byline"
fi
export BYLINE
PY=python3
export NO_COLOR=1

scratch=$(mktemp -d "${TMPDIR:-/tmp}/byline-hostile.XXXXXX")
chmod 755 "$scratch"
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT

passed=0
failed=0
failures=()
current=""

case_begin() {
  current="$1"
  dir="$scratch/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '_')"
  mkdir -p "$dir"
  cd "$dir" || exit 1
}
fail() {
  echo "FAIL [$current]: $*" >&2
  failures+=("$current: $*")
  failed=$((failed + 1))
  case_failed=1
}
case_end() {
  if [[ "${case_failed:-0}" == 0 ]]; then
    echo "ok   $current"
    passed=$((passed + 1))
  fi
  case_failed=0
  cd "$scratch" || exit 1
}

# run SECONDS CMD...: runs CMD with a time bound; sets $code, $out, $err, $took.
run() {
  local limit=$1
  shift
  local start end
  start=$(date +%s.%N)
  timeout --kill-after=5 "$limit" "$@" >stdout.txt 2>stderr.txt </dev/null
  code=$?
  end=$(date +%s.%N)
  took=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  out=$(cat stdout.txt)
  err=$(cat stderr.txt)
  if [[ $code == 124 || $code == 137 ]]; then
    fail "did not finish within ${limit}s: $*"
  fi
}
expect_code() { [[ "$code" == "$1" ]] || fail "exit code $code, expected $1; stderr: ${err:0:400}"; }
expect_err() { grep -qF -- "$1" stderr.txt || fail "stderr lacks '$1': ${err:0:400}"; }
expect_out() { grep -qF -- "$1" stdout.txt || fail "stdout lacks '$1': ${out:0:400}"; }
expect_file() { [[ "$(cat "$1")" == "$2" ]] || fail "$1 changed: $(head -c 200 "$1")"; }
expect_absent() { [[ ! -e "$1" && ! -L "$1" ]] || fail "$1 was written"; }
expect_lines_at_most() {
  local n
  n=$(wc -l <stdout.txt)
  ((n <= $1)) || fail "$n lines of output, expected at most $1"
}


# ---------------------------------------------------------------- data lost or damaged

case_begin "export -o onto an article of the corpus is refused"
mkdir corpus
echo 'The harbour reopened on Monday, said Ana Lima.' >corpus/x.txt
printf 'T1\tPerson 37 45\tAna Lima\n' >corpus/x.ann
run 60 "$BYLINE" export --format conll corpus -o corpus/x.txt
expect_code 2
expect_err "is an article of the corpus"
expect_file corpus/x.txt 'The harbour reopened on Monday, said Ana Lima.'
run 60 "$BYLINE" export --format conll corpus -o corpus/x.txt --force
expect_code 2
expect_file corpus/x.txt 'The harbour reopened on Monday, said Ana Lima.'
run 60 "$BYLINE" export --format jsonl corpus -o corpus/x.ann
expect_code 2
expect_file corpus/x.ann "$(printf 'T1\tPerson 37 45\tAna Lima')"
case_end

case_begin "export -o over an existing file needs --force, and replaces it whole"
mkdir corpus
echo 'The harbour reopened on Monday, said Ana Lima.' >corpus/x.txt
printf 'T1\tPerson 37 45\tAna Lima\n' >corpus/x.ann
echo 'my notes' >notes.conll
run 60 "$BYLINE" export --format conll corpus -o notes.conll
expect_code 2
expect_err "already exists with other content; not overwritten (--force replaces it)"
expect_file notes.conll 'my notes'
inode_before=$(stat -c %i notes.conll)
run 60 "$BYLINE" export --format conll corpus -o notes.conll --force
expect_code 0
grep -q 'B-PER' notes.conll || fail "notes.conll not replaced by the export"
# Written to a temporary file and renamed into place: a new inode, no
# temporary file left behind.
[[ "$(stat -c %i notes.conll)" != "$inode_before" ]] || fail "replaced in place, not renamed over"
[[ -z "$(ls -A . | grep -F .byline-)" ]] || fail "temporary file left: $(ls -A)"
case_end

case_begin "import into a folder with half the pairs writes nothing"
printf '%s\n' '{"text": "Ana Lima spoke.", "spans": [{"start": 0, "end": 8, "label": "Person"}], "meta": {"source": "a.txt"}}' \
  '{"text": "Kim Yo Jong spoke.", "spans": [], "meta": {"source": "b.txt"}}' >in.jsonl
mkdir out
echo 'an unrelated article' >out/a.txt
run 60 "$BYLINE" import --format jsonl in.jsonl -o out
expect_code 1
expect_err "out/a.txt: already exists with other content; not overwritten"
expect_err "nothing written"
expect_absent out/a.ann
expect_absent out/b.txt
expect_absent out/b.ann
expect_file out/a.txt 'an unrelated article'
case_end

case_begin "import never writes through a dangling symlink"
printf '%s\n' '{"text": "Ana Lima spoke.", "spans": [], "meta": {"source": "a.txt"}}' >in.jsonl
mkdir out elsewhere
ln -s ../elsewhere/stolen.ann out/a.ann
run 60 "$BYLINE" import --format jsonl in.jsonl -o out
expect_code 1
expect_err "symbolic link"
expect_absent elsewhere/stolen.ann
expect_absent out/a.txt
case_end

case_begin "brat import with a clash writes no half pair"
mkdir -p brat out
echo 'Ana Lima spoke.' >brat/one.txt
printf 'T1\tPerson 0 8\tAna Lima\n' >brat/one.ann
echo 'Kim spoke.' >brat/two.txt
printf 'T1\tPerson 0 3\tKim\n' >brat/two.ann
echo 'old' >out/two.txt
run 60 "$BYLINE" import --format brat brat -o out
expect_code 1
expect_absent out/one.txt
expect_absent out/two.ann
expect_file out/two.txt old
case_end

case_begin "init keeps every existing file and writes through no link"
mkdir corpus
ln -s /nonexistent/byline.toml corpus/byline.toml
echo 'mine' >corpus/entities.toml
run 60 "$BYLINE" init corpus
expect_code 0
expect_file corpus/entities.toml mine
[[ -L corpus/byline.toml ]] || fail "the link was replaced"
grep -q '\[entities\]' corpus/annotation.conf || fail "annotation.conf not written"
[[ -z "$(ls -A corpus | grep -F .byline-)" ]] || fail "temporary file left"
case_end

# ---------------------------------------------------------------- hangs, crashes, time

case_begin "overlapping-spans: 4,000 identical lines are 500 findings and a count of the rest, quickly"
mkdir corpus
echo 'Samsung said it would wait.' >corpus/x.txt
for i in $(seq 1 4000); do printf 'T%d\tOrganization 0 7\tSamsung\n' "$i"; done >corpus/x.ann
run 60 "$BYLINE" check corpus
expect_code 0
expect_out "both annotate \`Samsung\` as Organization"
# Each annotation once (3,999), of which a file shows 500 per rule and counts the rest.
[[ $(grep -c 'overlapping-spans' stdout.txt) == 501 ]] || fail "$(grep -c 'overlapping-spans' stdout.txt) overlapping-spans lines, expected 500 and the count"
expect_out "3499 more \`overlapping-spans\` problems in this file not shown"
case_end

case_begin "every rule's output is bounded per file: 20,000 malformed .ann lines"
mkdir corpus
echo 'Samsung said it would wait.' >corpus/x.txt
for i in $(seq 1 20000); do printf 'T%d\tOrganization 0 x\tSamsung\n' "$i"; done >corpus/x.ann
run 60 "$BYLINE" check corpus --format json
[[ $code == 1 ]] || fail "exit $code, expected 1 (malformed lines are errors)"
$PY - <<'PY' || fail "findings not bounded per rule"
import json, collections
report = json.load(open("stdout.txt"))
findings = report["problems"]
per_rule = collections.Counter(f["code"] for f in findings)
assert per_rule and max(per_rule.values()) <= 501, per_rule
assert any("more `" in f.get("message", "") for f in findings), "no count of the findings left out"
PY
case_end

case_begin "a 100,000-line .ann: annotate and agree finish"
mkdir -p a b
$PY - <<'PY'
text = "Samsung said it would wait. " * 2000
open("a/x.txt", "w").write(text)
open("b/x.txt", "w").write(text)
lines = []
for i in range(100_000):
    start = (i % 2000) * 28
    lines.append(f"T{i+1}\tOrganization {start} {start+7}\tSamsung\n")
open("a/x.ann", "w").write("".join(lines))
open("b/x.ann", "w").write("".join(lines[::2]))
PY
run 90 "$BYLINE" annotate --format json a/x.txt
expect_code 0
run 90 "$BYLINE" agree a b
expect_code 0
case_end

case_begin "a chain of 128 KB of 'a.' is analysed in linear time"
$PY -c 'open("chain.txt","w").write("a." * 65536)'
$PY -c 'open("usus.txt","w").write("U.S." * 32768)'
run 60 "$BYLINE" check chain.txt usus.txt
if [[ $code != 0 && $code != 1 ]]; then
  fail "exit $code after ${took}s: initialism chains are no longer linear"
fi
case_end

case_begin "the plain annotate listing of a one-line 5 MB article"
$PY -c '
s = "Officials said on Tuesday that talks with Kim Yo Jong would resume in Seoul. \"We are ready,\" said Ana Lima. "
open("long.txt","w").write((s * (5_000_000 // len(s))).replace("\n", " "))'
run 120 "$BYLINE" annotate long.txt
expect_code 0
expect_out "quotes:"
case_end

case_begin "/dev/zero behind an article, a .ann and a registry file"
mkdir corpus
ln -s /dev/zero corpus/z.txt
run 30 "$BYLINE" annotate corpus/z.txt
expect_code 1
expect_err "a character device, not a regular file"
run 30 "$BYLINE" check corpus/z.txt
expect_code 2
expect_out "error[unreadable-file]: a character device, not a regular file"
rm corpus/z.txt
echo 'Ana Lima spoke.' >corpus/y.txt
ln -s /dev/zero corpus/y.ann
run 30 "$BYLINE" check corpus
expect_code 2
expect_out "y.ann:1:1: error[unreadable-file]"
rm corpus/y.ann
ln -s /dev/zero corpus/entities.toml
run 30 "$BYLINE" check corpus
expect_code 1
expect_out "error[unreadable-file]"
run 30 "$BYLINE" annotate --registry corpus/entities.toml corpus/y.txt
expect_code 2
case_end

case_begin "a FIFO named f.txt never hangs"
mkdir corpus
mkfifo corpus/f.txt
echo 'Ana Lima spoke.' >corpus/g.txt
run 30 "$BYLINE" annotate corpus/f.txt
expect_code 1
expect_err "a FIFO (named pipe), not a regular file"
run 30 "$BYLINE" check corpus/f.txt
expect_code 2
expect_out "f.txt:1:1: error[unreadable-file]"
expect_err "checked 1 article"
run 30 "$BYLINE" check corpus
expect_code 0
case_end

case_begin "the language server survives malformed messages"
# (Every malformed case and the out-of-range didChange, step by step as a
# client sends them: server/cli/tests/transport.rs.)
$PY - <<'PY'
def framed(body, header="Content-Length", sep="\r\n"):
    return f"{header}: {len(body.encode())}{sep}{sep}{body}".encode()
msgs = [
    framed('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'),
    framed('{not json'),
    framed('[{"jsonrpc":"2.0","id":7,"method":"shutdown"}]'),
    framed('{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}'),
    b"Content-Length: 0\r\n\r\n",
    framed('{"jsonrpc":"2.0","id":2,"method":"shutdown"}', header="content-length", sep="\n"),
]
open("session.bin", "wb").write(b"".join(msgs))
PY
run 30 sh -c "$BYLINE lsp --stdio <session.bin"
expect_out '"code":-32700'
expect_out '"id":2}'
expect_err "batch messages are not supported"
case_end

# ---------------------------------------------------------------- silent failures

case_begin "a symlink loop is a finding, not 'no such file'"
mkdir corpus
echo 'Ana Lima spoke.' >corpus/a.txt
ln -s loop2.txt corpus/loop1.txt
ln -s loop1.txt corpus/loop2.txt
run 30 "$BYLINE" check corpus/loop1.txt
expect_code 2
expect_out "error[unreadable-file]: symbolic link loop"
mkdir corpus/sub
ln -s .. corpus/sub/up
run 30 "$BYLINE" check corpus
expect_code 2
expect_out "symbolic link loop"
expect_err "checked 1 article"
case_end

case_begin "symlinked articles in the corpus are counted, once"
mkdir corpus outside
echo 'Ana Lima spoke on Monday.' >outside/linked.txt
echo 'Kim spoke.' >corpus/own.txt
ln -s ../outside/linked.txt corpus/linked.txt
ln -s own.txt corpus/again.txt
run 30 "$BYLINE" check corpus
expect_code 0
expect_err "checked 2 articles"
case_end

case_begin "a folder the user cannot read makes check exit 2"
mkdir -p corpus/locked
echo 'Ana Lima spoke.' >corpus/a.txt
echo 'Kim spoke.' >corpus/locked/b.txt
chmod 000 corpus/locked
as_user=()
if [[ $(id -u) == 0 ]]; then
  # root reads any folder: run as nobody, as a user would.
  if command -v setpriv >/dev/null; then
    chmod -R o+rX "$dir" 2>/dev/null; chmod 000 corpus/locked; chmod o+w "$dir"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
fi
if [[ $(id -u) == 0 && ${#as_user[@]} == 0 ]]; then
  echo "skip $current (root without setpriv)"
else
  run 30 "${as_user[@]}" "$BYLINE" check corpus
  expect_code 2
  expect_out "locked:1:1: error[unreadable-file]: cannot read the folder"
  run 30 "${as_user[@]}" "$BYLINE" check corpus/locked/b.txt
  expect_code 2
  expect_out "error[unreadable-file]: cannot read"
  if grep -q "no such file" stderr.txt; then fail "said 'no such file' for a file it cannot reach"; fi
fi
chmod 755 corpus/locked
case_end

case_begin "JSONL: big integer ids, array lines, a dct with a leading space"
printf '%s\n' '{"id": 123456789012345678901234567890, "text": "Ana Lima spoke."}' \
  '["x", "Ana Lima spoke."]' \
  '{"id": "c", "text": "Ana Lima spoke.", "dct": " 2020-01-02"}' >in.jsonl
run 30 sh -c "$BYLINE annotate --jsonl <in.jsonl"
expect_code 1
expect_out '"id":123456789012345678901234567890,'
expect_err "stdin:2: expected a JSON object"
expect_err 'stdin:3: "dct" must be YYYY-MM-DD or null, found " 2020-01-02"'
case_end

echo
echo "hostile suite: $passed passed, $failed failed"
if ((failed > 0)); then
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
