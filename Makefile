# SPDX-License-Identifier: MIT
# Makefile: builds bin/forkomp, its modules and its tests; `make deps` installs what is
# missing; `make install` / `make uninstall` (PREFIX, DESTDIR) put forkomp on the system.
# `make test` runs the unit and integration tests; SANITIZE=1 builds everything under
# AddressSanitizer and UndefinedBehaviorSanitizer into build/san/ instead.

# gcc unless CC is given (make CC=clang): make's built-in CC=cc would defeat a plain `?=`.
ifeq ($(origin CC),default)
CC      := gcc
endif
SANITIZE ?= 0
BUILD   := build/$(if $(filter 1,$(SANITIZE)),san,rel)
BIN     := $(if $(filter 1,$(SANITIZE)),$(BUILD)/bin,bin)
FORKOMP := $(BIN)/forkomp

# Code that needs GDAL, MPI, hwloc or libprimesieve is built into modules, fk-gdal.so,
# fk-mpi.so, fk-hwloc.so and fk-primesieve.so in MODDIR (../lib/forkomp seen from the binary's folder), that bin/forkomp loads
# when first needed (kernels/common/module.h): none of the libraries is linked into the
# binary. All but libprimesieve (the prime job's reference) are optional at build time: without one, the commands that need it say what to
# install (hwloc: the topology falls back to one core per CPU, with a warning), the others work.
MODDIR  := $(if $(filter 1,$(SANITIZE)),$(BUILD)/lib/forkomp,lib/forkomp)
MPICC   := $(shell command -v mpicc 2>/dev/null)
MPI_CFLAGS := $(if $(MPICC),$(shell mpicc --showme:compile 2>/dev/null))
MPI_LIBS   := $(if $(MPICC),$(shell mpicc --showme:link 2>/dev/null))
PKG_CONFIG ?= pkg-config
HAVE_GDAL  := $(shell $(PKG_CONFIG) --exists gdal 2>/dev/null && echo 1)
GDAL_CFLAGS := $(shell $(PKG_CONFIG) --cflags gdal 2>/dev/null)
GDAL_LIBS  := $(shell $(PKG_CONFIG) --libs gdal 2>/dev/null)
GDAL_SRCS  := kernels/shapefiles/shp_ogr.c kernels/shapefiles/shp_readback.c \
	datasets/shapefiles/gen_write.c harness/modules/module_gdal.c
MPI_SRCS   := harness/cli/mpi/mpi_main.c harness/cli/mpi/mpi_launch.c \
	harness/models/mpi/mpi_map.c harness/cli/mpi/module_mpi.c
HAVE_HWLOC := $(shell $(PKG_CONFIG) --exists hwloc 2>/dev/null && echo 1)
HWLOC_CFLAGS := $(shell $(PKG_CONFIG) --cflags hwloc 2>/dev/null)
HWLOC_LIBS := $(shell $(PKG_CONFIG) --libs hwloc 2>/dev/null)
# cJSON writes the report's facts.json (harness/report/report_facts*.c).
CJSON_CFLAGS := $(shell $(PKG_CONFIG) --cflags libcjson 2>/dev/null)
CJSON_LIBS := $(or $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null),-lcjson)
HWLOC_SRCS := harness/modules/topo_hwloc.c harness/modules/module_hwloc.c
PS_SRCS    := kernels/primes/primes_sieve.c harness/modules/module_primesieve.c
MODULES    := $(if $(HAVE_GDAL),$(MODDIR)/fk-gdal.so) $(if $(MPICC),$(MODDIR)/fk-mpi.so) \
	$(if $(HAVE_HWLOC),$(MODDIR)/fk-hwloc.so) $(MODDIR)/fk-primesieve.so

