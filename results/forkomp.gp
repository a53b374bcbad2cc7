# SPDX-License-Identifier: MIT
# forkomp.gp: the plots of a forkomp summary.csv (written by `forkomp report`), one set per
# host, kernel, variant and class: wall time, speedup, efficiency and memory against workers,
# one line per model. `forkomp report` runs it; to re-plot by hand:
#
#     gnuplot -c results/forkomp.gp results/latest/summary.csv [OUTDIR [png|svg]]
#
# It writes OUTDIR/KERNEL-VARIANT-CLASS-HOST-{time,speedup,efficiency,memory}.png (OUTDIR
# defaults to the folder of the summary; memory: processes and threads, -memory-others.png:
# hybrid and MPI, when the case has them), -runs.png (every verified run, from plot-runs.csv
# beside the summary, when `forkomp report` wrote one), OUTDIR/tasksize-speedup-HOST.png (every
# class on one plot: speedup against the work of one task), and, for the rows of `forkomp
# spawn`, OUTDIR/spawn-granularity-HOST.png. When the summary spans several hosts these per-host
# plots go to OUTDIR/hosts/HOST/ instead (a class of 30 laptops would bury the folder), and
# OUTDIR/class.csv, when present, gives OUTDIR/class-KERNEL-VARIANT-CLASS-speedup.png: the
# speedup of each model at 2 workers per host. Columns are found by their header names, so
# summary.csv may grow new columns. Needs awk (to list the cases and models). With svg as the
# third argument the same plots are drawn as .svg (report.html inlines them).

summary = ARGC >= 1 ? ARG1 : "summary.csv"
outdir = ARGC >= 2 ? ARG2 : system(sprintf("dirname '%s'", summary))
# A missing OUTDIR would only make every `set output` print an error and gnuplot exit 0.
if (system(sprintf("test -d '%s' && echo ok", outdir)) ne "ok") {
    print sprintf("forkomp.gp: %s is not a folder (create it first)", outdir)
    exit status 2
}
datadir = system(sprintf("dirname '%s'", summary)) # class.csv lives beside summary.csv
scriptdir = system(sprintf("dirname '%s'", ARG0)) # where forkomp-tasksize.gp is
svg = ARGC >= 3 && ARG3 eq "svg"
ext = svg ? ".svg" : ".png"
# The terminal of the per-case plots (two side by side in report.html), of the task-size plot
# and of the wider granularity plot (eval: loops expand no macros). svg's font size is in
# pixels, pngcairo's in points: the page shows a case's svg at 3/4 size, two side by side.
term = (svg ? "svg" : "pngcairo") . ' size 760,520 noenhanced linewidth 1.5 font "sans,' . \
    (svg ? '15"' : '11"')
term_big = (svg ? "svg" : "pngcairo") . ' size 1100,640 font "sans,12" noenhanced linewidth 1.5'
term_wide = (svg ? "svg" : "pngcairo") . ' size 1300,700 font "sans,11" noenhanced linewidth 1.5'

set datafile separator comma
eval "set terminal " . term
set grid lt 1 lw 0.5 lc rgb "#dddddd"
set border lc rgb "#444444"
# The legend below the plot, outside the data and the axis titles, in rows (a smaller font, so
# that seven models still fit in two columns).
key_below = 'set key outside below center horizontal nobox samplen 3 spacing 1.1 width 1 ' . \
    'height 1 font ",' . (svg ? '13"' : '10"')
eval key_below

set xlabel "workers (count; processes x threads)"

# awk over summary.csv: c[NAME] is the index of the column named NAME.
awk_head = "awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i;next} "
awk_case(h, k, v, s) = sprintf("%s $c[\"host\"]==\"%s\" && $c[\"kernel\"]==\"%s\" && " . \
    "$c[\"variant\"]==\"%s\" && $c[\"class\"]==\"%s\" ", awk_head, h, k, v, s)

