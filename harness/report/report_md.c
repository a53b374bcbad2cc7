/* report_md.c: the sections of report.md not yet written by harness/words/ (the class view
 * of several hosts, the hyperfine cross-check of make bench),
 * captured as Markdown fragments into facts.json (see the list below); words_report.py
 * assembles report.md. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness/report/report.h"
#include "harness/report/report_bench.h"
#include "harness/report/report_class.h"
#include "harness/report/report_facts.h"

/* ------------------------------------------------------------------ the fragments
 * The sections of report.md still worded here, each captured as Markdown into facts.json's
 * "markdown" object under its key, in report.md's order; harness/words/words_report.py puts
 * them between the sections it writes itself. A section ported to the words program leaves
 * this list. */
typedef void (*section_fn)(const fk_report_t *r, FILE *md);

static const struct {
    const char *key;
    section_fn write;
} sections[] = {
    {"hyperfine", fk_report_hyperfine_section},
};

int fk_report_md_fragments(const fk_report_t *r, cJSON *o)
{
    cJSON *md = cJSON_AddObjectToObject(o, "markdown");
    for (size_t i = 0; md && i < sizeof sections / sizeof *sections; i++) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (!f)
            return -1;
        sections[i].write(r, f);
        int bad = ferror(f);
        if ((fclose(f) | bad) || !cJSON_AddStringToObject(md, sections[i].key, text)) {
            free(text);
            return -1;
        }
        free(text);
    }
    return md ? 0 : -1;
}
