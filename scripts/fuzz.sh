#!/bin/sh
# scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-ARGS...]
#
# Runs one coverage-guided fuzz target of fuzz/ for SECONDS on the stable
# toolchain. TARGET is one of: mail_parse imap_response filter timeexpr config
# (`scripts/fuzz.sh list` prints them).
#
# The build uses libFuzzer (libfuzzer-sys) with the SanitizerCoverage flags
# cargo-fuzz passes, all of them stable rustc options; no sanitizer, so no
# nightly (`cargo fuzz run --sanitizer none` with RUSTC_BOOTSTRAP=1 does the
# same, if cargo-fuzz is installed). Rust code is memory-safe here: what a run
# finds is a panic, an overflow (debug assertions are on) or a hang.
#
# Seeds: fuzz/seeds/TARGET, plus tests/fixtures/mail and tests/fixtures/fidelity
# (broken MIME structures) for mail_parse and the
# example config for config. New inputs go to fuzz/corpus/TARGET, crashes to
# fuzz/artifacts/TARGET/ (both ignored by git). Reproduce a crash with
#   fuzz/target/x86_64-unknown-linux-gnu/release/TARGET fuzz/artifacts/TARGET/crash-...
# and turn it into a regression test before fixing it.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
targets="mail_parse imap_response filter timeexpr config"
if [ "${1:-}" = list ]; then
    for t in $targets; do echo "$t"; done
    exit 0
fi
if [ $# -lt 2 ]; then
    echo "usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-ARGS...]  (targets: $targets)" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2
case " $targets " in
*" $target "*) ;;
*)
    echo "scripts/fuzz.sh: unknown target $target (known: $targets)" >&2
    exit 2
    ;;
esac
case $seconds in
'' | *[!0-9]*)
    echo "scripts/fuzz.sh: SECONDS must be a whole number, not $seconds" >&2
    exit 2
    ;;
esac

triple=$(rustc -vV | sed -n 's/^host: //p')
# An explicit --target keeps these flags off build scripts and proc macros.
export RUSTFLAGS="-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-sanitizer-coverage-stack-depth \
--cfg fuzzing -Cdebug-assertions -Coverflow-checks"
cd "$root/fuzz"
cargo build --locked --release --target "$triple" --bins

corpus="$root/fuzz/corpus/$target"
artifacts="$root/fuzz/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
# mail_parse has no seeds of its own: the test fixtures are its seeds.
seeds=""
[ -d "$root/fuzz/seeds/$target" ] && seeds="$root/fuzz/seeds/$target"
extra=""
case $target in
mail_parse) extra="$root/tests/fixtures/mail $root/tests/fixtures/fidelity" ;;
config)
    mkdir -p "$root/fuzz/corpus/config-example"
    cp "$root/src/config_example.toml" "$root/fuzz/corpus/config-example/"
    extra="$root/fuzz/corpus/config-example"
    ;;
esac
# shellcheck disable=SC2086 # $seeds and $extra are a few paths or nothing
exec "$root/fuzz/target/$triple/release/$target" \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" "$@" "$corpus" $seeds $extra