# Colours by model, the same in every plot; dashes for the dynamic/pinned variants. A label
# is the model's name (which may hold '-', as mpi-omp does), then "-dyn" and/or "-pin...":
# only those suffixes are cut off, so every model keeps a line and a colour of its own.
cut(l) = strstrt(l, "-dyn") ? strstrt(l, "-dyn") : strstrt(l, "-pin") ? strstrt(l, "-pin") : 0
base(l) = cut(l) ? l[1:cut(l) - 1] : l
colour(l) = base(l) eq "serial" ? "#333333" : base(l) eq "fork" ? "#d62728" : \
    base(l) eq "omp" ? "#1f77b4" : base(l) eq "hybrid" ? "#2ca02c" : \
    base(l) eq "mpi" ? "#9467bd" : base(l) eq "mpi-omp" ? "#8c564b" : "#ff7f0e"
dash(l) = cut(l) ? 2 : 1
# The models' order of `forkomp --help` (harness/cli/registry.c), for legends over several cases.
model_rank(l) = base(l) eq "serial" ? 0 : base(l) eq "fork" ? 1 : base(l) eq "omp" ? 2 : \
    base(l) eq "hybrid" ? 3 : base(l) eq "mpi" ? 4 : base(l) eq "mpi-omp" ? 5 : 6
point(l) = base(l) eq "fork" ? 7 : base(l) eq "omp" ? 5 : base(l) eq "hybrid" ? 9 : \
    base(l) eq "mpi-omp" ? 11 : 13
name(l) = (base(l) eq "fork" ? "processes (fork)" : base(l) eq "omp" ? "threads (omp)" : \
    base(l) eq "hybrid" ? "hybrid (procs x threads)" : \
    base(l) eq "mpi-omp" ? "MPI ranks x threads (mpi-omp)" : base(l)) . \
    (cut(l) ? " " . l[cut(l) + 1:] : "")

# Ticks of a log axis of seconds, in their units.
time_tics = '("10 ns" 1e-8, "100 ns" 1e-7, "1 us" 1e-6, "10 us" 1e-5, "100 us" 1e-4, ' . \
    '"1 ms" 1e-3, "10 ms" 1e-2, "100 ms" 0.1, "1 s" 1, "10 s" 10, "100 s" 100)'

# Per-host plots go to a folder per host when there are several hosts.
nhosts = system(sprintf("%s {print $c[\"host\"]}' '%s' | sort -u | wc -l", awk_head, summary)) + 0
hostdir(h) = nhosts > 1 ? sprintf("%s/hosts/%s", outdir, h) : outdir
make_hostdir(h) = nhosts > 1 ? system(sprintf("mkdir -p '%s'", hostdir(h))) : ""

# The single runs, written by `forkomp report` beside summary.csv, for the strip plots.
runs_csv = datadir . "/plot-runs.csv"
have_runs = system(sprintf("test -r '%s' && echo 1 || echo 0", runs_csv)) + 0

# The cases: "host kernel variant class" four words each (names hold no blanks).
# Rows of kernel spawn (per-operation costs of `forkomp spawn`) get the granularity plot at the
# end instead.
cases = system(sprintf("%s $c[\"kernel\"]!=\"spawn\" {print $c[\"host\"], $c[\"kernel\"], " . \
    "$c[\"variant\"], $c[\"class\"]}' '%s' | awk '!seen[$0]++'", awk_head, summary))

