// Starts the telegram-test-api Bot API emulator for the Go end-to-end tests.
// Usage: node emulator.js PORT
// Prints "READY http://127.0.0.1:PORT" once listening; exits when its stdin
// closes (the Go test ended or died) or on SIGTERM.
'use strict';

const TelegramServer = require('telegram-test-api');

// A webhook answering non-2xx makes the emulator reject a promise nobody
// awaits; without this handler Node would crash mid-test.
process.on('unhandledRejection', (err) => {
  console.error('emulator: unhandled rejection:', err && err.message ? err.message : err);
});

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node emulator.js PORT (port 0 is not supported by telegram-test-api)');
  process.exit(2);
}

const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });

async function stop(code) {
  try {
    await server.stop();
  } finally {
    process.exit(code);
  }
}

server.start().then(() => {
  console.log(`READY ${server.config.apiURL}`);
}, (err) => {
  console.error(`emulator: cannot listen on 127.0.0.1:${port}: ${err.message}`);
  process.exit(1);
});

process.on('SIGTERM', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.resume();
