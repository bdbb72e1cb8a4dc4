# Quick start: `make run` opens the app, `make test` runs the whole suite headless.
.PHONY: run test lint setup demo clean

run:
	@scripts/setup.sh
	.venv/bin/python main.py

test:
	@scripts/setup.sh --test
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

lint:
	@scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

demo:
	@scripts/setup.sh
	.venv/bin/envhelp demo

clean:
	rm -rf .venv .pytest_cache .ruff_cache
