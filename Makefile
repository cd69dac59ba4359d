# liboutboundbot: build, package, install and test.
#
#   make build       debug build of every product and test target (.build/)
#   make dist        the distributable tree in build/dist (release, Swift runtime
#                    linked statically, only obb_* exported, soname, -z nodelete)
#   make install     install build/dist under $(DESTDIR)$(PREFIX)
#   make uninstall   remove what `make install` put there
#   make examples    every example compiled against build/dist through pkg-config
#   make deps        install what is missing (scripts/install-deps.sh); test and demo run it first
#   make test        build, swift test, dist, examples, then the integration tests
#   make demo        the emulator, the C examples: an instance, a duplicate-name error, a campaign
#   make clean       remove build/, .build-dist/ and the debug build's products
#
# The version comes from include/outboundbot.h (OBB_VERSION_STRING), nowhere else.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

# Nothing make runs (tests, demo, benchmarks, fuzzers) may reach the ECS metadata
# address: the credentials chain's metadata step stays off unless a test points it
# at its own loopback emulator.
export ALIBABA_CLOUD_ECS_METADATA_DISABLED := true

SWIFT   ?= swift
PYTHON  ?= python3
CC      ?= cc
CXX     ?= c++
GO      ?= go
STRIP   ?= strip
PKG_CONFIG ?= pkg-config

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR     ?= $(PREFIX)/bin
DESTDIR    ?=

HEADER  := include/outboundbot.h
VERSION := $(shell sed -n 's/^\#define OBB_VERSION_STRING "\(.*\)"/\1/p' $(HEADER))
ifeq ($(VERSION),)
$(error cannot read OBB_VERSION_STRING from $(HEADER))
endif
MAJOR    := $(word 1,$(subst ., ,$(VERSION)))
SONAME   := liboutboundbot.so.$(MAJOR)
REALNAME := liboutboundbot.so.$(VERSION)

# Build the CLI into build/dist/bin too (release, Swift runtime static). 0 skips it.
DIST_CLI ?= 1

DIST         := build/dist
DIST_SCRATCH := .build-dist
DIST_SO      := $(DIST)/lib/$(REALNAME)
EX_OUT       := build/examples
TEST_OUT     := build/tests

# One set of Swift compile flags for everything built in .build-dist, so that
# building the library and the CLI there only relinks, never recompiles.
# lld (shipped with the toolchain) rather than gold: gold leaves the hidden Swift
# symbols in .dynsym as LOCAL entries; lld and bfd keep .dynsym to obb_* alone.
# --disable-local-rpath: no RUNPATH $ORIGIN; the system's loader rules find libcurl.
# No implicit `import _StringProcessing`: its generic string algorithms (firstRange,
# replacing) would link the regex engine, about 1 MB of the .so; a use now fails
# to compile here instead (Support/ByteSearch.swift is the library's search).
DIST_SWIFT_FLAGS := -c release --scratch-path $(DIST_SCRATCH) --disable-local-rpath \
                    -Xswiftc -static-stdlib -Xswiftc -use-ld=lld \
                    -Xswiftc -Xfrontend -Xswiftc -disable-implicit-string-processing-module-import
# The version script is generated from the header: exactly its OBB_EXTERN functions.
DIST_MAP         := $(DIST_SCRATCH)/outboundbot.map
DIST_SO_LDFLAGS  := -Xlinker --version-script=$(CURDIR)/$(DIST_MAP) \
                    -Xlinker -z -Xlinker nodelete \
                    -Xlinker -soname -Xlinker $(SONAME)

# Hosts built here find the library in build/dist through pkg-config.
DIST_PKG_ENV := PKG_CONFIG_PATH=$(CURDIR)/$(DIST)/lib/pkgconfig
PKG          := $(DIST_PKG_ENV) $(PKG_CONFIG)
C_WARN       := -Wall -Wextra -Werror -pedantic
DIST_RPATH    = -Wl,-rpath,$$(realpath $$($(PKG) --variable=libdir outboundbot))

.PHONY: deps build swift-test dist dist-lib dist-cli install uninstall examples c-tests \
        test demo clean version

version:
	@echo $(VERSION)

# ---- debug build --------------------------------------------------------------

build:
	$(SWIFT) build --build-tests

swift-test: build
	$(SWIFT) test --skip-build

# ---- distributable tree -------------------------------------------------------

dist: dist-lib $(if $(filter 1,$(DIST_CLI)),dist-cli)
	@echo "dist: $(CURDIR)/$(DIST) (liboutboundbot $(VERSION), $$(stat -c %s $(DIST_SO)) bytes)"

