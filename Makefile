# kq - build, test and install.
#   make            build ./kq (release: -O2)
#   make check      unit, KQL, FACTS and CLI tests, then the same under ASan+UBSan
#   make bench      benchmarks against the peers (see bench/README.md)
#   make install    PREFIX=/usr/local

CC      ?= cc
PKGS    := libpcre2-8 zlib yaml-0.1 nettle libidn2 libpcap
OPT     ?= -O2 -g
SAN     ?=
CFLAGS  := $(OPT) $(SAN) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
           -pthread $(shell pkg-config --cflags $(PKGS))
LDLIBS  := $(SAN) $(shell pkg-config --libs $(PKGS)) -lm -pthread
PREFIX  ?= /usr/local
BUILD   ?= build

LIB_SRC  := $(sort $(wildcard src/base/*.c src/kql/*.c src/exec/*.c src/io/*.c src/match/*.c src/api/*.c src/hunt/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
KQLTEST  := $(BUILD)/tests/kqltest

.PHONY: all check check-fast check-san clean install bench

all: kq

kq: $(BUILD)/kq
	cp $(BUILD)/kq kq.new && mv -f kq.new kq  # a kq still running keeps its old file

$(BUILD)/libkq.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/kq: $(CLI_OBJ) $(BUILD)/libkq.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libkq.a $(LDLIBS)

$(BUILD)/%.o: %.c $(wildcard include/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkq.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -Isrc -o $@ $< $(BUILD)/libkq.a $(LDLIBS)

$(KQLTEST): tests/kqltest.c $(BUILD)/libkq.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -o $@ $< $(BUILD)/libkq.a $(LDLIBS)

# the fast test suite, against $(BUILD)
check-fast: $(BUILD)/kq $(UNIT_BIN) $(KQLTEST)
	@set -e; for t in $(UNIT_BIN); do $$t; done
	@KQ=$(BUILD)/kq sh tests/run-kql-tests.sh
	@KQ=$(BUILD)/kq sh tests/cli/run.sh
	@KQ=$(BUILD)/kq sh tests/real/run.sh
	@KQ=$(BUILD)/kq sh tests/hunt/run.sh

# the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer
check-san:
	$(MAKE) BUILD=build-san OPT="-O1 -g" \
	        SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" check-fast

check: check-fast check-san

install: kq
	install -D -m 755 kq $(DESTDIR)$(PREFIX)/bin/kq
	install -D -m 644 docs/kq.1 $(DESTDIR)$(PREFIX)/share/man/man1/kq.1
	install -D -m 644 examples/exclusions/seed-scenarios.yaml $(DESTDIR)$(PREFIX)/share/kq/seed-scenarios.yaml

bench: kq
	sh scripts/install-deps.sh --bench && sh bench/run.sh

clean:
	rm -rf build build-san kq

# libFuzzer harnesses (tests/fuzz), built with clang into build-fuzz and run FUZZ_SECONDS each
# on a copy of the seed corpora; not part of `make check`. Crashes land in build-fuzz/artifacts.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang-14
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
.PHONY: fuzz
fuzz:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) OPT="-O1 -g" \
	        SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" build-fuzz/libkq.a
	@set -e; for h in fuzz_query fuzz_reader fuzz_feed fuzz_exclude; do \
	    echo "$(FUZZ_CC) ... -o build-fuzz/$$h"; \
	    $(FUZZ_CC) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -std=c11 -D_GNU_SOURCE -Wall -Wextra \
	        -Iinclude -Isrc $$(pkg-config --cflags $(PKGS)) -o build-fuzz/$$h tests/fuzz/$$h.c \
	        build-fuzz/libkq.a $$(pkg-config --libs $(PKGS)) -lm -pthread; \
	done
	@set -e; for c in query reader feed exclude; do \
	    mkdir -p build-fuzz/corpus_$$c; cp tests/fuzz/corpus_$$c/* build-fuzz/corpus_$$c/; \
	done
	@mkdir -p build-fuzz/artifacts
	@rc=0; \
	build-fuzz/fuzz_query -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=4096 \
	    -artifact_prefix=build-fuzz/artifacts/query- build-fuzz/corpus_query || rc=1; \
	for h in reader feed exclude; do \
	    build-fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=65536 \
	        -artifact_prefix=build-fuzz/artifacts/$$h- build-fuzz/corpus_$$h || rc=1; \
	done; \
	exit $$rc
