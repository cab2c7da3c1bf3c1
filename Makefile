# The README's two commands are `go run ./cmd/bot` and `make test`.
GO ?= go
STATICCHECK = honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME ?= 15s

.PHONY: test deps build lint fuzz bench run

# Every test: installs redis-server and the Telegram emulator when missing.
test: deps
	$(GO) test -count=1 ./...

deps:
	./scripts/test-deps.sh

# The static binary, built the same way here, in CI and in deploy/Dockerfile.
build:
	./deploy/build.sh clubcoach

lint:
	@unformatted=$$(gofmt -l . | grep -v '^node_modules/' || true); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Brief runs of every fuzz target (CI); longer runs: make fuzz FUZZTIME=10m.
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/commands/
	$(GO) test -run='^$$' -fuzz='^FuzzParsePain$$' -fuzztime=$(FUZZTIME) ./internal/coach/
	$(GO) test -run='^$$' -fuzz='^FuzzDetectFlags$$' -fuzztime=$(FUZZTIME) ./internal/coach/
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZTIME) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeFIT$$' -fuzztime=$(FUZZTIME) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeGPX$$' -fuzztime=$(FUZZTIME) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeTCX$$' -fuzztime=$(FUZZTIME) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzRecords$$' -fuzztime=$(FUZZTIME) ./internal/store/internal/record/

bench: deps
	$(GO) test -run='^$$' -bench=. -benchmem ./...

run:
	$(GO) run ./cmd/bot
