/**
 * A tiny child for process-kit's own tests (run by plain `node`, which strips the types). Flags:
 *   --ready         print noise, then the ready line (split over two writes), then stay up
 *   --broken        print a ready line whose url is not a URL
 *   --exit=N        print to both streams, then exit with code N
 *   --ignore-term   survive SIGTERM (only SIGKILL ends it)
 * With none of them it prints one line and waits forever. On SIGTERM it says "bye" and exits 0.
 */
const flags = new Set(process.argv.slice(2));
const exitFlag = process.argv.find((a) => a.startsWith('--exit='));

process.on('SIGTERM', () => {
  if (flags.has('--ignore-term')) {
    console.log('ignoring SIGTERM');
    return;
  }
  console.log('bye');
  process.exit(0);
});
setInterval(() => undefined, 1_000);

console.log('fixture starting');
if (exitFlag) {
  console.error('boom: the fixture failed on purpose');
  process.exit(Number(exitFlag.slice('--exit='.length)));
}
if (flags.has('--broken')) console.log('{"event":"ready","service":"fixture","url":"not a url"}');
if (flags.has('--ready')) {
  // A log line that mentions readiness (pino's lines begin with "level"), and another service's ready line.
  console.log('{"level":30,"event":"ready","service":"fixture","url":"http://127.0.0.1:1","msg":"x"}');
  console.log('{"event":"ready","service":"other","url":"http://127.0.0.1:2"}');
  process.stdout.write('{"event":"ready","service":"fixture",');
  setTimeout(() => {
    console.log('"url":"http://127.0.0.1:4321","answer":42}');
    console.log('after ready');
  }, 100);
}
