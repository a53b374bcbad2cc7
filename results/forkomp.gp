# forkomp.gp: the plots of a forkomp summary.csv (written by `forkomp report`), one set per
# host, kernel, variant and class: wall time, speedup, efficiency and memory against workers,
# one line per model. `forkomp report` runs it; to re-plot by hand:
#
#     gnuplot -c results/forkomp.gp results/latest/summary.csv [OUTDIR]
#
# It writes OUTDIR/KERNEL-VARIANT-CLASS-HOST-{time,speedup,efficiency,memory}.png (OUTDIR
# defaults to the folder of the summary). Columns are found by their header names, so
# summary.csv may grow new columns. Needs awk (to list the cases and models).

summary = ARGC >= 1 ? ARG1 : "summary.csv"
outdir = ARGC >= 2 ? ARG2 : system(sprintf("dirname '%s'", summary))

set datafile separator comma
set terminal pngcairo size 1100,640 font "sans,12" noenhanced linewidth 1.5
set grid lt 1 lw 0.5 lc rgb "#dddddd"
set border lc rgb "#444444"
set key outside right top box samplen 3 spacing 1.2

set xlabel "workers (processes x threads)"

# awk over summary.csv: c[NAME] is the index of the column named NAME.
awk_head = "awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i;next} "
awk_case(h, k, v, s) = sprintf("%s $c[\"host\"]==\"%s\" && $c[\"kernel\"]==\"%s\" && " . \
    "$c[\"variant\"]==\"%s\" && $c[\"class\"]==\"%s\" ", awk_head, h, k, v, s)

# Colours by model, the same in every plot; dashes for the dynamic/pinned variants.
base(l) = strstrt(l, "-") ? l[1:strstrt(l, "-") - 1] : l
colour(l) = base(l) eq "serial" ? "#333333" : base(l) eq "fork" ? "#d62728" : \
    base(l) eq "omp" ? "#1f77b4" : base(l) eq "hybrid" ? "#2ca02c" : \
    base(l) eq "mpi" ? "#9467bd" : "#ff7f0e"
dash(l) = strstrt(l, "-") ? 2 : 1
point(l) = base(l) eq "fork" ? 7 : base(l) eq "omp" ? 5 : base(l) eq "hybrid" ? 9 : 13
name(l) = (base(l) eq "fork" ? "processes (fork)" : base(l) eq "omp" ? "threads (omp)" : \
    base(l) eq "hybrid" ? "hybrid (procs x threads)" : base(l)) . \
    (strstrt(l, "-") ? " " . l[strstrt(l, "-") + 1:] : "")

# The cases: "host kernel variant class" four words each (names hold no blanks).
cases = system(sprintf("%s {print $c[\"host\"], $c[\"kernel\"], $c[\"variant\"], " . \
    "$c[\"class\"]}' '%s' | awk '!seen[$0]++'", awk_head, summary))