do for [i = 1:words(cases) / 4] {
    host = word(cases, 4 * i - 3); kernel = word(cases, 4 * i - 2)
    variant = word(cases, 4 * i - 1); class = word(cases, 4 * i)
    cond = awk_case(host, kernel, variant, class)
    # Only the labels with a median: a group whose every run failed (a --fault run) has none,
    # and plotting it is gnuplot's "all points y value undefined" error.
    labels = system(sprintf("%s && $c[\"median_s\"]!=\"\" {print $c[\"label\"]}' '%s' " . \
        "| awk '!seen[$0]++'", cond, summary))
    models = system(sprintf("%s && $c[\"label\"]!=\"serial\" && $c[\"median_s\"]!=\"\" " . \
        "{print $c[\"label\"]}' '%s' | awk '!seen[$0]++'", cond, summary))
    workers = system(sprintf("%s {print $c[\"workers\"]}' '%s' | sort -n -u", cond, summary))
    cpus = system(sprintf("%s {if ($c[\"cpus\"] > m) m = $c[\"cpus\"]} END {print m + 0}' '%s'", \
        cond, summary)) + 0
    # Numbers from awk as %.12f: gnuplot cannot read "9e-05" (a mantissa without a point).
    serial = system(sprintf("%s && $c[\"label\"]==\"serial\" && $c[\"median_s\"]!=\"\" " . \
        "{printf \"%%.12f\\n\", $c[\"median_s\"]}' '%s'", \
        cond, summary))
    serial_t = strlen(serial) > 0 ? serial + 0 : NaN
    # Units per plot: ms when the slowest median is under a second, else s.
    tmax = system(sprintf("%s {if ($c[\"median_s\"] + 0 > m) m = $c[\"median_s\"] + 0} " . \
        "END {printf \"%%.12f\\n\", m}' '%s'", cond, summary)) + 0
    tscale = tmax < 1 ? 1000 : 1
    tunit = tmax < 1 ? "ms" : "s"
    # The coverage the CI bars really have: the lowest ci_level of the case (below 95% with
    # fewer than 6 runs a group); the labels say it instead of a 95% they do not have.
    cover = system(sprintf("%s && $c[\"ci_level\"]!=\"\" {v = $c[\"ci_level\"] + 0; " . \
        "if (!n++ || v < m) m = v} END {print (n ? m : 0.95)}' '%s'", cond, summary)) + 0
    ci_short = cover >= 0.95 - 1e-9 ? "95% CIs" : sprintf("CIs of %.0f%% coverage", 100 * cover)
    ci_name = cover >= 0.95 - 1e-9 ? "95% CI" : \
        sprintf("CI of only %.0f%% coverage (too few runs for 95%%)", 100 * cover)
    maxw = word(workers, words(workers)) + 0
    sel(l) = strcol("host") eq host && strcol("kernel") eq kernel && \
        strcol("variant") eq variant && strcol("class") eq class && strcol("label") eq l
    cores = cpus > 0 ? sprintf(", %d cores", cpus) : ""
    case = sprintf("%s (%s), class %s, host %s%s", kernel, variant, class, host, cores)
    made = make_hostdir(host)
    prefix = sprintf("%s/%s-%s-%s-%s-", hostdir(host), kernel, variant, class, host)

    if (words(labels) == 0) {
        print sprintf("forkomp.gp: %s: no verified run, nothing to plot", case)
        continue
    }
    set xtics ()
    do for [w in workers] { set xtics add (sprintf("%d", w + 0) w + 0) }
    set xrange [0.5:maxw + 0.5]
    # A vertical mark at the core count: to its right workers share cores.
    unset arrow
    if (cpus > 0 && cpus < maxw) {
        set arrow 1 from cpus, graph 0 to cpus, graph 1 nohead dt 3 lc rgb "#888888"
        set label 1 "oversubscribed ->" at cpus, graph 0.04 offset 1, 0 tc rgb "#888888"
    } else { unset label 1 }

    set output prefix . "time" . ext
    set title sprintf("Wall time of the kernel region vs workers, %s\nbars: %s of the median", \
        case, ci_name)
    set ylabel sprintf("wall time (%s), median", tunit)
    set yrange [0:*]
    plot for [l in labels] summary using (sel(l) ? column("workers") : NaN):(column("median_s") * tscale):(column("ci_lo_s") * tscale):(column("ci_hi_s") * tscale) \
            with yerrorlines lc rgb colour(l) dt dash(l) pt point(l) ps 1.3 title name(l), \
        serial_t * tscale with lines dt 3 lc rgb "#333333" title (serial_t == serial_t ? "serial median" : "")

    # Speedup and efficiency need the serial baseline and a parallel model.
    if (serial_t == serial_t && strlen(models) > 0) {
        set output prefix . "speedup" . ext
        set title sprintf("Speedup over serial vs workers; bars from the medians' %s\n%s", \
            ci_short, case)
        set ylabel "speedup (x faster than serial: serial median / median)"
        set yrange [0:*]
        plot x with lines dt 2 lc rgb "#999999" title "ideal (= workers)", \
            (cpus > 0 ? (x < cpus ? x : cpus) : NaN) with lines dt 3 lc rgb "#555555" \
                title (cpus > 0 ? "ideal on these cores" : ""), \
            for [l in models] summary using (sel(l) ? column("workers") : NaN):"speedup":"speedup_lo":"speedup_hi" \
                with yerrorlines lc rgb colour(l) dt dash(l) pt point(l) ps 1.3 title name(l)

        set output prefix . "efficiency" . ext
        set title "Parallel efficiency (speedup / workers) vs workers\n" . case
        set ylabel "efficiency (speedup / workers; 1 = ideal)"
        set yrange [0:1.2<*]
        plot 1 with lines dt 2 lc rgb "#999999" title "ideal", \
            (cpus > 0 ? (x < cpus ? 1 : cpus / x) : NaN) with lines dt 3 lc rgb "#555555" \
                title (cpus > 0 ? "ideal on these cores" : ""), \
            for [l in models] summary using (sel(l) ? column("workers") : NaN):"efficiency" \
                with linespoints lc rgb colour(l) dt dash(l) pt point(l) ps 1.3 title name(l)
    }

    # The single runs (plot-runs.csv): a slot per worker count, a lane per model in it, each
    # verified run a point jittered sideways within its lane, the median a bar across it: what
    # a median hides (two clusters, a straggler) shows.
    if (have_runs) {
        rcond = sprintf("%s $c[\"host\"]==\"%s\" && $c[\"kernel\"]==\"%s\" && " . \
            "$c[\"variant\"]==\"%s\" && $c[\"class\"]==\"%s\" ", awk_head, host, kernel, variant, class)
        # The case's runs, placed, into $RUNS (one awk, then plotted from memory): lane k of n
        # is centred at (k - (n + 1) / 2) * 0.8 / n in its slot, h = 0.32 / n its half width;
        # "LABEL,X,SECONDS,RUN,WIDTH": a run at X jittered within 70% of the lane, a median
        # (run 0) as a bar from X, WIDTH long; then "# SLOWEST EVERY" and "# SLOT WORKERS".
        set print $RUNS
        print system(sprintf("%s {n = $c[\"lanes\"]; h = 0.32 / n; " . \
            "x = $c[\"slot\"] + ($c[\"lane\"] - (n + 1) / 2) * 0.8 / n; " . \
            "x += $c[\"run\"] > 0 ? $c[\"jitter\"] * 2 * h * 0.7 : -h; " . \
            "printf \"%%s,%%.6f,%%s,%%s,%%.6f\\n\", $c[\"label\"], x, $c[\"wall_s\"], $c[\"run\"], 2 * h; " . \
            "if ($c[\"wall_s\"] + 0 > m) m = $c[\"wall_s\"] + 0; " . \
            "if ($c[\"every\"] + 0 > e) e = $c[\"every\"] + 0; s[$c[\"slot\"]] = $c[\"workers\"]} " . \
            "END {printf \"# %%.12f %%d\\n\", m, e; fflush(); " . \
            "for (k in s) print \"#\", k, s[k] | \"sort -k2,2n\"}' '%s'", rcond, runs_csv))
        set print
        slots = ""
        rmax = 0; every = 0
        do for [i = 1:|$RUNS|] {
            if ($RUNS[i][1:1] eq "#") {
                if (rmax == 0 && every == 0) {
                    rmax = word($RUNS[i], 2) + 0; every = word($RUNS[i], 3) + 0
                } else { slots = slots . " " . $RUNS[i][2:] }
            }
        }
        rscale = rmax < 1 ? 1000 : 1
        runit = rmax < 1 ? "ms" : "s"
        set xtics ()
        do for [k = 1:words(slots) / 2] {
            w = word(slots, 2 * k) + 0
            set xtics add (sprintf("%d%s", w, cpus > 0 && w > cpus ? "*" : "") word(slots, 2 * k - 1) + 0)
        }
        set xrange [0.5:words(slots) / 2 + 0.5]
        unset arrow; unset label 1
        set output prefix . "runs" . ext
        set title sprintf("Every verified run (points, spread sideways) and the median (bar) per " . \
            "model and workers\n%s%s%s", case, cpus > 0 && cpus < maxw ? "; * more workers than cores" : "", \
            every > 1 ? sprintf("; every %d. run of the larger groups", every) : "")
        set ylabel sprintf("wall time (%s), each run", runit)
        set yrange [0:*]
        plot for [l in labels] $RUNS using (strcol(1) eq l && $4 > 0 ? $2 : NaN):($3 * rscale) \
            with points pt (cut(l) ? 6 : 7) ps 1 lc rgb ("#50" . colour(l)[2:7]) title name(l), \
            for [l in labels] $RUNS using (strcol(1) eq l && $4 == 0 ? $2 : NaN):($3 * rscale):5:(0) \
            with vectors nohead lw 3 dt dash(l) lc rgb colour(l) notitle, \
            NaN with lines lw 3 lc rgb "#333333" title "median (bar)"
        set xtics ()
        do for [w in workers] { set xtics add (sprintf("%d", w + 0) w + 0) }
        set xrange [0.5:maxw + 0.5]
    }

    # Memory: processes and threads (and serial) alone, the question of the answer; the other
    # models (hybrid, MPI ranks: mpirun's processes would set the scale) on a plot of their own.
    pt_labels = ""; other_labels = ""
    do for [l in labels] {
        if (base(l) eq "serial" || base(l) eq "fork" || base(l) eq "omp") {
            pt_labels = pt_labels . " " . l
        } else { other_labels = other_labels . " " . l }
    }
    do for [m = 1:2] {
        mlabels = m == 1 ? pt_labels : other_labels
        if (words(mlabels) > 0) {
            set output prefix . (m == 1 ? "memory" : "memory-others") . ext
            set title sprintf("Memory vs workers, %s; %s\nsolid: PSS summed over the processes " . \
                "(what the run occupies), dashed: RSS summed", m == 1 ? \
                "processes and threads" : "the other models", case)
            set ylabel "memory (MiB), median"
            set yrange [0:*]
            plot for [l in mlabels] summary using (sel(l) ? column("workers") : NaN):(column("pss_sum_kib") / 1024) \
                    with linespoints lc rgb colour(l) pt point(l) ps 1.3 title name(l), \
                for [l in mlabels] summary using (sel(l) ? column("workers") : NaN):(column("rss_sum_kib") / 1024) \
                    with linespoints lc rgb colour(l) dt 2 pt point(l) ps 0.8 notitle
        }
    }
    unset output
}

