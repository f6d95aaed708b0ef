// Child process of the hardening suite (not a test): sockets that loop wrong-password joins.
//   node wrong_password_attackers.mjs <server url> <seconds> <json [{token, rooms: [id...]}]>
// Each socket joins its rooms in turn with a wrong password, as fast as the acks come back,
// and reconnects when the server disconnects it. Prints one JSON line of ack counts at the end.
import { io } from 'socket.io-client';

const [url, seconds, spec] = process.argv.slice(2);
const attackers = JSON.parse(spec);
const end = Date.now() + Number(seconds) * 1000;
const counts = { connects: 0 };

async function attack({ token, rooms }) {
  let k = 0;
  while (Date.now() < end) {
    const sock = io(url, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const up = await new Promise((r) => {
      sock.once('connect', () => r(true));
      sock.once('connect_error', () => r(false));
    });
    if (up) counts.connects++;
    while (up && sock.connected && Date.now() < end) {
      try {
        const room = rooms[k++ % rooms.length];
        const ack = await sock.timeout(5000).emitWithAck('join', { room, password: `nope${k}` });
        const code = ack.error?.code ?? 'ok';
        counts[code] = (counts[code] ?? 0) + 1;
      } catch {
        break;
      }
    }
    sock.close();
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
}

await Promise.all(attackers.map(attack));
console.log(JSON.stringify(counts));
process.exit(0);
