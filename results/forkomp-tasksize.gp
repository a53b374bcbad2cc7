# SPDX-License-Identifier: MIT
# forkomp-tasksize.gp: the speedup against task size of forkomp.gp, which loads it after the
# per-case plots (its variables and functions: summary, awk_head, hostdir, colour, ...; run
# forkomp.gp, not this file).
#
# Per host, every class on one plot: across, the work of one task (serial median / tasks, log
# scale; the classes named on the top axis); up, the speedup of each model at one worker
# count W, a line per model and job (kernel and variant: its classes are its sizes; a colour per
# model, a point shape per job, so no line joins two unrelated jobs), the largest of the data that does not exceed the cores (the largest, when the
# cores are unknown or every count exceeds them). One W keeps it to a line per model with one
# ideal (= W) to read it against; an oversubscribed W would add the cores' limit to the
# lesson, and the speedup against workers is each class's own plot.
hosts_all = system(sprintf("%s $c[\"kernel\"]!=\"spawn\" {print $c[\"host\"]}' '%s' | " . \
    "awk '!seen[$0]++'", awk_head, summary))
do for [host in hosts_all] {
    # One awk over summary.csv, twice (the serial time per task of each case first), into
    # $TS: "# W CPUS LABELS...", then "LABEL,SECONDS_PER_TASK,SPEEDUP,LO,HI,CLASS (VARIANT),JOB,FIRST"
    # per case with a serial time per task and a speedup at W (JOB: KERNEL-VARIANT), sorted by
    # label, job and task size (a line drawn left to right); FIRST is 1 on a class's first row
    # (its name on the top axis).
    head2 = "awk -F, 'FNR==1{delete c; for(i=1;i<=NF;i++)c[$i]=i;next} "
    sel2 = sprintf("$c[\"host\"]==\"%s\" && $c[\"kernel\"]!=\"spawn\"", host)
    key2 = "$c[\"kernel\"] \" \" $c[\"variant\"] \" \" $c[\"class\"]"
    set print $TS
    print system(sprintf("%s NR==FNR {if (!(%s)) next; if ($c[\"cpus\"] > cpus) cpus = $c[\"cpus\"]; " . \
        "if ($c[\"label\"]==\"serial\" && $c[\"tasks\"] > 0 && $c[\"median_s\"]!=\"\") " . \
        "t[%s] = $c[\"median_s\"] / $c[\"tasks\"]; " . \
        "if ($c[\"speedup\"]!=\"\" && (w = $c[\"workers\"] + 0) > 1) {ws[w] = 1; if (w > all) all = w; " . \
        "if (!($c[\"label\"] in o)) {o[$c[\"label\"]] = 1; ls = ls \" \" $c[\"label\"]}}; next} " . \
        "!done++ {for (w in ws) if ((!cpus || w + 0 <= cpus + 0) && w + 0 > fit) fit = w + 0; " . \
        "W = fit ? fit : all + 0; print \"# \" W, cpus + 0 ls} " . \
        "%s && $c[\"workers\"]==W && $c[\"speedup\"]!=\"\" && (k = %s) in t " . \
        "{printf \"%%s,%%.12f,%%s,%%s,%%s,%%s (%%s),%%s-%%s\\n\", $c[\"label\"], t[k], $c[\"speedup\"], " . \
        "$c[\"speedup_lo\"], $c[\"speedup_hi\"], $c[\"class\"], $c[\"variant\"], $c[\"kernel\"], " . \
        "$c[\"variant\"]}' '%s' '%s' | LC_ALL=C sort -t, -k1,1 -k7,7 -k2,2g | awk -F, '/^#/ {print; next} " . \
        "{print $0 \",\" (seen[$6]++ ? 0 : 1)}'", head2, sel2, key2, sel2, key2, summary, summary))
    set print
    wstar = |$TS| > 0 ? word($TS[1], 2) + 0 : 0
    hcpus = |$TS| > 0 ? word($TS[1], 3) + 0 : 0
    # The labels with a point, in the summary's order (given on the first line after CPUS);
    # $TC: a row per class, for its name on the top axis (a second tic at the same place,
    # even an empty one, would replace the name).
    tlabels = ""
    set print $TC
    do for [i = 2:|$TS|] {
        if ($TS[i][strlen($TS[i]) - 1:] eq ",1") { print $TS[i] }
    }
    set print
    tseen = ""
    do for [k = 4:words($TS[1])] {
        l = word($TS[1], k)
        have = 0
        do for [i = 2:|$TS|] { have = have || strstrt($TS[i], l . ",") == 1 }
        if (have) { tseen = tseen . " " . l }
    }
    # in the models' order (the first case seen may lack a model another case has)
    do for [rk = 0:6] { do for [l in tseen] { if (model_rank(l) == rk) { tlabels = tlabels . " " . l } } }
    # the jobs (a point shape each), and the "LABEL,JOB" pairs with a point (a line each)
    tjobs = ""; tpairs = ""
    do for [i = 2:|$TS|] {
        f = $TS[i]
        do for [k = 1:6] { f = f[strstrt(f, ",") + 1:] }
        job = f[1:strstrt(f, ",") - 1]
        pair = $TS[i][1:strstrt($TS[i], ",")] . job
        if (!strstrt(" " . tjobs . " ", " " . job . " ")) { tjobs = tjobs . " " . job }
        if (!strstrt(" " . tpairs . " ", " " . pair . " ")) { tpairs = tpairs . " " . pair }
    }
    job_point(j) = word("7 5 9 11 13 15 4 6", (j - 1) % 8 + 1) + 0
    job_of(p) = p[strstrt(p, ",") + 1:]
    label_of(p) = p[1:strstrt(p, ",") - 1]
    job_index(p) = words(tjobs[1:strstrt(" " . tjobs . " ", " " . job_of(p) . " ")])
    if (wstar > 1 && strlen(tlabels) > 0) {
        stats $TS using 2 nooutput name "TS"
        tlo = TS_min; thi = TS_max
        made = make_hostdir(host)
        set output sprintf("%s/tasksize-speedup-%s%s", hostdir(host), host, ext)
        eval "set terminal " . term_big
        set title sprintf("Speedup at %d workers against the work of one task, every class\n" . \
            "host %s%s; a line per model and job; bars from the medians' CIs; top: the classes", \
            wstar, host, hcpus > 0 ? sprintf(", %d cores", hcpus) : "")
        set xlabel "work of one task: serial median / tasks (time, log scale)"
        set ylabel sprintf("speedup at %d workers (x faster than serial)", wstar)
        set logscale x
        set logscale x2
        set xrange [tlo / 3:thi * 3]
        set x2range [tlo / 3:thi * 3]
        eval "set xtics " . time_tics
        set x2tics rotate by 30 left font ",10" nomirror
        set xtics nomirror
        set yrange [0:*]
        set offsets 0, 0, graph 0.08, 0 # room above the ideal line, which autoscale puts on the frame
        unset arrow; unset label 1
        set rmargin 16 # the last class's name, slanted to the right
        plot wstar with lines dt 2 lc rgb "#999999" title sprintf("ideal (= %d)", wstar), \
            1 with lines dt 3 lc rgb "#555555" title "break-even (= serial)", \
            for [l in tlabels] NaN with linespoints lc rgb colour(l) dt dash(l) pt 7 ps 1.3 title name(l), \
            for [j = 1:words(tjobs)] NaN with points lc rgb "#333333" pt job_point(j) ps 1.3 \
                title "job " . word(tjobs, j), \
            for [p in tpairs] $TS using (strcol(1) . "," . strcol(7) eq p ? $2 : NaN):3:4:5 \
                with yerrorlines lc rgb colour(label_of(p)) dt dash(label_of(p)) \
                pt job_point(job_index(p)) ps 1.3 notitle, \
            $TC using 2:(NaN):x2tic(6) axes x2y1 notitle
        set offsets 0, 0, 0, 0
        unset logscale x
        unset logscale x2
        unset x2tics
        unset rmargin
        set xtics mirror autofreq
        set xlabel "workers (count; processes x threads)"
        unset output
        eval "set terminal " . term
    }
}
