# The two commands a fresh machine needs: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CONFIG ?= config/berth.yaml
# What `make run` serves: the host and the plugins config/berth.yaml loads (not the tests,
# fixtures and benchmarks, which `make test` builds).
RUN_TARGETS ?= berth hello notes runner docker
# cmake's own make calls would otherwise print "Entering directory" for every target.
MAKEFLAGS += --no-print-directory

.PHONY: all deps build run dev test test-asan test-tsan check format clean client ui ui-screenshots

all: build

deps:
	@bash scripts/install-deps.sh

build: deps ui
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# The extension's dashboard tab: ui/ (React + MUI on Vite) built into ui/dist, where
# metadata.json points. `make test` builds it again first (the ui_build test).
ui: deps
	@cd ui && npm run --silent build

# The screenshots in docs/screenshots (README): the UI's browser test takes them.
ui-screenshots: ui
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target $(RUN_TARGETS)
	SCREENSHOTS=docs/screenshots BERTH_BUILD_DIR=$(abspath $(BUILD)) node tests/ui/e2e.mjs

# Serves config/berth.yaml: ./run/backend.sock and 127.0.0.1:8080, with the sample plugins.
run: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target $(RUN_TARGETS)
	@mkdir -p run
	exec $(BUILD)/core/app/berth --config $(CONFIG)

# The extension in a plain browser (docs/dev.md): what `make run` builds, then `berth dev` on the
# same config with the shipped ui/ (metadata.json's dashboard tab) on http://127.0.0.1:DEV_PORT/.
# Plugins rebuilt meanwhile (cmake --build build --target notes) are swapped in while it serves.
DEV_PORT ?= 8090
dev: deps ui
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target $(RUN_TARGETS)
	@mkdir -p run
	exec $(BUILD)/core/app/berth dev --config $(CONFIG) --port $(DEV_PORT)

test: build
	cd $(BUILD) && ctest --output-on-failure -j2

# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer, and under ThreadSanitizer.
# Reports go to files (a berth child's stderr is a test's temporary log, and a TSan report does not
# stop the process): any report fails the target.
test-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBERTH_SANITIZE=address >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@rm -rf build-asan/sanitizer-reports && mkdir -p build-asan/sanitizer-reports
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:log_path=$(abspath build-asan)/sanitizer-reports/asan \
	  UBSAN_OPTIONS=print_stacktrace=1:log_path=$(abspath build-asan)/sanitizer-reports/ubsan \
	  ctest --output-on-failure -j2; tests=$$?; \
	  bash ../scripts/sanitizer-reports.sh sanitizer-reports && exit $$tests

test-tsan: deps
	@cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DBERTH_SANITIZE=thread >/dev/null
	@cmake --build build-tsan -j$(JOBS)
	@rm -rf build-tsan/sanitizer-reports && mkdir -p build-tsan/sanitizer-reports
	cd build-tsan && TSAN_OPTIONS=second_deadlock_stack=1:suppressions=$(abspath tests/tsan.supp):log_path=$(abspath build-tsan)/sanitizer-reports/tsan \
	  ctest --output-on-failure -j2; tests=$$?; \
	  bash ../scripts/sanitizer-reports.sh sanitizer-reports && exit $$tests

check: build
	$(BUILD)/core/app/berth --check --config $(CONFIG)

# The UI's typed client, ui/berth-client.ts and the ES module ui/berth-client.js, regenerated from
# config/berth.yaml's OpenAPI document (commit both; the client_ui_fresh test fails when stale).
client: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target berth hello notes runner docker
	BERTH_PLUGIN_DIR=$(abspath $(BUILD))/plugins bash scripts/client.sh $(BUILD)/core/app/berth ui

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz run

# libFuzzer on every parser a client or a config file reaches (docs/fuzzing.md): a clang build of
# just the fuzz targets in build-fuzz, each run FUZZ_TIME seconds, then a table of executions and
# findings. `make test` replays the committed corpora with the normal build (ctest -L fuzz).
FUZZ_TIME ?= 60
.PHONY: fuzz
fuzz: deps
	FUZZ_TIME=$(FUZZ_TIME) JOBS=$(JOBS) bash tests/fuzz/run.sh

# berth vs Go, Node.js and nginx peers: builds build-release, writes bench/results/<date>.md. Not
# part of `make test`. Quick run: make bench BENCH_ROUNDS=3 BENCH_DURATION=1
.PHONY: bench
bench: deps
	bash bench/run.sh

# The Docker Desktop extension (docs/extension.md): the image from the Dockerfile, then
# `docker extension install|update`. EXTENSION_BUILD_ARGS passes e.g. base images:
#   make build-extension EXTENSION_BUILD_ARGS="--build-arg BUILD_IMAGE=local/debian:bookworm"
EXTENSION_IMAGE ?= berth/berth-extension
EXTENSION_TAG ?= latest
EXTENSION_BUILD_ARGS ?=
.PHONY: build-extension install-extension update-extension
build-extension: ## Build the extension image
	docker build $(EXTENSION_BUILD_ARGS) --tag=$(EXTENSION_IMAGE):$(EXTENSION_TAG) .

install-extension: build-extension ## Install the extension in Docker Desktop
	docker extension install $(EXTENSION_IMAGE):$(EXTENSION_TAG)

update-extension: build-extension ## Update the installed extension (keeps its volumes)
	docker extension update $(EXTENSION_IMAGE):$(EXTENSION_TAG)
