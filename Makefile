# The two commands of the README:
#   make demo   install what is missing, build, run wbcheck on the seed scenario
#   make test   build and run the whole test suite (ctest)
# and, for maintainers:
#   make docs   regenerate docs/policy-matrix.md (the ctest docs_policy_matrix fails when it is stale)
#   make test-sanitize   the whole suite under ASan + UBSan, in its own build directory (CI runs it)
#   make fuzz FUZZ_SECONDS=N   each libFuzzer target (tests/fuzz) for N seconds, in build-asan (clang)
BUILD ?= build
JOBS ?= $(shell nproc)
WBCHECK = $(BUILD)/cli/wbcheck
SEED = examples/scenarios/bug217030.json

ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 60

.PHONY: all deps configure build demo test configure-asan test-sanitize fuzz docs clean

all: build

deps:
	@bash scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The 6.2 policy is expected to be violated (exit 10), the 6.3 fix to hold (exit 0).
demo: build
	@echo "=== linux-6.2: xfs_discard_folio punches [pos, round_up(pos, folio_size))"
	@$(WBCHECK) check --scenario $(SEED) --policy examples/policies/linux-6.2.json; \
	  status=$$?; echo "=== exit status $$status (10 = a property is violated)"; test $$status -eq 10
	@echo
	@echo "=== linux-6.3: xfs_discard_folio punches [pos, folio_pos + folio_size)"
	@$(WBCHECK) check --scenario $(SEED) --policy examples/policies/linux-6.3.json; \
	  status=$$?; echo "=== exit status $$status (0 = every property holds)"; test $$status -eq 0

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same suite built with -fsanitize=address,undefined (cmake/WbcheckSanitize.cmake),
# with clang: it builds this code base several times faster than g++ does with
# the sanitizers on, and the same build directory then holds the fuzz targets
# (make fuzz reuses it). Any report fails the test it happens in: UBSan aborts,
# ASan exits non-zero, leaks included.
SANITIZE_CXX ?= clang++
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:strict_string_checks=1 \
               UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
configure-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=$(SANITIZE_CXX) \
	  -DWBCHECK_SANITIZE=ON -DWBCHECK_FUZZ=ON >/dev/null

test-sanitize: configure-asan
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@$(SANITIZE_ENV) ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# Each libFuzzer target (tests/fuzz) for FUZZ_SECONDS; see tests/fuzz/README.md.
fuzz: configure-asan
	@cmake --build $(ASAN_BUILD) -j $(JOBS) --target scenario_fuzzer policy_fuzzer check_fuzzer
	@bash scripts/fuzz $(ASAN_BUILD) $(FUZZ_SECONDS)

# Run from the repository root so that the matrix uses the shipped examples,
# exactly as the staleness test does.
docs: build
	@$(WBCHECK) matrix --format markdown --out docs/policy-matrix.md
	@echo "docs/policy-matrix.md regenerated"

# Micro-benchmarks (bench/): figures only, never pass/fail.
bench: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWBCHECK_BUILD_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target wbcheck_bench
	@$(BUILD)/bench/wbcheck_bench

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
