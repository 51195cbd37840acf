# Tachikoma: `make chat` builds and starts the chat, `make test` runs every test.
SWIFT ?= swift
ARGS ?=
# The Swift runtime and Foundation linked into the binary: 10 ms less CPU at every start (BENCHMARKS.md).
STATIC ?= --static-swift-stdlib
# Release builds put every function in its own section, so that the linker can lay out the code a
# start runs together (Package.swift's `releaseLink`). Every release build here takes the same flags:
# SwiftPM rebuilds everything when they change.
RELEASE = -c release -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections
# Where `make install` puts bin/, share/man, the completions and share/doc; DESTDIR stages it for a package.
PREFIX ?= $(HOME)/.local
DESTDIR ?=
# The version (scripts/version.sh: the git tag, else dev-COMMIT), baked into `tachikoma --version`.
VERSION = $(shell scripts/version.sh)
ARCH = $(shell uname -m)
STAGE = .build/stage
# swift-argument-parser's generate-manual plugin writes tachikoma's pages here.
MANUAL_DIR = .build/plugins/GenerateManual/outputs/tachikoma

.PHONY: deps build release programs chat demo test bench clean version manual stage install uninstall dist

deps:
	@scripts/ensure-deps.sh

build: deps version
	$(SWIFT) build

version:
	@scripts/version.sh --header >/dev/null

# tachikoma-mcp: the MCP client, a helper tachikoma starts beside itself when mcp_servers is set.
release: programs
	$(SWIFT) build $(RELEASE) --product fake-ollama

## The two programs that ship (install, dist), without the scripted server.
programs: deps version
	$(SWIFT) build $(RELEASE) --product tachikoma $(STATIC)
	$(SWIFT) build $(RELEASE) --product tachikoma-mcp $(STATIC)

## Build (release) and start the chat against OLLAMA_HOST (default http://127.0.0.1:11434).
chat: release
	@.build/release/tachikoma $(ARGS)

## The chat against the scripted test server, for trying Tachikoma without Ollama.
demo: release
	@scripts/demo.sh $(ARGS)

## Every test: unit, integration against the scripted server, end-to-end in a pseudo-terminal.
## The fuzz suites run first, on their own, and say how long they took (they must stay under 20 s);
## then everything else.
FUZZ_SUITES = ConfigFuzzTests|ServerConfigFuzzTests|StreamDecoderFuzzTests|SetCommandFuzzTests|MarkdownFuzzTests
test: deps
	$(SWIFT) build --build-tests
	@start=$$(date +%s%N); \
	$(SWIFT) test --skip-build --filter '$(FUZZ_SUITES)' && \
	echo "fuzz tests: $$(( ($$(date +%s%N) - start) / 1000000 )) ms (the limit is 20 s)"
	$(SWIFT) test --skip-build --skip '$(FUZZ_SUITES)'

## Every benchmark (see BENCHMARKS.md): the stream against curl in two token mixes, the chat rendering
## a long answer in a pseudo-terminal, start-up and token latency.
bench: deps
	@scripts/ensure-deps.sh --bench
	$(SWIFT) build $(RELEASE) --product tachikoma $(STATIC)
	$(SWIFT) build $(RELEASE) --product tachikoma-mcp $(STATIC)
	$(SWIFT) build $(RELEASE) --product fake-ollama
	@scripts/bench.sh

## Interactive chat latency: start-up to the prompt, token on the socket -> on the terminal.
.PHONY: bench-chat
bench-chat: deps
	$(SWIFT) build $(RELEASE) --product tachikoma $(STATIC)
	@scripts/chat_latency.py $(ARGS)

## Session store: load 10,000 messages, save one, search 100,000 (see BENCHMARKS.md).
.PHONY: bench-store
bench-store: deps
	$(SWIFT) build $(RELEASE) --product store-bench
	@.build/release/store-bench $(ARGS)

## The manual pages, from the argument parser's own description of every command (the plugin builds
## the package in debug, as `make test` does, and runs each executable with --experimental-dump-help).
manual: deps version
	$(SWIFT) package plugin generate-manual --configuration debug

## The installed tree under .build/stage: stripped binaries, completions, manual pages, example configs.
stage: programs manual
	@scripts/stage.sh .build/release $(STAGE) $(MANUAL_DIR)

## make install [PREFIX=~/.local] [DESTDIR=]: bin/tachikoma, bin/tachikoma-mcp, completions for bash,
## zsh and fish, man pages, share/doc/tachikoma; share/tachikoma/install-manifest lists it all.
install: stage
	@scripts/install.sh install $(STAGE) "$(DESTDIR)$(PREFIX)"

## Removes exactly what `make install` put there (same PREFIX and DESTDIR), by its manifest.
uninstall:
	@scripts/install.sh uninstall "$(DESTDIR)$(PREFIX)"

## dist/tachikoma-VERSION-linux-ARCH.tar.gz: the installed tree plus README.md, LICENSE and docs/.
dist: stage
	@scripts/dist.sh $(STAGE) dist "tachikoma-$(VERSION)-linux-$(ARCH)"

## linker/startup-order.txt: the functions the everyday starts run, in order, for the release link
## (scripts/startup_order.py runs them under valgrind from a build linked with a map; needs valgrind).
.PHONY: startup-order
startup-order: release
	@scripts/ensure-deps.sh --profile
	$(SWIFT) build $(RELEASE) --product tachikoma $(STATIC) -Xlinker --no-demangle -Xlinker -Map=.build/tachikoma.map
	@scripts/startup_order.py --map .build/tachikoma.map --out linker/startup-order.txt
	$(SWIFT) build $(RELEASE) --product tachikoma $(STATIC)
	$(SWIFT) build $(RELEASE) --product tachikoma-mcp $(STATIC)

## Footprint: peak RSS of `run` (20,000 tokens) and `--version`, stripped sizes and their largest parts.
.PHONY: bench-footprint
bench-footprint: release
	@scripts/footprint.py $(ARGS)

## A 1,000-turn chat in a pseudo-terminal: RSS, Enter to first token and database size along the way.
.PHONY: bench-long
bench-long: release
	@scripts/long_session.py $(ARGS)

clean:
	rm -rf .build
