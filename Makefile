.PHONY: install start run test seed train validate

install:  ## build .venv-rasa and .venv from the lock files
	bash scripts/install.sh

start:  ## set up on embedded defaults and serve the web chat
	bash scripts/start.sh

run: install  ## Rasa server + action server (REST on :5005) until Ctrl-C
	.venv/bin/hrbot run

test:  ## everything CI runs
	bash scripts/test.sh

seed: install
	.venv/bin/hrbot seed

train: install
	.venv/bin/hrbot train

validate: install
	.venv-rasa/bin/rasa data validate --fail-on-warnings
