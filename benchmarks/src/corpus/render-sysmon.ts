/**
 * Sysmon through Elastic's Windows integration (`logs-windows.sysmon_operational`):
 * no code_signature at all, `winlog` metadata, `dns.answers`, `related`, and — when the
 * integration keeps it — the XML in `event.original` (which Go's encoder writes with
 * `\u003c` escapes, and which repeats the looked-up name outside `dns.question.name`).
 */
import {
  domainParts,
  extensionOf,
  fileName,
  firstName,
  isoMillis,
  type RenderContext,
  resolvedAddresses,
  touchedFile,
  userSid,
} from './render-common.js';
import type { Host, ProcessInstance } from './world.js';

type Json = Record<string, unknown>;

const PROVIDER_GUID = '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}';

function hostBlock(host: Host, dropOsType: boolean, random: RenderContext['random']): Json {
  const release = host.release;
  if (dropOsType && random.chance(0.5)) return { name: host.computerName }; // no host metadata processor at all
  const os: Json = {
    build: release.build,
    family: 'windows',
    name: release.variant,
    platform: 'windows',
    type: 'windows',
    version: release.version,
  };
  if (dropOsType) delete os.type;
  return { hostname: host.hostname, ip: [host.ip[0]], name: host.computerName, os };
}

/** Key order of the Windows integration's documents: alphabetical, as Elasticsearch returns them. */
function envelope(
  context: RenderContext,
  eventId: number,
  event: Json,
  body: Json,
  process: ProcessInstance,
  original: string | undefined,
  dropOsType = false,
): Json {
  const { host, random, timeMs } = context;
  event.code = String(eventId);
  event.dataset = 'windows.sysmon_operational';
  event.ingested = isoMillis(timeMs + random.between(2000, 30000));
  event.kind = 'event';
  event.module = 'windows';
  event.provider = 'Microsoft-Windows-Sysmon';
  if (original !== undefined) event.original = original;
  const document: Json = {
    '@timestamp': isoMillis(timeMs),
    agent: { id: host.agentId, type: 'filebeat', version: host.agentVersion },
    data_stream: { dataset: 'windows.sysmon_operational', namespace: 'default', type: 'logs' },
  };
  for (const key in body) document[key] = body[key];
  document.ecs = { version: '8.11.0' };
  document.event = event;
  document.host = hostBlock(host, dropOsType, random);
  document.log = { level: 'information' };
  if (original !== undefined) document.tags = ['preserve_original_event'];
  document.user =
    process.user === 'SYSTEM'
      ? { domain: 'NT AUTHORITY', id: 'S-1-5-18', name: 'SYSTEM' }
      : { domain: host.domain, id: userSid(host, process.user), name: process.user };
  document.winlog = {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer_name: host.computerName,
    event_id: String(eventId),
    record_id: String(context.sequence + 100000),
  };
  return document;
}

function originalXml(context: RenderContext, eventId: number, data: Array<[string, string]>): string {
  const { host, timeMs } = context;
  const fields = data.map(([name, value]) => `<Data Name='${name}'>${value}</Data>`).join('');
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='${PROVIDER_GUID}'/>` +
    `<EventID>${eventId}</EventID><Version>5</Version><Level>4</Level><Task>${eventId}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
    `<TimeCreated SystemTime='${isoMillis(timeMs)}'/><EventRecordID>${context.sequence + 100000}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='3044' ThreadID='4120'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>${host.computerName}</Computer>` +
    `<Security UserID='S-1-5-18'/></System><EventData>${fields}</EventData></Event>`
  );
}

function processBrief(process: ProcessInstance): Json {
  return { entity_id: process.guid, executable: process.executable, name: process.name, pid: process.pid };
}