# ------------------------------------------------------------------ speedup vs task size
# Every class on one plot, per host: results/forkomp-tasksize.gp, beside this script.
load scriptdir . "/forkomp-tasksize.gp"

# ------------------------------------------------------------------ spawn granularity
# Per host with spawn rows: the median cost per operation of each mechanism (point; bar down to
# the minimum), log scale, against the work of one task (serial median / tasks) of the lab
# class and class A, drawn as horizontal lines: a mechanism near or above a line costs as
# much as the task it would start.
spawn_hosts = system(sprintf("%s $c[\"kernel\"]==\"spawn\" && $c[\"per_op_s\"]!=\"\" " . \
    "{print $c[\"host\"]}' '%s' | awk '!seen[$0]++'", awk_head, summary))
do for [host in spawn_hosts] {
    # "LABEL,MEDIAN,MIN,MODEL" per mechanism, parent and W (comma-separated, as summary.csv).
    spawn_rows = sprintf("< %s $c[\"kernel\"]==\"spawn\" && $c[\"host\"]==\"%s\" && " . \
        "$c[\"per_op_s\"]!=\"\" {print $c[\"variant\"] \" \" $c[\"class\"] \" W=\" " . \
        "$c[\"workers\"] \",\" $c[\"per_op_s\"] \",\" $c[\"per_op_min_s\"] \",\" " . \
        "$c[\"model\"]}' '%s' | sort -t, -k4,4 -s", awk_head, host, summary)
    # (sorted by side, stably: the processes first, then the threads, each in the report's order)
    # "KERNEL-VARIANT-CLASS SECONDS_PER_TASK" for the serial runs of every class in the data.
    tasks = system(sprintf("%s $c[\"host\"]==\"%s\" && $c[\"kernel\"]!=\"spawn\" && " . \
        "$c[\"label\"]==\"serial\" " . \
        "&& $c[\"tasks\"] > 0 && $c[\"median_s\"] != \"\" {print $c[\"kernel\"] \"-\" " . \
        "$c[\"variant\"] \"-\" $c[\"class\"], sprintf(\"%%.12f\", $c[\"median_s\"] / $c[\"tasks\"])}' '%s' " . \
        "| awk '!seen[$1]++'", awk_head, host, summary))
    nspawn = system(sprintf("%s $c[\"kernel\"]==\"spawn\" && $c[\"host\"]==\"%s\" && " . \
        "$c[\"per_op_s\"]!=\"\" {n++} END {print n + 0}' '%s'", awk_head, host, summary)) + 0
    ntasks = words(tasks) / 2
    task_colour(k) = word("#2ca02c #9467bd #ff7f0e #8c564b #e377c2 #17becf #bcbd22 #7f7f7f", (k - 1) % 8 + 1)
    fmt_t(t) = t >= 1 ? sprintf("%.2f s", t) : t >= 1e-3 ? sprintf("%.3g ms", t * 1e3) : \
        sprintf("%.3g us", t * 1e6)

    made = make_hostdir(host)
    set output sprintf("%s/spawn-granularity-%s%s", hostdir(host), host, ext)
    eval "set terminal " . term_wide
    set title sprintf("What a process costs: spawn cost per operation vs the work of one task\n" . \
        "forkomp spawn, host %s; point: median, bar: down to the minimum; lines: serial median / tasks", host)
    set xlabel "mechanism, parent's resident size and workers W"
    set ylabel "cost per operation (time, log scale)"
    set logscale y
    eval "set ytics " . time_tics
    set yrange [*:*]
    set offsets 0, 0, graph 0.08, graph 0.05 # keep a task line off the border
    set xrange [-0.6:nspawn - 0.4]
    set xtics () rotate by -35 font ",10"
    unset arrow; unset label 1
    set key below nobox horizontal
    plot spawn_rows using 0:(strcol(4) eq "process" ? $2 : NaN):3:2:xtic(1) with yerrorbars \
            lc rgb "#d62728" pt 7 ps 1.4 title "processes (median, min)", \
        spawn_rows using ($0):(strcol(4) eq "thread" ? $2 : NaN):(strcol(4) eq "thread" ? $3 : NaN):($2) \
            with yerrorbars lc rgb "#1f77b4" pt 5 ps 1.4 title "threads (median, min)", \
        for [k = 1:(ntasks > 0 ? ntasks : 1)] (ntasks > 0 ? word(tasks, 2 * k) + 0 : NaN) \
            with lines dt 2 lw 2 lc rgb task_colour(k) \
            title (ntasks > 0 ? sprintf("one task, %s: %s", word(tasks, 2 * k - 1), \
                fmt_t(word(tasks, 2 * k) + 0)) : "")
    unset logscale y
    set offsets 0, 0, 0, 0
    set ytics autofreq
    set format y "% h"
    eval key_below
    set xtics norotate font ""
    eval "set terminal " . term
    unset output
}