# Files are published by rename, so a host or test using build/dist while it is
# rebuilt sees the old file or the new one, never none.
dist-lib:
	@mkdir -p $(DIST_SCRATCH)
	@packaging/exports.sh --version-script $(HEADER) > $(DIST_MAP).new
	@# SwiftPM does not know the script is an input: relink when it changes.
	@if ! cmp -s $(DIST_MAP).new $(DIST_MAP); then \
	    mv $(DIST_MAP).new $(DIST_MAP); \
	    rm -f $(DIST_SCRATCH)/release/liboutboundbot.so; \
	else rm -f $(DIST_MAP).new; fi
	$(SWIFT) build $(DIST_SWIFT_FLAGS) --product outboundbot $(DIST_SO_LDFLAGS)
	@bin="$$($(SWIFT) build $(DIST_SWIFT_FLAGS) --show-bin-path)"; \
	mkdir -p $(DIST)/lib/pkgconfig $(DIST)/include; \
	install -m 0755 "$$bin/liboutboundbot.so" $(DIST_SO).tmp$$$$; \
	$(STRIP) --strip-all $(DIST_SO).tmp$$$$; \
	mv -f $(DIST_SO).tmp$$$$ $(DIST_SO); \
	ln -sfn $(REALNAME) $(DIST)/lib/$(SONAME).tmp$$$$; mv -Tf $(DIST)/lib/$(SONAME).tmp$$$$ $(DIST)/lib/$(SONAME); \
	ln -sfn $(SONAME) $(DIST)/lib/liboutboundbot.so.tmp$$$$; mv -Tf $(DIST)/lib/liboutboundbot.so.tmp$$$$ $(DIST)/lib/liboutboundbot.so; \
	find $(DIST)/lib -maxdepth 1 -name 'liboutboundbot.so.[0-9]*' ! -name '*.tmp*' ! -name $(REALNAME) ! -name $(SONAME) -delete; \
	install -m 0644 $(HEADER) $(DIST)/include/outboundbot.h.tmp$$$$; \
	mv -f $(DIST)/include/outboundbot.h.tmp$$$$ $(DIST)/include/outboundbot.h; \
	sed -e 's|@PREFIX@|$${pcfiledir}/../..|' -e 's|@LIBDIR@|$${prefix}/lib|' \
	    -e 's|@INCLUDEDIR@|$${prefix}/include|' -e 's|@VERSION@|$(VERSION)|' \
	    packaging/outboundbot.pc.in > $(DIST)/lib/pkgconfig/outboundbot.pc.tmp$$$$; \
	mv -f $(DIST)/lib/pkgconfig/outboundbot.pc.tmp$$$$ $(DIST)/lib/pkgconfig/outboundbot.pc

# Built only when missing, so that `make examples` works on a fresh tree.
$(DIST_SO):
	$(MAKE) --no-print-directory dist-lib

dist-cli:
	$(SWIFT) build $(DIST_SWIFT_FLAGS) --product outboundbot-cli
	@bin="$$($(SWIFT) build $(DIST_SWIFT_FLAGS) --show-bin-path)"; \
	mkdir -p $(DIST)/bin; \
	install -m 0755 "$$bin/outboundbot-cli" $(DIST)/bin/outboundbot.tmp$$$$; \
	$(STRIP) --strip-all $(DIST)/bin/outboundbot.tmp$$$$; \
	mv -f $(DIST)/bin/outboundbot.tmp$$$$ $(DIST)/bin/outboundbot

# ---- install --------------------------------------------------------------------

install:
	@test -f $(DIST_SO) || { echo "no $(DIST_SO): run 'make dist' first" >&2; exit 1; }
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 0755 $(DIST_SO) $(DESTDIR)$(LIBDIR)/$(REALNAME)
	ln -sfn $(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sfn $(SONAME) $(DESTDIR)$(LIBDIR)/liboutboundbot.so
	install -m 0644 $(HEADER) $(DESTDIR)$(INCLUDEDIR)/outboundbot.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(patsubst $(PREFIX)%,$${prefix}%,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)%,$${prefix}%,$(INCLUDEDIR))|' -e 's|@VERSION@|$(VERSION)|' \
	    packaging/outboundbot.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/outboundbot.pc
	chmod 0644 $(DESTDIR)$(LIBDIR)/pkgconfig/outboundbot.pc
	@if [ -f $(DIST)/bin/outboundbot ]; then \
	    install -d $(DESTDIR)$(BINDIR); \
	    echo "install -m 0755 $(DIST)/bin/outboundbot $(DESTDIR)$(BINDIR)/outboundbot"; \
	    install -m 0755 $(DIST)/bin/outboundbot $(DESTDIR)$(BINDIR)/outboundbot; \
	fi
	@if [ -z "$(DESTDIR)" ]; then \
	    echo "installed in $(LIBDIR); if the loader does not find liboutboundbot.so.$(MAJOR), run: ldconfig"; \
	    echo "  (or add $(LIBDIR) to /etc/ld.so.conf.d/ and run ldconfig)"; \
	else \
	    echo "staged in $(DESTDIR)$(PREFIX); run ldconfig on the target once it is unpacked"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/liboutboundbot.so \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/outboundbot.pc \
	      $(DESTDIR)$(INCLUDEDIR)/outboundbot.h \
	      $(DESTDIR)$(BINDIR)/outboundbot

