# Conveniences over scripts/ (the scripts are what the README and CI call).
.PHONY: run test bench build format

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

build:
	bash scripts/build.sh release

format:
	bash scripts/format.sh
