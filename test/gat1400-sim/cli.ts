/**
 * `npm run gat1400:sim -- platform|device [options]`: the GA/T 1400 simulator by hand.
 *
 *   platform  a police 视图库 that traffic-adapter (GAT1400_PLATFORM_URL) registers with; cars pass
 *             its tollgates now and then, and a car under 布控 raises an alarm. Commands on stdin:
 *             `pass <plate> [tollgate]`, `list`, `restart`, `skew <seconds>`, `fail <path-regex> [n]`.
 *   device    a lower checkpoint platform that registers with traffic-adapter's 视图库 role
 *             (GAT1400_SERVER_DEVICES), pushes its tollgates and then pass records.
 *
 * Options: see `usage` below. Nothing here imports the connector: it speaks only the standard.
 */
import { createInterface } from 'node:readline';
import { GatDeviceSimulator } from './device-simulator';
import { GatPlatformSimulator } from './platform-simulator';

const usage = `usage:
  npm run gat1400:sim -- platform [--port 5080] [--user court] [--password court-digest-secret] [--platform-id 45060000005030000001]
                                  [--tollgates 45060300001210000001,45060300001210000002] [--every 10] [--sealed-share 0.2]
  npm run gat1400:sim -- device   --target http://localhost:3001 --device-id 45060300005030000007 --password device-secret-7
                                  [--username <id>] [--tollgates 45060300001210000001] [--every 5] [--plates 桂PA2345]`;

function options(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith('--')) continue;
    out[args[i].slice(2)] = args[i + 1] && !args[i + 1].startsWith('--') ? args[++i] : 'true';
  }
  return out;
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = `${LETTERS}0123456789`;
const pick = (s: string) => s[Math.floor(Math.random() * s.length)];
/** A Guangxi plate as Fangchenggang issues them (桂P + 5). */
const randomPlate = () => `桂P${pick(LETTERS)}${Array.from({ length: 4 }, () => pick(ALNUM)).join('')}`;

async function platform(o: Record<string, string>): Promise<void> {
  const user = o.user ?? 'court';
  const password = o.password ?? 'court-digest-secret';
  const tollgates = (o.tollgates ?? '45060300001210000001,45060300001210000002').split(',');
  const sim = await GatPlatformSimulator.start({
    port: Number(o.port ?? 5080), host: o.host ?? '127.0.0.1', platformId: o['platform-id'], users: { [user]: password }, log: (line) => console.log(line),
  });
  console.log(`GA/T 1400 platform simulator at ${sim.url} (视图库 ${sim.platformId})
Start traffic-adapter with:
  GAT1400_PLATFORM_URL=${sim.url} GAT1400_PLATFORM_ID=${sim.platformId} GAT1400_DEVICE_ID=45060300005030000042 \\
  GAT1400_USERNAME=${user} GAT1400_PASSWORD=${password} GAT1400_RECEIVE_URL=http://127.0.0.1:3001 GAT1400_DISPOSITION_AREA=450600
Commands: pass <plate> [tollgate] | list | restart | skew <seconds> | fail <path-regex> [n] | quit`);
  const everyMs = Number(o.every ?? 10) * 1000;
  const sealedShare = Number(o['sealed-share'] ?? 0.2);
  const timer = setInterval(() => {
    const sealed = [...sim.dispositions.values()].filter((d) => d.state === 'active' && d.plate);
    const plate = sealed.length && Math.random() < sealedShare ? sealed[Math.floor(Math.random() * sealed.length)].plate! : randomPlate();
    void sim.pass({ plateNo: plate, tollgateId: tollgates[Math.floor(Math.random() * tollgates.length)] })
      .then((r) => (r.alarms || r.notifications) && console.log(`[viid-sim] ${plate.slice(0, 2)}**** passed: ${r.alarms} alarm(s), ${r.notifications} notification(s) sent`))
      .catch((e: Error) => console.log(`[viid-sim] push failed: ${e.message}`));
  }, everyMs);
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [command, ...args] = line.trim().split(/\s+/);
    if (command === 'pass' && args[0]) void sim.pass({ plateNo: args[0], tollgateId: args[1] ?? tollgates[0] }).then((r) => console.log(`${r.alarms} alarm(s), ${r.notifications} notification(s)`));
    else if (command === 'list') {
      console.log(`registrations: ${[...sim.registrations.keys()].join(', ') || 'none'}`);
      for (const d of sim.dispositions.values()) console.log(`布控 ${d.id} ${d.plate?.slice(0, 2)}**** ${d.state} until ${d.object.EndTime}${d.revokeReason ? ` (${d.revokeReason})` : ''}`);
      for (const s of sim.subscriptions.values()) console.log(`订阅 ${s.id} ${s.object.ResourceURI} ${s.state} until ${s.object.EndTime}`);
    } else if (command === 'restart') sim.restart();
    else if (command === 'skew') sim.clockSkewMs = Number(args[0] ?? 0) * 1000;
    else if (command === 'fail' && args[0]) sim.failNext(new RegExp(args[0]), Number(args[1] ?? 1));
    else if (command === 'quit') process.kill(process.pid, 'SIGINT');
    else if (command) console.log('commands: pass <plate> [tollgate] | list | restart | skew <seconds> | fail <path-regex> [n] | quit');
  });
  process.once('SIGINT', () => {
    clearInterval(timer);
    rl.close();
    void sim.stop().then(() => process.exit(0));
  });
}

async function device(o: Record<string, string>): Promise<void> {
  if (!o.target || !o['device-id'] || !o.password) throw new Error(usage);
  const tollgates = (o.tollgates ?? '45060300001210000001').split(',');
  const plates = (o.plates ?? '').split(',').filter(Boolean);
  const sim = new GatDeviceSimulator({ target: o.target, deviceId: o['device-id'], username: o.username, password: o.password });
  const registered = await sim.register();
  console.log(`register: HTTP ${registered.status} ${JSON.stringify(registered.body?.ResponseStatusObject ?? registered.text)}`);
  if (registered.status !== 200) process.exit(1);
  const tg = await sim.pushTollgates(tollgates.map((id, i) => ({ TollgateID: id, Name: `模拟卡口 ${i + 1}`, Longitude: 108.35 + i * 0.01, Latitude: 21.69 + i * 0.01, PlaceCode: '450603' })));
  console.log(`tollgates: HTTP ${tg.status}`);
  let n = 0;
  const push = setInterval(() => {
    n++;
    const plate = plates.length && n % 5 === 0 ? plates[(n / 5) % plates.length] : randomPlate();
    void sim.pushMotorVehicles([sim.passRecord(plate, tollgates[n % tollgates.length])]).then((r) => {
      const status = r.body?.ResponseStatusListObject?.ResponseStatusObject?.[0] ?? r.body?.ResponseStatusObject;
      console.log(`MotorVehicles ${plate.slice(0, 2)}****: HTTP ${r.status} StatusCode ${status?.StatusCode} ${status?.StatusString ?? ''}`);
      if (r.status === 401) void sim.register();
    });
  }, Number(o.every ?? 5) * 1000);
  const keepalive = setInterval(() => {
    void sim.keepalive().then(async (r) => {
      if (r.status === 401) await sim.register();
    });
  }, 30_000);
  process.once('SIGINT', () => {
    clearInterval(push);
    clearInterval(keepalive);
    void sim.unregister().finally(() => process.exit(0));
  });
}

const [mode, ...rest] = process.argv.slice(2);
const run = mode === 'platform' ? platform : mode === 'device' ? device : null;
if (!run) {
  console.error(usage);
  process.exit(2);
}
run(options(rest)).catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