# ------------------------------------------------------------------ class: speedup per host
# From OUTDIR/class.csv (written by `forkomp report` when the data spans several hosts): per
# job, the speedup of each model at 2 workers on each host, bars from the 95% CIs; a host
# whose figures stand apart is marked with a ring.
class_csv = datadir . "/class.csv"
class_jobs = system(sprintf("test -r '%s' && %s {print $c[\"kernel\"], $c[\"variant\"], " . \
    "$c[\"class\"]}' '%s' | awk '!seen[$0]++'", class_csv, awk_head, class_csv))
do for [i = 1:words(class_jobs) / 3] {
    kernel = word(class_jobs, 3 * i - 2); variant = word(class_jobs, 3 * i - 1)
    class = word(class_jobs, 3 * i)
    cond = sprintf("%s $c[\"kernel\"]==\"%s\" && $c[\"variant\"]==\"%s\" && " . \
        "$c[\"class\"]==\"%s\" ", awk_head, kernel, variant, class)
    cmodels = system(sprintf("%s {print $c[\"model\"]}' '%s' | awk '!seen[$0]++'", cond, class_csv))
    nh = system(sprintf("%s {if ($c[\"host_index\"] > m) m = $c[\"host_index\"]} END " . \
        "{print m + 0}' '%s'", cond, class_csv)) + 0
    # "INDEX HOST MODEL SPEEDUP LO HI APART" per host and model of this job.
    rows = sprintf("< %s {print $c[\"host_index\"], $c[\"host\"], $c[\"model\"], " . \
        "($c[\"speedup\"] == \"\" ? \"NaN\" : $c[\"speedup\"]), " . \
        "($c[\"speedup_lo\"] == \"\" ? \"NaN\" : $c[\"speedup_lo\"]), " . \
        "($c[\"speedup_hi\"] == \"\" ? \"NaN\" : $c[\"speedup_hi\"]), $c[\"apart\"]}' " . \
        "'%s'", cond, class_csv)
    set datafile separator whitespace
    set output sprintf("%s/class-%s-%s-%s-speedup%s", outdir, kernel, variant, class, ext)
    set title sprintf("Speedup at 2 workers over each host's serial median, per host\n" . \
        "%s (%s), class %s; bars from the 95%% CIs; ring: the host stands apart", kernel, variant, class)
    set xlabel "host"
    set ylabel "speedup at 2 workers (x faster than serial)"
    set xrange [0.5:nh + 0.5]
    set yrange [0:*]
    chosts = system(sprintf("%s {print $c[\"host_index\"], $c[\"host\"]}' '%s' | awk '!seen[$0]++'", \
        cond, class_csv))
    set xtics () rotate by -30 font ",10"
    do for [h = 1:words(chosts) / 2] {
        set xtics add (word(chosts, 2 * h) word(chosts, 2 * h - 1) + 0)
    }
    unset arrow; unset label 1
    off(k) = (k - (words(cmodels) + 1) / 2.0) * 0.12
    plot 2 with lines dt 2 lc rgb "#999999" title "ideal (= 2)", \
        for [k = 1:words(cmodels)] rows using (strcol(3) eq word(cmodels, k) ? $1 + off(k) : NaN):4:5:6 \
            with yerrorbars lc rgb colour(word(cmodels, k)) pt point(word(cmodels, k)) ps 1.4 \
            title name(word(cmodels, k)), \
        for [k = 1:words(cmodels)] rows using (strcol(3) eq word(cmodels, k) && $7 > 0 ? $1 + off(k) : NaN):4 \
            with points pt 6 ps 3 lc rgb "#000000" title (k == 1 ? "stands apart" : "")
    unset output
    set datafile separator comma
    set xtics norotate font ""
    set xlabel "workers (count; processes x threads)"
}