# Without GDAL the build stops and says what to install, rather than leave it to a missing
# header or a run-time surprise; WITHOUT_GDAL=1 builds without fk-gdal.so on purpose (the ogr
# variant, GDAL verification and dataset generation then ask for libgdal-dev). The goals that
# install the packages first (test, bench, lab, compare) check in the make they start after.
NO_CHECK_GOALS := deps deps-dev clean format fuzz uninstall test bench bench-quick lab compare
ifneq ($(HAVE_GDAL),1)
ifneq ($(filter-out $(NO_CHECK_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(WITHOUT_GDAL),1)
$(warning pkg-config cannot find GDAL (gdal.pc): building without fk-gdal.so (WITHOUT_GDAL=1), so the ogr variant, GDAL verification and dataset generation will ask for libgdal-dev)
else
$(error pkg-config cannot find GDAL (gdal.pc): install libgdal-dev (make deps installs it), or build without the GDAL module: make WITHOUT_GDAL=1)
endif
endif
endif

OPT     := -O2 -g
SANITIZERS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANFLAGS := $(if $(filter 1,$(SANITIZE)),$(SANITIZERS))
# GCC 12's LeakSanitizer crashes at exit ("Tracer caught signal 11", a garbage dynamic-TLS
# range) after GDAL has opened a shapefile with upper-case extensions; valgrind finds nothing
# there. Not tracking __tls_get_addr only stops LSan from scanning dynamic TLS as roots, which
# can add false leak reports but hides none.
ifeq ($(SANITIZE),1)
export ASAN_OPTIONS := intercept_tls_get_addr=0$(if $(ASAN_OPTIONS),:$(ASAN_OPTIONS))
endif
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo +dirty)
CFLAGS_BUILD := -std=c11 -D_GNU_SOURCE -I. $(OPT) -Wall -Wextra -Werror -fopenmp
CFLAGS  ?=
ALL_CFLAGS = $(CFLAGS_BUILD) $(SANFLAGS) $(CFLAGS) -MMD -MP $(MOD_CFLAGS) -DFK_GIT_REV='"$(GIT_REV)"' -DFK_CFLAGS='"$(CFLAGS_BUILD) $(SANFLAGS) $(CFLAGS)"'
# -rdynamic: the modules call back into the binary (its kernels, engine and helpers).
# libxxhash and shapelib (plain C, no constructors) are linked statically when their
# archives exist (not under the sanitizers): one library fewer for the dynamic loader to map
# and relocate at every start. libprimesieve is C++ and is not linked at all: it lives in
# fk-primesieve.so (its static constructors cost half a millisecond at every start;
# docs/costs.md, "Start-up"). --exclude-libs keeps the archives' symbols out of -rdynamic's exports.
comma   := ,
STATIC_LIBS := $(and $(filter 0,$(SANITIZE)),$(wildcard $(shell $(CC) -print-file-name=libxxhash.a)),$(wildcard $(shell $(CC) -print-file-name=libshp.a)))
LIBS_C  := $(if $(STATIC_LIBS),-Wl$(comma)-Bstatic -lxxhash -lshp -Wl$(comma)-Bdynamic \
	-Wl$(comma)--exclude-libs$(comma)ALL,-lxxhash -lshp)
LDLIBS  = -fopenmp $(SANFLAGS) -rdynamic $(LIBS_C) $(CJSON_LIBS) -lm -lpthread

# The files that print the git revision are rebuilt when it changes (a stamp file that is
# rewritten only then), so a binary never reports a stale revision.
REV_STAMP := $(BUILD)/git-rev.txt
$(shell mkdir -p $(BUILD); echo '$(GIT_REV)' | cmp -s - $(REV_STAMP) || echo '$(GIT_REV)' > $(REV_STAMP))
# Likewise every object is rebuilt when the compiler or CFLAGS change (make CC=clang after a
# gcc build), so a binary never mixes two compilers' objects and OpenMP runtimes.
CC_STAMP := $(BUILD)/cc.txt
$(shell echo '$(CC) $(CFLAGS)' | cmp -s - $(CC_STAMP) || echo '$(CC) $(CFLAGS)' > $(CC_STAMP))

ALLSRCS := $(shell find kernels harness datasets -name '*.c' | sort)
SRCS    := $(filter-out $(GDAL_SRCS) $(MPI_SRCS) $(HWLOC_SRCS) $(PS_SRCS),$(ALLSRCS))
HDRS    := $(shell find kernels harness datasets tests -name '*.h' | sort)
OBJS    := $(SRCS:%.c=$(BUILD)/%.o)
GDAL_OBJS := $(GDAL_SRCS:%.c=$(BUILD)/%.o)
MPI_OBJS  := $(MPI_SRCS:%.c=$(BUILD)/%.o)
HWLOC_OBJS := $(HWLOC_SRCS:%.c=$(BUILD)/%.o)
PS_OBJS   := $(PS_SRCS:%.c=$(BUILD)/%.o)
LIBOBJS := $(filter-out $(BUILD)/harness/cli/main.o,$(OBJS))
TESTS   := $(patsubst tests/unit/%.c,$(BIN)/%,$(wildcard tests/unit/test_*.c))

.PHONY: all man install uninstall deps deps-dev test lint all-tests unit-test integration-test bench bench-quick clean format valgrind fuzz container-test stress

all: $(FORKOMP) $(MODULES)

# deps: what running the benchmarks needs; deps-dev adds the tools of tests, sanitizers and
# fuzzing (harness/deps.sh lists both sets).
# make install: the binary, its modules, its data files (found by the installed binary in
# PREFIX/share/forkomp) and the man page, as Make users expect: PREFIX (default /usr/local)
# and DESTDIR (a staging root for packagers) are honoured; make uninstall removes them.
PREFIX  ?= /usr/local
MAN     := $(BUILD)/forkomp.1
INST_BIN   = $(DESTDIR)$(PREFIX)/bin
INST_MOD   = $(DESTDIR)$(PREFIX)/lib/forkomp
INST_SHARE = $(DESTDIR)$(PREFIX)/share/forkomp
INST_MAN   = $(DESTDIR)$(PREFIX)/share/man/man1
INST_INC   = $(DESTDIR)$(PREFIX)/include
# The words of the report (harness/words/: the program, its modules, the worksheet's questions).
WORDS_FILES := $(wildcard harness/words/*.py harness/words/*.json)
SHARE_FILES := results/forkomp.gp results/forkomp-tasksize.gp datasets/shapefiles/fetch-real.sh \
	harness/python/fk_pyrun.py $(WORDS_FILES)

man: $(MAN)

$(MAN): $(FORKOMP) harness/man/man.sh harness/man/forkomp.h2m
	@bash harness/man/man.sh $(FORKOMP) $@

install: all $(MAN)
	install -d '$(INST_BIN)' '$(INST_MOD)' '$(INST_SHARE)' '$(INST_MAN)'
	install -m 755 $(FORKOMP) '$(INST_BIN)/forkomp'
	$(if $(strip $(MODULES)),install -m 644 $(MODULES) '$(INST_MOD)/')
	install -m 644 results/forkomp.gp results/forkomp-tasksize.gp '$(INST_SHARE)/'
	install -m 755 datasets/shapefiles/fetch-real.sh '$(INST_SHARE)/'
	install -m 644 $(WORDS_FILES) '$(INST_SHARE)/'
	install -m 644 harness/python/fk_pyrun.py '$(INST_SHARE)/'
	install -d '$(INST_INC)'
	install -m 644 kernels/forkomp_task.h '$(INST_INC)/'
	install -m 644 $(MAN) '$(INST_MAN)/forkomp.1'
	@# PREFIX/bin off PATH (make install PREFIX=$$HOME/.local): neither forkomp nor `man forkomp`
	@# is found, as man-db looks for pages beside the folders of PATH (../share/man).
	@case ":$$PATH:" in *':$(PREFIX)/bin:'*) ;; *) [ -n '$(DESTDIR)' ] || printf '%s\n' \
	  'forkomp: installed in $(PREFIX)/bin, which is not on your PATH. Add it, e.g. in ~/.profile:' \
	  '  export PATH="$(PREFIX)/bin:$$PATH"' \
	  'and `forkomp` and `man forkomp` find it (man looks in $(PREFIX)/share/man for that PATH folder).' ;; esac

uninstall:
	rm -f '$(INST_BIN)/forkomp' '$(INST_MOD)'/fk-*.so \
	  $(foreach f,$(SHARE_FILES),'$(INST_SHARE)/$(notdir $(f))') '$(INST_MAN)/forkomp.1' \
	  '$(INST_INC)/forkomp_task.h'
	-rmdir '$(INST_MOD)' '$(INST_SHARE)' 2>/dev/null || true

deps:
	@bash harness/deps.sh run

deps-dev:
	@bash harness/deps.sh dev

$(BUILD)/%.o: %.c $(CC_STAMP)
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/harness/engine/context.o $(BUILD)/harness/cli/main.o: $(REV_STAMP)

$(FORKOMP): $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(OBJS) -o $@ $(LDLIBS)

# The test build: forkomp plus a model of the tests' own (tests/lib/model_reverse.c), which
# the registry's weak slot takes: adding a model is one file and one line.
$(FORKOMP)-test: $(OBJS) tests/lib/model_reverse.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(OBJS) tests/lib/model_reverse.c -o $@ $(LDLIBS)

$(patsubst %.c,$(BUILD)/%.o,$(wildcard harness/report/*.c)): MOD_CFLAGS = $(CJSON_CFLAGS)
$(GDAL_OBJS): MOD_CFLAGS = -fPIC $(GDAL_CFLAGS)
$(MPI_OBJS): MOD_CFLAGS = -fPIC $(MPI_CFLAGS)
$(HWLOC_OBJS): MOD_CFLAGS = -fPIC $(HWLOC_CFLAGS)
$(PS_OBJS): MOD_CFLAGS = -fPIC

$(MODDIR)/fk-gdal.so: $(GDAL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared $(SANFLAGS) $(GDAL_OBJS) -o $@ $(GDAL_LIBS) -lm

$(MODDIR)/fk-mpi.so: $(MPI_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared -fopenmp $(SANFLAGS) $(MPI_OBJS) -o $@ $(MPI_LIBS)

$(MODDIR)/fk-hwloc.so: $(HWLOC_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared $(SANFLAGS) $(HWLOC_OBJS) -o $@ $(HWLOC_LIBS)

$(MODDIR)/fk-primesieve.so: $(PS_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared $(SANFLAGS) $(PS_OBJS) -o $@ -lprimesieve

$(BIN)/test_%: tests/unit/test_%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIBOBJS) -o $@ $(LDLIBS) -lcmocka

# T=PATTERN runs only the unit and integration tests whose name contains PATTERN (make test
# T=report); tests/run.sh prints one line per test and closes with "N passed, N failed".
T ?=
RUN_TESTS = FORKOMP=$(FORKOMP) TEST_LOGS=$(BUILD)/test-logs bash tests/run.sh $(if $(T),-p '$(T)')
# The pool's stress and regression tests fail forks on purpose: the linker routes the pool's
# fork() through their __wrap_fork (tests/unit/pool_forkfail.h). `make stress` runs the
# stress test for STRESS_SECONDS instead of make test's 40.
POOL_WRAPPED := $(BIN)/test_pool_stress $(BIN)/test_pool_regress
$(POOL_WRAPPED): LDLIBS += -Wl,--wrap=fork
STRESS_SECONDS ?= 600
stress: $(BIN)/test_pool_stress
	FK_STRESS_SECONDS=$(STRESS_SECONDS) $(BIN)/test_pool_stress

test: deps-dev
	@$(MAKE) --no-print-directory lint all-tests

# The layers' include rules, the size rules (files within 400 lines, functions within 60),
# no prose in harness/report/ and an SPDX line atop every source: tests/lint/*.sh.
lint:
	@bash tests/lint/layers.sh
	@bash tests/lint/sizes.sh
	@bash tests/lint/prose.sh
	@bash tests/lint/spdx.sh

all-tests: $(FORKOMP) $(FORKOMP)-test $(MODULES) $(TESTS)
	@$(RUN_TESTS) $(TESTS) $(wildcard tests/integration/*.sh)

unit-test: $(FORKOMP) $(MODULES) $(TESTS)
	@$(RUN_TESTS) $(TESTS)

integration-test: $(FORKOMP) $(FORKOMP)-test $(MODULES)
	@$(RUN_TESTS) $(wildcard tests/integration/*.sh)

valgrind: $(FORKOMP) $(MODULES) $(TESTS)
	@set -e; for t in $(TESTS); do echo "== valgrind $$t"; \
	  FORKOMP=$(FORKOMP) FK_TEST_ROUND_TRIPS=200 FK_STRESS_SECONDS=10 valgrind -q --error-exitcode=1 --leak-check=full \
	    --suppressions=tests/unit/valgrind.supp $$t; done

# libFuzzer (clang) on the CLI parsers and the DBF reader/rewriter, FUZZ_SECONDS in all, after
# replaying the committed seeds and regression inputs (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

format:
	clang-format -i $(ALLSRCS) $(HDRS) $(wildcard tests/unit/*.c tests/fuzz/*.c)

clean:
	rm -rf build bin lib

-include $(OBJS:.o=.d) $(GDAL_OBJS:.o=.d) $(MPI_OBJS:.o=.d) $(HWLOC_OBJS:.o=.d) $(PS_OBJS:.o=.d)

# make compare: the lab's own Python programs beside forkomp on the same inputs, whole
# processes timed with hyperfine; see harness/compare/compare.sh for its COMPARE_* variables.
.PHONY: compare
compare: deps
	@$(MAKE) --no-print-directory all
	@FORKOMP=$(FORKOMP) bash harness/compare/compare.sh

# make container-test: the Containerfile built on a debootstrapped Debian 12 with podman and its
# make lab run, results checked in the mounted folder (tests/container/run.sh; skipped with a
# line where podman cannot run; installs podman and debootstrap: harness/deps.sh container).
container-test:
	@bash tests/container/run.sh

# make bench / make bench-quick: the default suite (harness/bench/bench.sh) into
# results/<UTC time>-<host>/ with a report; variables pass other choices through, e.g.
# `make bench CLASSES=lab,A WORKERS=1,2 REPS=3` (docs/bench.md).
BENCH_VARS := CLASSES MODELS WORKERS REPS WARMUP MAX_REPS BUDGET HYPERFINE HF_MODELS HF_WORKERS HF_RUNS \
	SPAWN_CLASS RESULTS BENCH_ARGS LABEL
BENCH_ENV = FORKOMP='$(FORKOMP)' $(foreach v,$(BENCH_VARS),$(v)='$($(v))')

bench: deps
	@$(MAKE) --no-print-directory all
	@$(BENCH_ENV) bash harness/bench/bench.sh full

bench-quick: deps
	@$(MAKE) --no-print-directory all
	@$(BENCH_ENV) bash harness/bench/bench.sh quick

# make lab: the class run of a lab session, a minute on 2 cores (docs/teaching.md): both jobs on every model at 1 and 2 workers, the lab's Python with processes and
# threads, a results folder with report.html and answers.md, and the answer in six lines.
# `make lab LABEL=NAME` writes NAME as the host of every row.
.PHONY: lab
lab: deps
	@$(MAKE) --no-print-directory all
	@$(BENCH_ENV) bash harness/bench/bench.sh lab
