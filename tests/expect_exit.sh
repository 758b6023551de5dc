#!/usr/bin/env bash
# Runs a command and passes only when it exits with exactly CODE (WILL_FAIL would also pass on
# a crash or an internal error). Usage: expect_exit.sh CODE COMMAND [ARGS...]
code=$1
shift
"$@"
rc=$?
if [ "$rc" != "$code" ]; then
  echo "expected exit code $code from '$*', got $rc" >&2
  exit 1
fi
exit 0
