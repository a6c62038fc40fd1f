'use strict';

// Starts kinesalite (in memory) on 127.0.0.1 with a port the system picks, then prints
// "kinesalite listening on <port>" for KinesisLocalServer. Exits when its standard input closes, so the
// emulator never outlives the JVM that started it.
const kinesalite = require('kinesalite');

const server = kinesalite({
  createStreamMs: 0,
  deleteStreamMs: 0,
  updateStreamMs: 0,
  shardLimit: 100,
});

server.on('error', (error) => {
  process.stderr.write('kinesalite failed: ' + (error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write('kinesalite listening on ' + server.address().port + '\n');
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
