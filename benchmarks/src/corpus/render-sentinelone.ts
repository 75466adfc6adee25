/**
 * SentinelOne Cloud Funnel through Elastic's integration (`logs-sentinel_one_cloud_funnel.*`):
 * `event.action` as an array, `code_signature` reduced to `exists`, hashes everywhere, and a
 * vendor block under `sentinel_one_cloud_funnel.event`.
 */
import { extensionOf, fileName, isoMillis, type RenderContext, resolvedAddresses, touchedFile } from './render-common.js';
import type { Host, ProcessInstance } from './world.js';

type Json = Record<string, unknown>;

function hostBlock(host: Host, dropOsType: boolean): Json {
  const os: Json =
    host.os === 'windows'
      ? { name: (host.release.variant ?? host.release.name).replaceAll(' ', ''), platform: 'windows', type: 'windows' }
      : { name: `macOS${host.release.version}`, platform: 'macos', type: 'macos' };
  if (dropOsType) delete os.type;
  return {
    hostname: host.hostname,
    id: host.agentId.replaceAll('-', '').slice(0, 24),
    os,
    type: host.os === 'windows' ? 'laptop' : 'desktop',
  };
}

function processBlock(context: RenderContext, process: ProcessInstance, full: boolean): Json {
  const { host } = context;
  const user = host.os === 'windows' ? `${host.hostname.toUpperCase()}\\${process.user}` : process.user;
  if (!full)
    return {
      code_signature: { exists: process.signature.exists },
      entity_id: process.entityId.slice(0, 16).toUpperCase(),
      executable: process.executable,
      name: process.name,
      pid: process.pid,
    };
  return {
    args: process.args,
    args_count: process.args.length,
    code_signature: { exists: process.signature.exists },
    command_line: process.commandLine,
    entity_id: process.entityId.slice(0, 16).toUpperCase(),
    executable: process.executable,
    hash: { sha1: process.hashes.sha1 },
    name: process.name,
    parent: { executable: process.parent.executable, name: process.parent.name, pid: process.parent.pid },
    pid: process.pid,
    user: { name: user },
  };
}

function envelope(
  context: RenderContext,
  dataset: string,
  category: string,
  event: Json,
  body: Json,
  process: ProcessInstance,
  vendor: Json,
  full: boolean,
  dropOsType = false,
): Json {
  const { host, random, timeMs } = context;
  const traceId = random.hex(16).toUpperCase();
  event.id = `${traceId}_${random.between(1, 400)}`;
  event.kind = 'event';
  vendor.category = category;
  vendor.src = {
    process: {
      signed_status: process.signature.exists ? 'signed' : 'unsigned',
      storyline_id: traceId.slice(0, 8) + random.hex(8).toUpperCase(),
    },
  };
  const document: Json = { '@timestamp': isoMillis(timeMs), data_stream: { dataset, namespace: 'default', type: 'logs' } };
  for (const key in body) document[key] = body[key];
  document.ecs = { version: '8.11.0' };
  document.event = event;
  document.host = hostBlock(host, dropOsType);
  document.process = processBlock(context, process, full);
  document.sentinel_one_cloud_funnel = { event: vendor };
  document.user = host.os === 'windows' ? { domain: host.hostname.toUpperCase(), name: process.user } : { name: process.user };
  return document;
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
  return envelope(
    context,
    'sentinel_one_cloud_funnel.dns',
    'dns',
    { action: [answered ? 'lookup_resolved' : 'lookup_requested'], category: ['network'], type: ['info', 'protocol'] },
    { dns },
    process,
    vendor,
    true,
    dropOsType,
  );
}

export function sentinelOneProcess(context: RenderContext, process: ProcessInstance): Json {
  const { random } = context;
  const vendor: Json = { type: 'Process Creation' };
  return envelope(
    context,
    'sentinel_one_cloud_funnel.process',
    'process',
    { action: [random.chance(0.9) ? 'process_creation' : 'process_termination'], category: ['process'], type: ['start'] },
    {},
    process,
    vendor,
    true,
  );
}

export function sentinelOneFile(context: RenderContext, process: ProcessInstance): Json {
  const { random, host } = context;
  const path = touchedFile(random, host, process);
  const name = fileName(path);
  const action = random.pick(['file_creation', 'file_modification', 'file_deletion']);
  const file: Json = { name, path, size: random.between(0, 2_000_000) };
  const extension = extensionOf(name);
  if (extension !== undefined) file.extension = extension;
  return envelope(
    context,
    'sentinel_one_cloud_funnel.file',
    'file',
    {
      action: [action],
      category: ['file'],
      type: [action === 'file_creation' ? 'creation' : action === 'file_deletion' ? 'deletion' : 'change'],
    },
    { file },
    process,
    { type: action === 'file_creation' ? 'File Creation' : 'File Modification' },
    false,
  );
}

export function sentinelOneNetwork(context: RenderContext, process: ProcessInstance, destinationDomain?: string): Json {
  const { random, host } = context;
  const [address] = resolvedAddresses(random, 1) as [string];
  const destination: Json = { ip: address, port: random.pick([443, 443, 80]) };
  if (destinationDomain !== undefined) destination.domain = destinationDomain;
  const body: Json = {
    destination,
    network: { direction: 'egress', transport: 'tcp' },
    source: { ip: host.ip[0], port: random.between(49152, 65535) },
  };
  return envelope(
    context,
    'sentinel_one_cloud_funnel.ip',
    'ip',
    { action: ['ip_connect'], category: ['network'], type: ['connection', 'start'] },
    body,
    process,
    { type: 'IP Connect' },
    false,
  );
}