# ---- examples and C tests (against build/dist, through pkg-config) -------------

EXAMPLES := $(EX_OUT)/c/create_instance $(EX_OUT)/c/campaign $(EX_OUT)/cpp/create_instance \
            $(EX_OUT)/go/create_instance $(EX_OUT)/plugin-host/plugin_host

examples: $(EXAMPLES)

c-tests: $(TEST_OUT)/test_bad_input $(TEST_OUT)/test_async

$(EX_OUT)/c/%: examples/c/%.c $(DIST_SO) $(HEADER)
	@mkdir -p $(@D)
	$(CC) -std=c99 $(C_WARN) $$($(PKG) --cflags outboundbot) -o $@ $< \
	    $$($(PKG) --libs outboundbot) $(DIST_RPATH)

$(EX_OUT)/cpp/create_instance: examples/cpp/create_instance.cpp examples/cpp/outboundbot.hpp \
                               $(DIST_SO) $(HEADER)
	@mkdir -p $(@D)
	$(CXX) -std=c++11 $(C_WARN) $$($(PKG) --cflags outboundbot) -o $@ $< \
	    $$($(PKG) --libs outboundbot) $(DIST_RPATH)

# cgo finds the library through `#cgo pkg-config: outboundbot`; nothing is
# downloaded (GOPROXY=off, no requirements in go.mod).
$(EX_OUT)/go/create_instance: examples/go/main.go examples/go/go.mod $(DIST_SO) $(HEADER)
	@mkdir -p $(@D) build/go/cache build/go/path
	cd examples/go && $(DIST_PKG_ENV) CGO_ENABLED=1 GOPROXY=off GOFLAGS=-mod=mod \
	    GOTOOLCHAIN=local GOCACHE=$(CURDIR)/build/go/cache GOPATH=$(CURDIR)/build/go/path \
	    CGO_LDFLAGS="$(DIST_RPATH)" $(GO) build -o $(CURDIR)/$@ .

# The plugin host does not link the library: it dlopens it.
$(EX_OUT)/plugin-host/plugin_host: examples/plugin-host/plugin_host.c $(DIST_SO) $(HEADER)
	@mkdir -p $(@D)
	$(CC) -std=c99 $(C_WARN) $$($(PKG) --cflags outboundbot) -o $@ $< -ldl -pthread

$(TEST_OUT)/test_bad_input: Tests/c/test_bad_input.c $(DIST_SO) $(HEADER)
	@mkdir -p $(@D)
	$(CC) -std=c99 $(C_WARN) -g $$($(PKG) --cflags outboundbot) -o $@ $< \
	    $$($(PKG) --libs outboundbot) $(DIST_RPATH)

$(TEST_OUT)/test_async: Tests/c/test_async.c Tests/c/check.h $(DIST_SO) $(HEADER)
	@mkdir -p $(@D)
	$(CC) -std=c99 $(C_WARN) -g $$($(PKG) --cflags outboundbot) -o $@ $< \
	    $$($(PKG) --libs outboundbot) $(DIST_RPATH) -pthread

# ---- everything -------------------------------------------------------------------

# Either works as the first command on a fresh machine: both install what is
# missing first (quickly a no-op once it is there).
deps:
	bash scripts/install-deps.sh

# Steps run in this order, one after the other; the last output is pytest's summary.
test: deps
	$(MAKE) --no-print-directory build
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory dist
	$(MAKE) --no-print-directory examples c-tests
	$(PYTHON) -m pytest Tests/integration

demo: deps
	bash scripts/demo.sh

# Exactly-once CreateInstance under random faults (scripts/exactly_once.py): 1000 calls
# from 4 threads sharing one client, build/dist's library, the debug emulator; fails on
# any duplicate, lost instance or failure that created one.
.PHONY: exactly-once
# 1,000 CreateInstance calls with random faults that perform the action and lose the
# answer: exactly 1,000 instances, no duplicate, no loss (scripts/exactly_once.py).
exactly-once: dist-lib
	$(SWIFT) build --product outboundbot-emulator
	$(PYTHON) scripts/exactly_once.py --calls 1000 --threads 4 --library $(CURDIR)/$(DIST_SO) \
	    --emulator "$$($(SWIFT) build --show-bin-path)/outboundbot-emulator"

clean:
	rm -rf build $(DIST_SCRATCH)
	-$(SWIFT) package clean

# Quality targets (bench, memcheck-growth, sanitize, fuzz, quality-ci): mk/quality.mk.
-include mk/*.mk
