# The README's two commands are `go run ./cmd/bot` and `make test`.
GO ?= go
STATICCHECK = honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME ?= 15s
# A new input is minimised for at most this many runs: a time bound here (Go's
# default is 60 s) can outlast a short -fuzztime and end in a spurious
# "context deadline exceeded" on a loaded machine.
FUZZMINIMIZE ?= 2000x

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

# Brief runs of every fuzz target (CI counts runs, FUZZTIME=50000x, so a busy
# machine is slower, never failed by a clock); longer runs: make fuzz FUZZTIME=10m.
# FuzzFindMentions (token matcher against the old regex path) and
# FuzzSecondOpinion are run by hand: each exec on a large input is slow, and
# minimising one interesting large input outlasts CI (seen: minutes at 0
# execs/s). `go test -run='^$$' -fuzz=FuzzFindMentions -fuzzminimizetime=50x ./internal/coach/`
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/commands/
	$(GO) test -run='^$$' -fuzz='^FuzzParsePain$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/coach/
	$(GO) test -run='^$$' -fuzz='^FuzzDetectFlags$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/coach/
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeFIT$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeGPX$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeTCX$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/workout/
	$(GO) test -run='^$$' -fuzz='^FuzzRecords$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) ./internal/store/internal/record/

bench: deps
	$(GO) test -run='^$$' -bench=. -benchmem ./...

run:
	$(GO) run ./cmd/bot
