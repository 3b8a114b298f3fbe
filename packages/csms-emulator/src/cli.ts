/**
 * `pnpm emulator`: starts the CSMS emulator and prints what a caller needs (endpoint, region, project id,
 * AK/SK, IAM user), for people and then as one JSON ready line. Bad flags: usage on stderr, exit 2.
 * SIGINT/SIGTERM: stop accepting, close, exit 0.
 */
import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { startEmulator, type RunningEmulator } from './server.js';

function describe(emulator: RunningEmulator, dataFile: string | undefined, admin: boolean): string {
  const c = emulator.credentials;
  return [
    'CSMS emulator ready',
    `  endpoint        ${emulator.url}`,
    `  region          ${emulator.region}`,
    `  project id      ${emulator.projectId}`,
    `  access key      ${c.accessKey}`,
    `  secret key      ${c.secretKey}`,
    ...(c.securityToken ? [`  security token  ${c.securityToken}`] : []),
    ...(c.actions ? [`  actions         ${c.actions.join(', ')}`] : []),
    `  IAM token       POST ${emulator.iam.url}/v3/auth/tokens`,
    `  IAM user        ${emulator.iam.user}`,
    `  IAM password    ${emulator.iam.password}`,
    `  IAM domain      ${emulator.iam.domain}`,
    `  admin           ${admin ? `${emulator.url}/__admin` : 'off (--admin to enable)'}`,
    `  data            ${dataFile ? `${dataFile} (persistent)` : 'in memory'}`,
  ].join('\n');
}

/**
 * The same facts for programs (@csms-console/process-kit waits on it): one JSON line whose first key is
 * `event`, printed once the emulator listens.
 */
function readyLine(emulator: RunningEmulator, dataFile: string | undefined, admin: boolean): string {
  return JSON.stringify({
    event: 'ready',
    service: 'csms-emulator',
    url: emulator.url,
    port: Number(new URL(emulator.url).port),
    region: emulator.region,
    projectId: emulator.projectId,
    credentials: emulator.credentials,
    iam: emulator.iam,
    admin,
    dataFile: dataFile ?? null,
  });
}

async function main(): Promise<void> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`csms-emulator: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (command.help) {
    console.log(USAGE);
    return;
  }
  const { options } = command;
  const emulator = await startEmulator(options);
  console.log(describe(emulator, options.dataFile, options.admin ?? false));
  console.log(readyLine(emulator, options.dataFile, options.admin ?? false));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`csms-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
