/**
 * SentinelOne Cloud Funnel through Elastic's integration (`logs-sentinel_one_cloud_funnel.*`):
 * `event.action` as an array, `code_signature` reduced to `exists`, hashes everywhere, and a
 * vendor block under `sentinel_one_cloud_funnel.event`.
 */
import { type RenderContext, extensionOf, fileName, isoMillis, resolvedAddresses, touchedFile } from './render-common.js';
import type { Host, ProcessInstance } from './world.js';

type Json = Record<string, unknown>;

function hostBlock(host: Host, dropOsType: boolean): Json {
  const os: Json = host.os === 'windows' ? { name: (host.release.variant ?? host.release.name).replaceAll(' ', ''), platform: 'windows', type: 'windows' } : { name: `macOS${host.release.version}`, platform: 'macos', type: 'macos' };
  if (dropOsType) delete os.type;
  return { hostname: host.hostname, id: host.agentId.replaceAll('-', '').slice(0, 24), os, type: host.os === 'windows' ? 'laptop' : 'desktop' };
}

function processBlock(context: RenderContext, process: ProcessInstance): Json {
  const { host } = context;
  const user = host.os === 'windows' ? `${host.hostname.toUpperCase()}\\${process.user}` : process.user;
  return {
    args: process.args,
    args_count: process.args.length,
    code_signature: { exists: process.signature.exists },
    command_line: process.commandLine,
    entity_id: process.entityId.slice(0, 16).toUpperCase(),
    executable: process.executable,
    hash: { sha1: process.hashes.sha1, sha256: process.hashes.sha256 },
    name: process.name,
    parent: { command_line: process.parent.commandLine, executable: process.parent.executable, name: process.parent.name, pid: process.parent.pid },
    pid: process.pid,
    start: isoMillis(process.startMs),
    user: { name: user },
  };
}

function envelope(context: RenderContext, dataset: string, category: string, event: Json, body: Json, process: ProcessInstance, vendor: Json, dropOsType = false): Json {
  const { host, random, timeMs } = context;
  const traceId = random.base64(12).replace(/[^A-Za-z0-9]/g, 'X').toUpperCase();
  const id = `${traceId}_${random.between(1, 400)}`;
  return {
    '@timestamp': isoMillis(timeMs),
    data_stream: { dataset, namespace: 'default', type: 'logs' },
    ...body,
    ecs: { version: '8.11.0' },
    event: { ...event, id, kind: 'event' },
    host: hostBlock(host, dropOsType),
    process: processBlock(context, process),
    related: { hash: [process.hashes.sha1], hosts: [host.hostname], user: [process.user] },
    sentinel_one_cloud_funnel: {
      event: {
        agent: { version: '24.1.4.257' },
        category,
        id,
        src: { process: { integrity_level: process.user === 'SYSTEM' ? 'SYSTEM' : 'MEDIUM', signed_status: process.signature.exists ? 'signed' : 'unsigned', storyline_id: random.hex(16).toUpperCase() } },
        trace_id: traceId,
        ...vendor,
      },
    },
    tags: ['preserve_duplicate_custom_fields'],
    user: host.os === 'windows' ? { domain: host.hostname.toUpperCase(), name: process.user } : { name: process.user },
  };
}

export function sentinelOneDns(context: RenderContext, process: ProcessInstance, name: string | string[], dropOsType: boolean): Json {
  const { random } = context;
  const answered = random.chance(0.6);
  const dns: Json = { question: { name } };
  const vendor: Json = { dns: { request: Array.isArray(name) ? name.join(',') : name }, type: answered ? 'DNSResolved' : 'DNSUnresolved' };
  if (answered) {
    const addresses = resolvedAddresses(random, random.between(1, 3));
    dns.resolved_ip = addresses;
    (vendor.dns as Json).response = addresses.join(';');
  }
  return envelope(context, 'sentinel_one_cloud_funnel.dns', 'dns', { action: [answered ? 'lookup_resolved' : 'lookup_requested'], category: ['network'], type: ['info', 'protocol'] }, { dns }, process, vendor, dropOsType);
}

export function sentinelOneProcess(context: RenderContext, process: ProcessInstance): Json {
  const { random } = context;
  const vendor: Json = { tgt: { process: { cmd_line: process.commandLine, image: { path: process.executable, sha1: process.hashes.sha1 }, pid: process.pid } }, type: 'Process Creation' };
  return envelope(context, 'sentinel_one_cloud_funnel.process', 'process', { action: [random.chance(0.9) ? 'process_creation' : 'process_termination'], category: ['process'], type: ['start'] }, {}, process, vendor);
}

export function sentinelOneFile(context: RenderContext, process: ProcessInstance): Json {
  const { random, host } = context;
  const path = touchedFile(random, host, process);
  const name = fileName(path);
  const action = random.pick(['file_creation', 'file_modification', 'file_deletion']);
  const file: Json = { name, path, size: random.between(0, 2_000_000) };
  const extension = extensionOf(name);
  if (extension !== undefined) file.extension = extension;
  return envelope(context, 'sentinel_one_cloud_funnel.file', 'file', { action: [action], category: ['file'], type: [action === 'file_creation' ? 'creation' : action === 'file_deletion' ? 'deletion' : 'change'] }, { file }, process, { type: action === 'file_creation' ? 'File Creation' : 'File Modification' });
}

export function sentinelOneNetwork(context: RenderContext, process: ProcessInstance, destinationDomain?: string): Json {
  const { random, host } = context;
  const [address] = resolvedAddresses(random, 1) as [string];
  const destination: Json = { ip: address, port: random.pick([443, 443, 80]) };
  if (destinationDomain !== undefined) destination.domain = destinationDomain;
  const body: Json = { destination, network: { direction: 'egress', transport: 'tcp' }, source: { ip: host.ip[0], port: random.between(49152, 65535) } };
  return envelope(context, 'sentinel_one_cloud_funnel.ip', 'ip', { action: ['ip_connect'], category: ['network'], type: ['connection', 'start'] }, body, process, { type: 'IP Connect', net_conn_status: 'SUCCESS' });
}
