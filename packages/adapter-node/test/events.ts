// Event fixtures that alert (or not) under the bundled llm-endpoints rule (current and v2):
// a DNS lookup of an LLM API by rundll32.exe from System32 on Windows, without
// code_signature (SEMANTICS.md W1), and the same lookup by a quiet domain.

const USERS = ['bob', 'zoë', 'Ōtani', '李雷', 'renée😀'];

/** An event the rule alerts on; multi-byte user names put UTF-8 characters in every line. */
export function alertingEvent(index: number): Record<string, unknown> {
  return {
    '@timestamp': new Date(Date.UTC(2026, 10, 30, 9, 0, index)).toISOString(),
    event: { category: ['network'], action: 'lookup_requested', id: `event-${index}` },
    host: { name: `WS-${String(index % 7).padStart(4, '0')}`, os: { type: 'windows' } },
    user: { name: USERS[index % USERS.length] },
    process: { name: 'rundll32.exe', executable: 'C:\\Windows\\System32\\rundll32.exe', pid: 1000 + index },
    dns: { question: { name: index % 2 === 0 ? 'api.openai.com' : 'chat.openai.com' } },
  };
}

/** An event the rule does not alert on: the same process resolving an ordinary domain. */
export function quietEvent(index: number): Record<string, unknown> {
  const event = alertingEvent(index);
  return { ...event, dns: { question: { name: `www.example${index}.org` } } };
}

/** NDJSON text of `count` events, every `alertEvery`-th one alerting (1 = all). */
export function ndjson(count: number, alertEvery: number): string {
  let text = '';
  for (let index = 0; index < count; index++) {
    text += `${JSON.stringify(index % alertEvery === 0 ? alertingEvent(index) : quietEvent(index))}\n`;
  }
  return text;
}