do for [i = 1:words(cases) / 4] {
    host = word(cases, 4 * i - 3); kernel = word(cases, 4 * i - 2)
    variant = word(cases, 4 * i - 1); class = word(cases, 4 * i)
    cond = awk_case(host, kernel, variant, class)
    labels = system(sprintf("%s {print $c[\"label\"]}' '%s' | awk '!seen[$0]++'", cond, summary))
    models = system(sprintf("%s && $c[\"label\"]!=\"serial\" {print $c[\"label\"]}' '%s' " . \
        "| awk '!seen[$0]++'", cond, summary))
    workers = system(sprintf("%s {print $c[\"workers\"]}' '%s' | sort -n -u", cond, summary))
    cpus = system(sprintf("%s {if ($c[\"cpus\"] > m) m = $c[\"cpus\"]} END {print m + 0}' '%s'", \
        cond, summary)) + 0
    serial = system(sprintf("%s && $c[\"label\"]==\"serial\" {print $c[\"median_s\"]}' '%s'", \
        cond, summary))
    serial_t = strlen(serial) > 0 ? serial + 0 : NaN
    maxw = word(workers, words(workers)) + 0
    sel(l) = strcol("host") eq host && strcol("kernel") eq kernel && \
        strcol("variant") eq variant && strcol("class") eq class && strcol("label") eq l
    cores = cpus > 0 ? sprintf(", %d cores", cpus) : ""
    case = sprintf("%s (%s), class %s, host %s%s", kernel, variant, class, host, cores)
    prefix = sprintf("%s/%s-%s-%s-%s-", outdir, kernel, variant, class, host)

    set xtics ()
    do for [w in workers] { set xtics add (sprintf("%d", w + 0) w + 0) }
    set xrange [0.5:maxw + 0.5]
    # A vertical mark at the core count: to its right workers share cores.
    unset arrow
    if (cpus > 0 && cpus < maxw) {
        set arrow 1 from cpus, graph 0 to cpus, graph 1 nohead dt 3 lc rgb "#888888"
        set label 1 "oversubscribed ->" at cpus, graph 0.04 offset 1, 0 tc rgb "#888888"
    } else { unset label 1 }

    set output prefix . "time.png"
    set title "Wall time of the kernel region vs workers\n" . case
    set ylabel "wall time (s), median; bars: 95% CI of the median"
    set yrange [0:*]
    plot for [l in labels] summary using (sel(l) ? column("workers") : NaN):"median_s":"ci_lo_s":"ci_hi_s" \
            with yerrorlines lc rgb colour(l) dt dash(l) pt point(l) ps 1.3 title name(l), \
        serial_t with lines dt 3 lc rgb "#333333" title (serial_t == serial_t ? "serial median" : "")

    # Speedup and efficiency need the serial baseline and a parallel model.
    if (serial_t == serial_t && strlen(models) > 0) {
        set output prefix . "speedup.png"
        set title "Speedup over serial vs workers\n" . case
        set ylabel "speedup (serial median / median); bars from the 95% CIs"
        set yrange [0:*]
        plot x with lines dt 2 lc rgb "#999999" title "ideal (= workers)", \
            (cpus > 0 ? (x < cpus ? x : cpus) : NaN) with lines dt 3 lc rgb "#555555" \
                title (cpus > 0 ? "ideal on these cores" : ""), \
            for [l in models] summary using (sel(l) ? column("workers") : NaN):"speedup":"speedup_lo":"speedup_hi" \
                with yerrorlines lc rgb colour(l) dt dash(l) pt point(l) ps 1.3 title name(l)

        set output prefix . "efficiency.png"
        set title "Parallel efficiency (speedup / workers) vs workers\n" . case
        set ylabel "efficiency"
        set yrange [0:1.2<*]
        plot 1 with lines dt 2 lc rgb "#999999" title "ideal", \
            (cpus > 0 ? (x < cpus ? 1 : cpus / x) : NaN) with lines dt 3 lc rgb "#555555" \
                title (cpus > 0 ? "ideal on these cores" : ""), \
            for [l in models] summary using (sel(l) ? column("workers") : NaN):"efficiency" \
                with linespoints lc rgb colour(l) dt dash(l) pt point(l) ps 1.3 title name(l)
    }

    set output prefix . "memory.png"
    set title "Peak memory vs workers\nsolid: sum over the run's processes, dashed: largest process; " . case
    set ylabel "peak resident memory (MiB), median"
    set yrange [0:*]
    plot for [l in labels] summary using (sel(l) ? column("workers") : NaN):(column("rss_sum_kib") / 1024) \
            with linespoints lc rgb colour(l) pt point(l) ps 1.3 title name(l), \
        for [l in labels] summary using (sel(l) ? column("workers") : NaN):(column("maxrss_kib") / 1024) \
            with linespoints lc rgb colour(l) dt 2 pt point(l) ps 0.8 notitle
    unset output
}
