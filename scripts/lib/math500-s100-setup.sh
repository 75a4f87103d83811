# Sourced by scripts/eval-math500-s100.sh and scripts/eval-anytime.sh from the repository's root, after
# scripts/env.sh: sets P, the ponder binary, and DB, their shared database, unpacked from the runs kept in the
# repository (scripts/lib/kept_runs.py) when out/ has none; defines write_report, the report both write at the end.
#
# PONDER_BIN: a ponder binary already built (a copy, so rebuilding the checkout meanwhile cannot replace it).
# Otherwise a release build, in a build folder of its own: SwiftPM locks its build folder for a whole build, so
# a long run paused mid-build (kill -STOP) would otherwise block every debug build and test run meanwhile.
if [[ -n ${PONDER_BIN:-} ]]; then
    P=$PONDER_BIN
else
    scripts/setup.sh
    swift build -c release --scratch-path .build-release --product ponder $PONDER_SWIFT_FLAGS >&2
    P=.build-release/release/ponder
fi
$P models pull >/dev/null
mkdir -p out

DB=out/math500-s100.sqlite
KEPT=docs/results/math500-s100-per-problem-seeds/runs
if [[ ! -e $DB && -d $KEPT ]]; then python3 scripts/lib/kept_runs.py unpack $KEPT $DB; fi

# The report of the database, with the stopping rules replayed on majority's samples: the settling rules alone,
# and with the give-up clause (issue 15).
write_report() {
    $P report --db $DB --out docs/results/math500-s100-per-problem-seeds \
        --replay-stop decided,beta:0.8,beta:0.9,beta:0.95,dirichlet:0.9,dirichlet:0.95,beta:0.8/give-up=0.5,beta:0.9/give-up=0.5,beta:0.95/give-up=0.5,beta:0.8/give-up=0.4
}
