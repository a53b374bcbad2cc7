# Makefile: builds bin/forkomp and its tests; `make deps` installs what is missing.
# `make test` runs the unit and integration tests; SANITIZE=1 builds everything under
# AddressSanitizer and UndefinedBehaviorSanitizer into build/san/ instead.

CC      ?= gcc
SANITIZE ?= 0
BUILD   := build/$(if $(filter 1,$(SANITIZE)),san,rel)
BIN     := $(if $(filter 1,$(SANITIZE)),$(BUILD)/bin,bin)
FORKOMP := $(BIN)/forkomp

# MPI is optional at build time: without mpicc the other models still build and run.
MPICC   := $(shell command -v mpicc 2>/dev/null)
MPI_CFLAGS := $(if $(MPICC),-DFK_HAVE_MPI $(shell mpicc --showme:compile 2>/dev/null))
MPI_LIBS   := $(if $(MPICC),$(shell mpicc --showme:link 2>/dev/null))

OPT     := -O2 -g
SANITIZERS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANFLAGS := $(if $(filter 1,$(SANITIZE)),$(SANITIZERS))
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo +dirty)
CFLAGS_BUILD := -std=c11 -D_GNU_SOURCE -I. $(OPT) -Wall -Wextra -Werror -fopenmp
CFLAGS  ?=
ALL_CFLAGS = $(CFLAGS_BUILD) $(SANFLAGS) $(CFLAGS) -MMD -MP $(shell pkg-config --cflags gdal 2>/dev/null) \
	$(MPI_CFLAGS) -DFK_SOURCE_DIR='"$(CURDIR)"' -DFK_GIT_REV='"$(GIT_REV)"' -DFK_CFLAGS='"$(CFLAGS_BUILD) $(SANFLAGS) $(CFLAGS)"'
LDLIBS  = -fopenmp $(SANFLAGS) $(shell pkg-config --libs gdal 2>/dev/null) -lshp -lprimesieve -lxxhash $(MPI_LIBS) -lm -lpthread

# The files that print the git revision are rebuilt when it changes (a stamp file that is
# rewritten only then), so a binary never reports a stale revision.
REV_STAMP := $(BUILD)/git-rev.txt
$(shell mkdir -p $(BUILD); echo '$(GIT_REV)' | cmp -s - $(REV_STAMP) || echo '$(GIT_REV)' > $(REV_STAMP))

SRCS    := $(shell find kernels harness datasets -name '*.c' | sort)
HDRS    := $(shell find kernels harness datasets tests -name '*.h' | sort)
OBJS    := $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS := $(filter-out $(BUILD)/harness/cli/main.o,$(OBJS))
TESTS   := $(patsubst tests/unit/%.c,$(BIN)/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps deps-dev test unit-test integration-test bench bench-quick clean format valgrind fuzz

all: $(FORKOMP)

# deps: what running the benchmarks needs; deps-dev adds the tools of tests, sanitizers and
# fuzzing (harness/deps.sh lists both sets).
deps:
	@bash harness/deps.sh run

deps-dev:
	@bash harness/deps.sh dev

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/harness/engine/context.o $(BUILD)/harness/cli/main.o: $(REV_STAMP)

$(FORKOMP): $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(OBJS) -o $@ $(LDLIBS)

$(BIN)/test_%: tests/unit/test_%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIBOBJS) -o $@ $(LDLIBS) -lcmocka

test: deps-dev
	@$(MAKE) --no-print-directory unit-test integration-test

unit-test: $(FORKOMP) $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; FORKOMP=$(FORKOMP) $$t; done

integration-test: $(FORKOMP)
	@set -e; for t in tests/integration/*.sh; do echo "== $$t"; FORKOMP=$(FORKOMP) bash $$t; done

valgrind: $(FORKOMP) $(TESTS)
	@set -e; for t in $(TESTS); do echo "== valgrind $$t"; \
	  FORKOMP=$(FORKOMP) valgrind -q --error-exitcode=1 --leak-check=full \
	    --suppressions=tests/unit/valgrind.supp $$t; done

# libFuzzer (clang) on the CLI parsers and the DBF reader/rewriter, FUZZ_SECONDS in all, after
# replaying the committed seeds and regression inputs (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

format:
	clang-format -i $(SRCS) $(HDRS) $(wildcard tests/unit/*.c tests/fuzz/*.c)

clean:
	rm -rf build bin

-include $(OBJS:.o=.d)

# make compare: the lab's own Python programs beside forkomp on the same inputs, whole
# processes timed with hyperfine; see harness/compare/compare.sh for its COMPARE_* variables.
.PHONY: compare
compare: deps
	@$(MAKE) --no-print-directory all
	@FORKOMP=$(FORKOMP) bash harness/compare/compare.sh

# make bench / make bench-quick: the default suite (harness/bench/bench.sh) into
# results/<UTC time>-<host>/ with a report; variables pass other choices through, e.g.
# `make bench CLASSES=lab,A WORKERS=1,2 REPS=3` (README.md, "make bench").
BENCH_VARS := CLASSES MODELS WORKERS REPS WARMUP HYPERFINE HF_MODELS HF_WORKERS HF_RUNS \
	SPAWN_CLASS RESULTS BENCH_ARGS
BENCH_ENV = FORKOMP='$(FORKOMP)' $(foreach v,$(BENCH_VARS),$(v)='$($(v))')

bench: deps
	@$(MAKE) --no-print-directory all
	@$(BENCH_ENV) bash harness/bench/bench.sh full

bench-quick: deps
	@$(MAKE) --no-print-directory all
	@$(BENCH_ENV) bash harness/bench/bench.sh quick
