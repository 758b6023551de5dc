#!/usr/bin/env bash
# Installs the build into a fresh temporary prefix and runs the installed binary from another
# directory: by paths under P/share/augur, and by a bare board name found beside the binary.
# Usage: test_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
elsewhere=$(mktemp -d)
trap 'rm -rf "$prefix" "$elsewhere"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
fail() { echo "install test: $*" >&2; exit 1; }
[ -x "$prefix/bin/augur" ] || fail "no $prefix/bin/augur"
[ -f "$prefix/share/augur/hwdesc/boards/jetson-tx1.yaml" ] || fail "no hardware descriptions"
[ -f "$prefix/share/augur/hwdesc/runtimes/caffe-cublas-gm20b.yaml" ] || fail "no runtimes"
[ -f "$prefix/share/augur/workloads/caffe/alexnet.prototxt" ] || fail "no workloads"
[ -f "$prefix/share/doc/augur/cli.md" ] || fail "no docs"
cd "$elsewhere"
out=$("$prefix/bin/augur" simulate --hw "$prefix/share/augur/hwdesc/boards/jetson-tx1.yaml" \
      --net "$prefix/share/augur/workloads/caffe/alexnet.prototxt" --format json)
echo "$out" | grep -q '"forward_ms"' || fail "simulate by path printed no forward_ms"
# A bare name: not in ./hwdesc/boards here, so the installed data directory must be used.
out=$("$prefix/bin/augur" simulate --hw jetson-tx1 --net "$prefix/share/augur/workloads/caffe/alexnet.prototxt")
echo "$out" | grep -q "$prefix/bin/../share/augur/hwdesc/boards/jetson-tx1.yaml\|$prefix/share/augur/hwdesc/boards/jetson-tx1.yaml" \
  || fail "--hw jetson-tx1 did not use the installed board: $(echo "$out" | head -2)"
# An unknown name: exit 2, one line listing where it looked.
set +e
err=$("$prefix/bin/augur" simulate --hw jetson-tx9 --net "$prefix/share/augur/workloads/caffe/alexnet.prototxt" 2>&1 >/dev/null)
rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown board: exit $rc, expected 2"
echo "$err" | grep -q "looked for jetson-tx9.yaml in hwdesc/boards, $prefix/share/augur/hwdesc/boards" \
  || fail "unknown board: the error does not list where it looked: $err"
echo "$err" | grep -q "did you mean 'jetson-tx" || fail "no suggestion: $err"
# The Python module, when the build has one: importable from the prefix, and a bare board name is
# found in the prefix's data directory from any folder.
if ls "$build"/python/augur*.so > /dev/null 2>&1; then
  site=$(ls -d "$prefix"/lib/python3*/dist-packages 2>/dev/null | head -1)
  [ -n "$site" ] && ls "$site"/augur*.so > /dev/null 2>&1 || fail "no Python module under $prefix/lib/python3*/dist-packages"
  ms=$(PYTHONPATH="$site" /usr/bin/python3 -c "import augur; print(augur.simulate(hw='jetson-tx1', net='$prefix/share/augur/workloads/caffe/alexnet.prototxt', processor='gpu', batch=1)['forward_ms'])") \
    || fail "import augur from $site failed"
  python_board=$(PYTHONPATH="$site" /usr/bin/python3 -c "import augur; print(augur.simulate(hw='jetson-tx1', net='$prefix/share/augur/workloads/caffe/alexnet.prototxt')['platform']['file'])")
  case "$python_board" in "$prefix"/*) ;; *) fail "the module found jetson-tx1 at $python_board, not in $prefix" ;; esac
  echo "install test: python module ok (AlexNet batch 1 on the TX1 GPU: $ms ms)"
fi
echo "install test: ok ($prefix)"
