/**
 * The simulated fleet: hosts (one event source each), their users, and running process
 * instances made from the catalogue's templates. Built once per corpus from the seed.
 */
import {
  MACOS_EVERYDAY,
  MACOS_RELEASES,
  MACOS_USERS,
  type OperatingSystem,
  type OsRelease,
  type ProcessTemplate,
  type Signature,
  WINDOWS_EVERYDAY,
  WINDOWS_RELEASES,
  WINDOWS_USERS,
} from './catalogue.js';
import { Random } from './random.js';

/** Event sources modelled, with the integration that ships each. */
export type Source = 'defend' | 'sysmon' | 'sentinelone';
export const SOURCES: readonly Source[] = ['defend', 'sysmon', 'sentinelone'];

export interface Host {
  os: OperatingSystem;
  source: Source;
  hostname: string;
  /** Upper-case NetBIOS-style name for Windows, as Sysmon reports it. */
  computerName: string;
  id: string;
  agentId: string;
  agentVersion: string;
  ip: string[];
  mac: string[];
  release: OsRelease;
  architecture: string;
  /** Windows domain (NetBIOS) the users belong to. */
  domain: string;
  users: string[];
  everyday: ProcessInstance[];
}

export interface Hashes {
  md5: string;
  sha1: string;
  sha256: string;
}

export interface ParentProcess {
  name: string;
  executable: string;
  pid: number;
  entityId: string;
  commandLine: string;
}

export interface ProcessInstance {
  template: ProcessTemplate;
  name: string;
  executable: string;
  signature: Signature;
  pid: number;
  entityId: string;
  /** Sysmon's ProcessGuid form of the entity id. */
  guid: string;
  args: string[];
  commandLine: string;
  workingDirectory: string;
  user: string;
  startMs: number;
  hashes: Hashes;
  parent: ParentProcess;
  ancestry: string[];
}

const WINDOWS_PARENTS: Record<string, string> = {
  'explorer.exe': 'C:\\Windows\\explorer.exe',
  'services.exe': 'C:\\Windows\\System32\\services.exe',
  'svchost.exe': 'C:\\Windows\\System32\\svchost.exe',
  'cmd.exe': 'C:\\Windows\\System32\\cmd.exe',
  'powershell.exe': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'wscript.exe': 'C:\\Windows\\System32\\wscript.exe',
  'userinit.exe': 'C:\\Windows\\System32\\userinit.exe',
  'wininit.exe': 'C:\\Windows\\System32\\wininit.exe',
  'WindowsTerminal.exe': 'C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.21.2911.0_x64__8wekyb3d8bbwe\\WindowsTerminal.exe',
};

const MACOS_PARENTS: Record<string, string> = {
  zsh: '/bin/zsh',
  bash: '/bin/bash',
  sh: '/bin/sh',
  Terminal: '/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal',
  'Google Chrome': '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  Slack: '/Applications/Slack.app/Contents/MacOS/Slack',
  Electron: '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
  Cursor: '/Applications/Cursor.app/Contents/MacOS/Cursor',
};

const hashCache = new Map<string, Hashes>();

/** Hashes are a property of the binary: the same path gets the same hashes on every host and in every corpus. */
function hashesOf(executable: string): Hashes {
  let hashes = hashCache.get(executable);
  if (hashes === undefined) {
    const random = new Random(`hash:${executable.toLowerCase()}`);
    hashes = { md5: random.hex(32), sha1: random.hex(40), sha256: random.hex(64) };
    hashCache.set(executable, hashes);
  }
  return hashes;
}

function macAddress(random: Random): string {
  const bytes: string[] = [];
  for (let index = 0; index < 6; index++) bytes.push((random.next() & 0xff).toString(16).padStart(2, '0').toUpperCase());
  return bytes.join('-');
}

const HOST_WORDS = ['fin', 'eng', 'hr', 'ops', 'sales', 'lab', 'dev', 'mkt'];

function createHost(random: Random, os: OperatingSystem, source: Source, index: number): Host {
  const word = random.pick(HOST_WORDS);
  const hostname = os === 'windows' ? `${word.toUpperCase()}-WS${String(100 + index).padStart(4, '0')}` : `${word}-mbp-${index}`;
  const octet = 10 + index;
  const userPool = os === 'windows' ? WINDOWS_USERS : MACOS_USERS;
  const users = [random.pick(userPool), random.pick(userPool)];
  const host: Host = {
    os,
    source,
    hostname: hostname.toLowerCase(),
    computerName: os === 'windows' ? `${hostname}.corp.example.com` : hostname,
    id: os === 'windows' ? random.uuid() : random.uuid().toUpperCase(),
    agentId: random.uuid(),
    agentVersion: random.pick(['8.15.3', '8.16.1', '8.17.0', '9.0.2']),
    ip: [
      `10.${octet}.${random.int(250)}.${random.between(2, 250)}`,
      `fe80::${random.hex(4)}:${random.hex(4)}:${random.hex(4)}:${random.hex(4)}`,
      '127.0.0.1',
      '::1',
    ],
    mac: [macAddress(random)],
    release: random.pick(os === 'windows' ? WINDOWS_RELEASES : MACOS_RELEASES),
    architecture: os === 'macos' && random.chance(0.7) ? 'arm64' : 'x86_64',
    domain: os === 'windows' ? 'CORP' : '',
    users,
    everyday: [],
  };
  const templates = os === 'windows' ? WINDOWS_EVERYDAY : MACOS_EVERYDAY;
  for (const template of templates) host.everyday.push(startProcess(random, host, template, Date.UTC(2025, 9, 1)));
  return host;
}

