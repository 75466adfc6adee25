/** Small helpers shared by the per-source renderers. */
import type { Random } from './random.js';
import type { Host, ProcessInstance } from './world.js';

export interface RenderContext {
  random: Random;
  host: Host;
  timeMs: number;
  /** Running number of the event on its host (Elastic Defend's event.sequence). */
  sequence: number;
}

const cachedSeconds = new Float64Array(64).fill(Number.NaN);
const cachedPrefixes: string[] = new Array(64).fill('');

/** `YYYY-MM-DDTHH:MM:SS` of a time, from a small direct-mapped cache (events cluster in time). */
function secondPrefix(timeMs: number): string {
  const second = Math.floor(timeMs / 1000);
  const slot = second & 63;
  if (cachedSeconds[slot] !== second) {
    cachedSeconds[slot] = second;
    cachedPrefixes[slot] = new Date(second * 1000).toISOString().slice(0, 19);
  }
  return cachedPrefixes[slot] as string;
}

function millisecondsOf(timeMs: number): string {
  const milliseconds = timeMs - Math.floor(timeMs / 1000) * 1000;
  return milliseconds < 10 ? `00${milliseconds}` : milliseconds < 100 ? `0${milliseconds}` : String(milliseconds);
}

export function isoMillis(timeMs: number): string {
  return `${secondPrefix(timeMs)}.${millisecondsOf(timeMs)}Z`;
}

/** Windows FILETIME precision, as Elastic Defend writes it: `2022-04-04T18:52:00.6007809Z`. */
export function isoTicks(timeMs: number, random: Random): string {
  return `${secondPrefix(timeMs)}.${millisecondsOf(timeMs)}${String(random.int(10000)).padStart(4, '0')}Z`;
}

export function isoSeconds(timeMs: number): string {
  return `${secondPrefix(timeMs)}Z`;
}

/** Public addresses by the first label of an LLM or everyday name: just plausible, not real. */
export function resolvedAddresses(random: Random, count: number): string[] {
  const addresses: string[] = [];
  const prefix = random.pick(['104.18', '172.64', '162.159', '20.42', '34.117', '142.250', '13.107', '52.96', '160.79']);
  for (let index = 0; index < count; index++) addresses.push(`${prefix}.${random.int(256)}.${random.between(1, 254)}`);
  return addresses;
}

/** ECS `registered_domain` / `subdomain` / `top_level_domain` the naive way Beats' processors do for simple names. */
export function domainParts(name: string): { registered_domain?: string; subdomain?: string; top_level_domain?: string } {
  const labels = name.replace(/\.$/, '').split('.');
  if (labels.length < 2) return {};
  const registered = labels.slice(-2).join('.');
  const sub = labels.slice(0, -2).join('.');
  return sub === ''
    ? { registered_domain: registered, top_level_domain: labels[labels.length - 1] }
    : { registered_domain: registered, subdomain: sub, top_level_domain: labels[labels.length - 1] };
}

export function firstName(name: string | string[]): string {
  return Array.isArray(name) ? (name[name.length - 1] as string) : name;
}

const sids = new Map<string, string>();

/** Windows user SID for a user name on a host (stable per name). */
export function userSid(host: Host, user: string): string {
  if (user === 'SYSTEM') return 'S-1-5-18';
  const key = `${host.id}/${user}`;
  let sid = sids.get(key);
  if (sid === undefined) {
    sid = computeSid(host, user);
    if (sids.size < 10_000) sids.set(key, sid);
  }
  return sid;
}

function computeSid(host: Host, user: string): string {
  let hash = 0;
  for (let index = 0; index < user.length; index++) hash = (Math.imul(hash, 31) + user.charCodeAt(index)) >>> 0;
  return `S-1-5-21-${Number.parseInt(host.id.slice(0, 8), 16)}-2785634512-1182379104-${1000 + (hash % 9000)}`;
}

export function fileName(path: string): string {
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(index + 1);
}

export function extensionOf(name: string): string | undefined {
  const index = name.lastIndexOf('.');
  return index > 0 ? name.slice(index + 1).toLowerCase() : undefined;
}

export function directoryOf(path: string): string {
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(0, index);
}

/** A file that a process plausibly writes, for file events. */
export function touchedFile(random: Random, host: Host, process: ProcessInstance): string {
  const user = process.user === 'SYSTEM' || process.user === 'root' ? host.users[0] : process.user;
  if (host.os === 'windows') {
    return random.pick([
      `C:\\Users\\${user}\\AppData\\Local\\Temp\\${random.hex(8)}.tmp`,
      `C:\\Users\\${user}\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\Cache_Data\\f_${random.hex(6)}`,
      `C:\\Users\\${user}\\Downloads\\report-${random.between(1, 99)}.pdf`,
      `C:\\Windows\\Prefetch\\${process.name.toUpperCase()}-${random.hex(8).toUpperCase()}.pf`,
      `C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service\\DetectionHistory\\${random.hex(2)}`,
      `C:\\Users\\${user}\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\notes.lnk`,
      `C:\\Windows\\Temp\\${random.uuid()}.log`,
    ]);
  }
  return random.pick([
    `/Users/${user}/Library/Caches/com.google.Chrome/Cache.db-wal`,
    `/private/var/folders/zz/${random.hex(8)}/T/${random.hex(12)}`,
    `/Users/${user}/Downloads/report-${random.between(1, 99)}.pdf`,
    `/Users/${user}/Library/Application Support/Slack/Local Storage/leveldb/${random.between(100, 999)}.log`,
    `/Library/Logs/DiagnosticReports/${random.hex(6)}.ips`,
  ]);
}
