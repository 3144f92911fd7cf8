# dacc - the Data Action compiler
#   make            build ./dacc and ./dacc-live.so (dacc live, the only libcurl user)
#   make demo       install missing Debian packages, build, lint fixtures/examples/ (actions, a flow), build
#   make check      install test tools, run every test, then again under ASan+UBSan
#   make install PREFIX=/usr/local

CC ?= cc
PREFIX ?= /usr/local
PKGS := yaml-0.1 jansson libpcre2-8 libcurl libssl libcrypto
# the executable needs no libcurl, libssl or libcrypto: only dacc-live.so does
CORE_PKGS := yaml-0.1 jansson libpcre2-8
LIVE_PKGS := jansson libcurl libssl libcrypto
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS = $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null)
LIVE_LIBS = $(shell pkg-config --libs $(LIVE_PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wvla
WERROR ?=
OPT ?= -O2 -g
SAN ?=
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS += -std=c11 -pthread $(OPT) $(WARN) $(WERROR) $(SAN)

OUT ?= build
# The built-in rule data: tools/gen-ruledata reads rules/ with the reader of --rules
# DIR (src/core/ruledata_yaml.c, every pattern compiled once: bad data fails the build
# at its FILE:LINE:COL) and writes it as static const tables, so that no run parses
# YAML for it.  The tool is built for the host from its own objects, whatever OUT,
# SAN or CC; the core it links is an archive, so it takes only what the reader uses.
GEN := build/gen/rules_data.c
GEN_TOOL := build/gen/gen-ruledata
RULE_DATA := rules/secrets.yaml rules/scopes.yaml rules/limits.yaml rules/sensitive.yaml
HOST_CC ?= cc
HOST_CFLAGS := -std=c11 -pthread -O1 -g $(WARN) $(WERROR)
GEN_CORE_SRCS := $(filter-out src/core/ruledata.c,$(sort $(wildcard src/core/*.c)))
GEN_CORE_OBJS := $(GEN_CORE_SRCS:%.c=build/gen/obj/%.o)
# every stage is a folder of src/ (README, "How it is built"); sources are found, not listed
SRCS := $(sort $(wildcard src/*/*.c)) $(GEN)
LIB_SRCS := $(filter-out src/cmd/main.c,$(SRCS))
# dacc live and what only it uses: the plugin dacc-live.so (src/live/)
LIVE_SRCS := $(sort $(wildcard src/live/*.c))
CORE_SRCS := $(filter-out $(LIVE_SRCS),$(SRCS))
OBJS := $(SRCS:%.c=$(OUT)/%.o)
LIB_OBJS := $(LIB_SRCS:%.c=$(OUT)/%.o)
CORE_OBJS := $(CORE_SRCS:%.c=$(OUT)/%.o)
LIVE_OBJS := $(LIVE_SRCS:%.c=$(OUT)/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(OUT)/tests/%)

ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: leakcheck fuzz fuzz-run fuzz-smoke all demo check test unit asan-check cppcheck schema-check install update-goldens bench clean deps test-deps

all: dacc dacc-live.so

# The executable exports only the core symbols the plugin calls
# (scripts/live-exports); the plugin exports only its entry (src/live/live.map).
dacc: $(CORE_OBJS) $(OUT)/live.dynlist
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,--dynamic-list=$(OUT)/live.dynlist -o $@ $(CORE_OBJS) $(CORE_LIBS) -lm

$(OUT)/dacc: $(CORE_OBJS) $(OUT)/live.dynlist
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,--dynamic-list=$(OUT)/live.dynlist -o $@ $(CORE_OBJS) $(CORE_LIBS) -lm

dacc-live.so $(OUT)/dacc-live.so: $(LIVE_OBJS) src/live/live.map
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,--version-script=src/live/live.map -o $@ $(LIVE_OBJS) $(LIVE_LIBS) -lm

$(OUT)/live.dynlist: $(CORE_OBJS) $(LIVE_OBJS) scripts/live-exports
	scripts/live-exports $@ $(CORE_OBJS) -- $(LIVE_OBJS)

$(LIVE_OBJS): PIC := -fPIC

build/gen/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CPPFLAGS) $(HOST_CFLAGS) $(PKG_CFLAGS) -Isrc -MMD -MP -c $< -o $@

build/gen/libcore.a: $(GEN_CORE_OBJS)
	rm -f $@
	ar rcs $@ $(GEN_CORE_OBJS)

$(GEN_TOOL): tools/gen-ruledata.c build/gen/libcore.a Makefile
	$(HOST_CC) $(CPPFLAGS) $(HOST_CFLAGS) $(PKG_CFLAGS) -Isrc -MMD -MP -o $@ $< build/gen/libcore.a $(CORE_LIBS) -lm

$(GEN): $(RULE_DATA) $(GEN_TOOL)
	$(GEN_TOOL) rules >$@.tmp || { rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

# objects depend on this file too: a change of flags here (-fPIC for the
# plugin's) rebuilds them rather than linking stale ones
$(OUT)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PIC) $(PKG_CFLAGS) -Isrc -MMD -MP -c $< -o $@

$(OUT)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIB_OBJS) $(PKG_LIBS) -lcmocka -lm

-include $(OBJS:.o=.d) $(GEN_CORE_OBJS:.o=.d) $(GEN_TOOL).d

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

demo: deps
	@$(MAKE) --no-print-directory all
	@echo
	@echo '== dacc rules'
	@./dacc rules
	@echo
	@echo '== dacc lint --subst data_action_category=Orders fixtures/examples/   (actions and an Architect flow;'
	@echo '   exit status 1 means: findings at error level)'
	@./dacc lint --subst data_action_category=Orders fixtures/examples/; echo "exit status: $$?"
	@echo
	@echo '== dacc lint --format json fixtures/examples/clean/'
	@./dacc lint --format json fixtures/examples/clean/; echo "exit status: $$?"
	@echo
	@echo '== dacc build -o build/demo fixtures/examples/clean/   (import files and the secrets manifest)'
	@./dacc build -o build/demo fixtures/examples/clean/; echo "exit status: $$?"
	@echo '-- build/demo/get-order-status.custom.json (head):'
	@head -n 20 build/demo/get-order-status.custom.json
	@echo
	@echo '== dacc build --emit archy --category Orders -o build/demo-flow fixtures/examples/clean/   (an Architect flow calling each action)'
	@./dacc build -q --emit archy --category Orders -o build/demo-flow fixtures/examples/clean/; echo "exit status: $$?"
	@echo '-- build/demo-flow/custom-rest-actions.flow.yaml (the first step):'
	@sed -n '/- callData:/,/failureOutputs:/{p;/failureOutputs:/q}' build/demo-flow/custom-rest-actions.flow.yaml

# Every test against one build: DACC is the binary, BIN the unit-test directory.
test: all unit
	tests/run-all.sh ./dacc $(OUT)/tests

unit: $(UNIT_BINS)

check: test-deps
	@$(MAKE) --no-print-directory WERROR=-Werror test
	@$(MAKE) --no-print-directory schema-check
	@scripts/check-rules ./dacc
	@$(MAKE) --no-print-directory cppcheck
	@scripts/check-banned
	@scripts/check-function-length
	@scripts/check-layers
	@$(MAKE) --no-print-directory asan-check
	@$(MAKE) --no-print-directory leakcheck
	@$(MAKE) --no-print-directory fuzz-smoke
	@echo 'make check: all passed'

asan-check:
	@$(MAKE) --no-print-directory OUT=build/asan OPT='-O1 -g' SAN='$(ASAN_FLAGS)' WERROR=-Werror \
		build/asan/dacc build/asan/dacc-live.so unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		tests/run-all.sh build/asan/dacc build/asan/tests

# valgrind over the command line on every fixture, in every report format
LEAKCHECK_FORMATS ?= text json
leakcheck: all
	@for f in $(LEAKCHECK_FORMATS); do \
		echo "== valgrind: dacc lint --format $$f tests/rules tests/cli/data fixtures"; \
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
			--undef-value-errors=no \
			./dacc lint -j 2 --format $$f tests/rules tests/cli/data fixtures >/dev/null; \
		test $$? -ne 99 || exit 1; \
	done

schema-check: all
	tests/schema/agree.sh ./dacc

cppcheck:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--std=c11 --inline-suppr -D__GNUC__ -Isrc src

update-goldens: all
	tests/rules/run.sh ./dacc --update
	tests/report/run.sh ./dacc --update
	tests/build/run.sh ./dacc --update

# the peers (Spectral, secretlint) come from bench/package.json; without npm, dacc against jq only
bench: all
	@test -x bench/node_modules/.bin/spectral -a -x bench/node_modules/.bin/secretlint || \
		! command -v npm >/dev/null || npm ci --prefix bench --no-audit --no-fund --loglevel=error || \
		echo 'make bench: npm ci --prefix bench failed; Spectral and secretlint are left out'
	bench/run.sh

# the man page comes from the binary's own rule metadata
build/dacc.1: dacc scripts/gen-man
	@mkdir -p build
	scripts/gen-man ./dacc > $@

# dacc live finds the plugin at ../lib/dacc/ from the executable (src/cmd/live_load.c)
install: all build/dacc.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/dacc $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/dacc
	install -m 0755 dacc $(DESTDIR)$(PREFIX)/bin/dacc
	install -m 0644 dacc-live.so $(DESTDIR)$(PREFIX)/lib/dacc/dacc-live.so
	install -m 0644 build/dacc.1 $(DESTDIR)$(PREFIX)/share/man/man1/dacc.1
	install -m 0644 schemas/*.schema.json $(DESTDIR)$(PREFIX)/share/dacc/

clean:
	rm -rf build dacc dacc-live.so

# libFuzzer (clang): the loaders, the template scanner and the whole pipeline,
# seeded from every fixture; tests/fuzz/regressions/ holds inputs that once failed.
#   make fuzz                   build build/fuzz/fuzz_* and their seed corpora
#   make fuzz-run SECONDS=600   run each target that long
#   make fuzz-smoke             a short run of each (part of make check)
FUZZ_CC ?= clang
SECONDS ?= 600
SMOKE_SECONDS ?= 30
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_LIB := $(patsubst %.c,build/fuzz/%.o,$(LIB_SRCS))
FUZZ_FLAGS := -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

fuzz:
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) OUT=build/fuzz OPT='-O1 -g' \
		SAN='-fsanitize=fuzzer-no-link,address,undefined' WARN='-Wall -Wextra' $(FUZZ_LIB)
	@for t in $(FUZZ_TARGETS); do \
		echo "$(FUZZ_CC) -o $$t"; \
		$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) $(PKG_CFLAGS) -Isrc -o $$t tests/fuzz/$$(basename $$t).c \
			$(FUZZ_LIB) $(PKG_LIBS) -lm -pthread || exit 1; \
	done
	tests/fuzz/seed.sh build/fuzz/corpus

fuzz-run: fuzz
	@for t in $(FUZZ_TARGETS); do \
		n=$$(basename $$t); mkdir -p build/fuzz/found-$$n; \
		echo "== $$n for $(SECONDS) s"; \
		$$t -max_total_time=$(SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/found-$$n/ build/fuzz/corpus-$$n build/fuzz/corpus tests/fuzz/regressions || exit 1; \
	done

fuzz-smoke: fuzz
	@for t in $(FUZZ_TARGETS); do \
		n=$$(basename $$t); mkdir -p build/fuzz/corpus-$$n build/fuzz/found-$$n; \
		echo "== fuzz smoke: $$n for $(SMOKE_SECONDS) s"; \
		$$t -max_total_time=$(SMOKE_SECONDS) -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=build/fuzz/found-$$n/ build/fuzz/corpus-$$n build/fuzz/corpus tests/fuzz/regressions \
			2>build/fuzz/$$n.log || { tail -40 build/fuzz/$$n.log; exit 1; }; \
		grep -h 'stat::number_of_executed_units\|Done' build/fuzz/$$n.log | tail -1; \
	done