/** Fills `%USER%` and gives Windows paths the casing variants Windows and its tools report. */
function concretePath(random: Random, host: Host, path: string, user: string): string {
  let concrete = path.replaceAll('%USER%', user);
  if (host.os === 'windows') {
    const roll = random.float();
    if (roll < 0.08) concrete = concrete.toLowerCase().replace(/^c:/, 'c:');
    else if (roll < 0.14) concrete = concrete.replace(/^C:\\Windows\\System32\\/i, 'C:\\WINDOWS\\system32\\');
    else if (roll < 0.17 && !/^C:\\Windows\\/i.test(concrete)) concrete = concrete.replace(/^C:/i, 'D:');
  }
  return concrete;
}

function quoteArgument(argument: string): string {
  return /\s/.test(argument) ? `"${argument}"` : argument;
}

export function startProcess(
  random: Random,
  host: Host,
  template: ProcessTemplate,
  startMs: number,
  domainForArguments = 'api.example.com',
): ProcessInstance {
  const user =
    template.executable.includes('%USER%') || random.chance(0.6) ? random.pick(host.users) : host.os === 'windows' ? 'SYSTEM' : 'root';
  const executable = concretePath(random, host, template.executable, user);
  const pid = random.between(1200, 60000) & ~3; // Windows process ids are multiples of 4
  const extraArguments = (template.arguments ?? []).map((argument) =>
    argument.replaceAll('%USER%', user).replaceAll('%DOMAIN%', domainForArguments),
  );
  const args = [executable, ...extraArguments];
  const parentName = template.parentName ?? (host.os === 'windows' ? 'explorer.exe' : 'launchd');
  // A browser or Electron child's parent is the same binary; others come from a short table.
  const parentExecutable =
    parentName === template.name
      ? executable
      : host.os === 'windows'
        ? (WINDOWS_PARENTS[parentName] ?? (WINDOWS_PARENTS['explorer.exe'] as string))
        : parentName === 'launchd'
          ? '/sbin/launchd'
          : (MACOS_PARENTS[parentName] ?? '/sbin/launchd');
  const parentPid = random.between(4, 9000);
  const fileTime = BigInt(startMs) * 10000n + 116444736000000000n;
  const entityId = Buffer.from(`${host.agentId}-${pid}-${fileTime}`).toString('base64');
  const parentEntityId = Buffer.from(`${host.agentId}-${parentPid}-${fileTime - 1234567n}`).toString('base64');
  const workingDirectory =
    host.os === 'windows'
      ? user === 'SYSTEM'
        ? 'C:\\Windows\\system32\\'
        : `C:\\Users\\${user}\\`
      : user === 'root'
        ? '/'
        : `/Users/${user}`;
  return {
    template,
    name: template.name,
    executable,
    signature: template.signature,
    pid,
    entityId,
    guid: `{${host.id.slice(0, 8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}}`,
    args,
    commandLine: args.map(quoteArgument).join(' '),
    workingDirectory,
    user,
    startMs,
    hashes: hashesOf(template.executable),
    parent: {
      name: parentName,
      executable: parentExecutable,
      pid: parentPid,
      entityId: parentEntityId,
      commandLine: quoteArgument(parentExecutable),
    },
    ancestry: [parentEntityId],
  };
}

export interface Fleet {
  hosts: Host[];
  /** Hosts by operating system and source. */
  bySourceAndOs(os: OperatingSystem, source: Source): Host[];
}

const fleets = new Map<string, Fleet>();

/**
 * Six hosts per (operating system, source) pair; Sysmon runs on Windows only. Hosts are
 * never changed after creation, so every segment of a corpus shares its seed's fleet.
 */
export function createFleet(seed: number | string): Fleet {
  const key = `${typeof seed}:${seed}`;
  let fleet = fleets.get(key);
  if (fleet === undefined) {
    fleet = buildFleet(seed);
    if (fleets.size >= 8) fleets.clear();
    fleets.set(key, fleet);
  }
  return fleet;
}

function buildFleet(seed: number | string): Fleet {
  const random = new Random(`fleet:${seed}`);
  const hosts: Host[] = [];
  const groups = new Map<string, Host[]>();
  let index = 0;
  for (const os of ['windows', 'macos'] as const) {
    for (const source of SOURCES) {
      if (os === 'macos' && source === 'sysmon') continue;
      const group: Host[] = [];
      for (let count = 0; count < 6; count++) group.push(createHost(random, os, source, index++));
      groups.set(`${os}/${source}`, group);
      hosts.push(...group);
    }
  }
  const table: Record<OperatingSystem, Partial<Record<Source, Host[]>>> = { windows: {}, macos: {} };
  for (const [key, group] of groups) {
    const [os, source] = key.split('/') as [OperatingSystem, Source];
    table[os][source] = group;
  }
  return {
    hosts,
    bySourceAndOs(os, source) {
      const group = table[os][source];
      if (group === undefined) throw new Error(`no ${source} hosts run ${os}`);
      return group;
    },
  };
}
