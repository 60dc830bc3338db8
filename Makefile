# GovWatch: `make demo` and `make test` each do all set-up on a fresh machine.
PY ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei

.PHONY: setup system-deps demo test lint bench clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# Chromium renders the JavaScript-built lists; the CJK fonts make the sample PDFs.
# LibreOffice and poppler render the bulletin .docx (a test); the arphic/wqy fonts stand in for 仿宋/楷体/黑体.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing from apt"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q $$missing; \
	  else sudo apt-get update -q && sudo apt-get install -y -q $$missing; fi; \
	fi

setup: $(STAMP) system-deps

demo: setup
	$(BIN)/python scheduler.py demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/crawl.py

clean:
	rm -rf $(VENV) data .pytest_cache
