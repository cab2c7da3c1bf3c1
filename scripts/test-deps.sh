#!/usr/bin/env bash
# Installs what the tests need when it is missing: redis-server (Debian
# package) for the Redis store tests, and the Telegram Bot API emulator
# (npm telegram-test-api, pinned in package-lock.json) for end-to-end tests,
# and Chromium (Debian package) for the public page's browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v redis-server >/dev/null 2>&1; then
  echo "test-deps: installing redis-server" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "test-deps: installing chromium" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# Debian starts a redis-server service on install; the tests start their own
# private servers on free ports, so the service is not needed.
if [ -f package-lock.json ] && [ ! -d node_modules/telegram-test-api ]; then
  echo "test-deps: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
