# The two commands of the README:
#   make demo   install what is missing, build, run wbcheck on the seed scenario
#   make test   build and run the whole test suite (ctest)
# and, for maintainers:
#   make docs   regenerate docs/policy-matrix.md (the ctest docs_policy_matrix fails when it is stale)
BUILD ?= build
JOBS ?= $(shell nproc)
WBCHECK = $(BUILD)/cli/wbcheck
SEED = examples/scenarios/bug217030.json

.PHONY: all deps configure build demo test docs clean

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
	rm -rf $(BUILD)
