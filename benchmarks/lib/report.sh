# shellcheck shell=bash
# What every benchmark report ends with, and how it is published. Source it; sourcing only defines the functions
# below. The caller defines say (a message on stderr) and report (prints the report), and sets RESULTS.
#
#   machine_line POSTGRES   "Machine: …" with CPUs, RAM, kernel, POSTGRES (the server's version text), Swift and
#                           the load averages in load_before and load_after
#   publish_report          prints the report, and writes it to RESULTS too unless RESULTS is empty

machine_line() {
    echo "Machine: $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r), PostgreSQL $1, $(swift --version 2>/dev/null | head -n 1 | sed 's/ (.*//'), load average $load_before before / $load_after after."
}

publish_report() {
    echo >&2
    report
    if [ -n "$RESULTS" ]; then
        mkdir -p "$(dirname "$RESULTS")"
        report >"$RESULTS"
        say "written to $RESULTS"
    fi
}
