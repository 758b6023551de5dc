#!/usr/bin/env bash
# Builds and runs the whole test suite under a checking build:
#   bash scripts/sanitize.sh address     AddressSanitizer + UndefinedBehaviorSanitizer + libstdc++
#                                        assertions (-D_GLIBCXX_ASSERTIONS) in one build (build-asan);
#                                        this is what CI runs
#   bash scripts/sanitize.sh assertions  libstdc++ assertions alone, at full speed (build-assert)
# The two checks share one build in CI because each checking build of the whole project costs
# ~10 minutes on two cores; ASan does not hide what the assertions catch (they abort first).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: sanitize.sh address|assertions}
bash scripts/setup-deps.sh
case "$kind" in
  # Warnings stay on but are not errors here: GCC's flow analysis reports false positives inside
  # libstdc++ under instrumentation. The Release build (scripts/test.sh) keeps -Werror.
  address) dir=build-asan; flags=(-DAUGUR_SANITIZE=ON -DAUGUR_ASSERTIONS=ON -DAUGUR_WERROR=OFF) ;;
  assertions) dir=build-assert; flags=(-DAUGUR_ASSERTIONS=ON -DAUGUR_WERROR=OFF) ;;
  *) echo "sanitize: unknown kind '$kind'" >&2; exit 2 ;;
esac
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" >&2
fi
cmake --build "$dir" -j "$(nproc)" >&2
# -LE slow: the cross-validation and refit checks (minutes under a sanitizer) run in the Release
# suite; the calibration code itself runs here through tests/cli/test_cli_calibrate.cpp.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" -LE slow