export function sysmonDns(context: RenderContext, process: ProcessInstance, name: string | string[], dropOsType: boolean): Json {
  const { random } = context;
  const addresses = resolvedAddresses(random, random.between(1, 3));
  const shown = firstName(name);
  const cname = `${shown.replace(/\.$/, '')}.cdn.cloudflare.net`;
  const question: Json = { name };
  if (!Array.isArray(name)) Object.assign(question, domainParts(name));
  const dns: Json = {
    answers: [{ data: cname, type: 'CNAME' }, ...addresses.map((address) => ({ data: address, type: 'A' }))],
    question,
    resolved_ip: addresses,
  };
  const keepOriginal = random.chance(0.15);
  const original = keepOriginal
    ? originalXml(context, 22, [
        ['RuleName', '-'],
        ['UtcTime', isoMillis(context.timeMs).replace('T', ' ').replace('Z', '')],
        ['ProcessGuid', process.guid],
        ['ProcessId', String(process.pid)],
        ['QueryName', shown],
        ['QueryStatus', '0'],
        ['QueryResults', `type:  5 ${cname};${addresses.map((address) => `::ffff:${address};`).join('')}`],
        ['Image', process.executable],
        ['User', process.user === 'SYSTEM' ? 'NT AUTHORITY\\SYSTEM' : `${context.host.domain}\\${process.user}`],
      ])
    : undefined;
  const body: Json = {
    dns,
    network: { protocol: 'dns' },
    process: processBrief(process),
    related: { hosts: [cname, shown], ip: addresses },
    sysmon: { dns: { status: 'SUCCESS' } },
  };
  return envelope(
    context,
    22,
    { action: 'Dns query (rule: DnsQuery)', category: ['network'], type: ['connection', 'protocol', 'info'] },
    body,
    process,
    original,
    dropOsType,
  );
}

export function sysmonProcess(context: RenderContext, process: ProcessInstance): Json {
  const { random } = context;
  const processBlock: Json = {
    args: process.args,
    args_count: process.args.length,
    command_line: process.commandLine,
    entity_id: process.guid,
    executable: process.executable,
    hash: { md5: process.hashes.md5, sha256: process.hashes.sha256 },
    name: process.name,
    parent: {
      command_line: process.parent.commandLine,
      entity_id: `{${random.uuid()}}`,
      executable: process.parent.executable,
      name: process.parent.name,
      pid: process.parent.pid,
    },
    pid: process.pid,
    working_directory: process.workingDirectory,
  };
  if (process.template.description !== undefined) {
    processBlock.pe = {
      company: process.template.company ?? 'Microsoft Corporation',
      description: process.template.description,
      original_file_name: process.name.toUpperCase(),
    };
  }
  const body: Json = { process: processBlock, related: { user: [process.user] } };
  return envelope(
    context,
    1,
    { action: 'Process Create (rule: ProcessCreate)', category: ['process'], type: ['start'] },
    body,
    process,
    undefined,
  );
}

export function sysmonNetwork(context: RenderContext, process: ProcessInstance, destinationDomain?: string): Json {
  const { random, host } = context;
  const [address] = resolvedAddresses(random, 1) as [string];
  const destination: Json = { ip: address, port: random.pick([443, 443, 80, 8443]) };
  if (destinationDomain !== undefined) destination.domain = destinationDomain;
  const body: Json = {
    destination,
    network: { direction: 'egress', transport: 'tcp', type: 'ipv4' },
    process: processBrief(process),
    source: { domain: host.computerName, ip: host.ip[0], port: random.between(49152, 65535) },
  };
  return envelope(
    context,
    3,
    { action: 'Network connection detected (rule: NetworkConnect)', category: ['network'], type: ['connection', 'start', 'protocol'] },
    body,
    process,
    undefined,
  );
}

export function sysmonFile(context: RenderContext, process: ProcessInstance): Json {
  const { random, host } = context;
  const path = touchedFile(random, host, process);
  const name = fileName(path);
  const file: Json = { directory: path.slice(0, path.length - name.length - 1), name, path };
  const extension = extensionOf(name);
  if (extension !== undefined) file.extension = extension;
  return envelope(
    context,
    11,
    { action: 'File created (rule: FileCreate)', category: ['file'], type: ['creation'] },
    { file, process: processBrief(process) },
    process,
    undefined,
  );
}

export function sysmonRegistry(context: RenderContext, process: ProcessInstance): Json {
  const { random } = context;
  const key = random.pick([
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
    'SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters',
  ]);
  const value = random.pick(['OneDriveSetup', 'Shell', 'Type']);
  const hive = key.startsWith('SYSTEM') ? 'HKLM' : 'HKU';
  const registry = { data: { strings: [process.executable], type: 'SZ' }, hive, key, path: `${hive}\\${key}\\${value}`, value };
  return envelope(
    context,
    13,
    { action: 'Registry value set (rule: RegistryEvent)', category: ['registry'], type: ['change'] },
    { process: processBrief(process), registry },
    process,
    undefined,
  );
}
