# shellcheck shell=bash
# What every benchmark report ends with, and how it is published. Source it; sourcing only defines the functions
# below. The caller defines say (a message on stderr) and report (prints the report), and sets RESULTS.
#
#   machine_line POSTGRES   "Machine: …" with CPUs, RAM, kernel, POSTGRES (the server's version text), Swift and
#                           the load averages in load_before and load_after
#   publish_report          prints the report, and writes it to RESULTS too unless RESULTS is empty
#   stats FILE              "median min max n" of a file of numbers, 2 decimals below 10, else 1
#   median FILE             the median alone

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

stats() {   # "median min max n" of a file of numbers
    sort -g "$1" | awk '{ a[NR] = $1 } END {
        if (NR == 0) { print "nan nan nan 0"; exit }
        m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%s %s %s %d\n", fmt(m), fmt(a[1]), fmt(a[NR]), NR }
        function fmt(x) { return x < 10 ? sprintf("%.2f", x) : sprintf("%.1f", x) }'
}
median() { stats "$1" | cut -d' ' -f1; }
