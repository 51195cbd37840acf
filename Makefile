# Tachikoma: `make chat` builds and starts the chat, `make test` runs every test.
SWIFT ?= swift
ARGS ?=
# The Swift runtime and Foundation linked into the binary: 10 ms less CPU at every start (BENCHMARKS.md).
STATIC ?= --static-swift-stdlib

.PHONY: deps build release chat demo test bench clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

# tachikoma-mcp: the MCP client, a helper tachikoma starts beside itself when mcp_servers is set.
release: deps
	$(SWIFT) build -c release --product tachikoma $(STATIC)
	$(SWIFT) build -c release --product tachikoma-mcp $(STATIC)
	$(SWIFT) build -c release --product fake-ollama

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
	$(SWIFT) build -c release --product tachikoma $(STATIC)
	$(SWIFT) build -c release --product tachikoma-mcp $(STATIC)
	$(SWIFT) build -c release --product fake-ollama
	@scripts/bench.sh

## Interactive chat latency: start-up to the prompt, token on the socket -> on the terminal.
.PHONY: bench-chat
bench-chat: deps
	$(SWIFT) build -c release --product tachikoma $(STATIC)
	@scripts/chat_latency.py $(ARGS)

## Session store: load 10,000 messages, save one, search 100,000 (see BENCHMARKS.md).
.PHONY: bench-store
bench-store: deps
	$(SWIFT) build -c release --product store-bench
	@.build/release/store-bench $(ARGS)

clean:
	rm -rf .build
