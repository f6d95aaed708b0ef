// Type-level checks of the event maps, enforced by `tsc` (npm run typecheck, npm run build):
// each `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
// The runtime assertions check that the same emitters deliver the names that do compile.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { Emitter } from './emitter';
import type { ErrorCode } from './errors';
import type { MeshEvents } from './mesh';
import type { PeerLinkEvents } from './peer_link';
import type { ClientEvents, ClientRequests, ConnectionEvents, ServerEvents } from './signaling';
import type { Participant } from './types';

describe('event maps', () => {
  it('accept only the listed event names', () => {
    const server = new Emitter<ServerEvents>();
    const seen: string[] = [];
    server.on('user-joined', (p) => seen.push(p.socketId));
    // @ts-expect-error a misspelled server event does not compile
    server.on('user-joind', () => undefined);
    // @ts-expect-error nor does an event that no map lists
    server.emit('kick', {});
    server.emit('user-joined', { socketId: 's1' } as Participant);
    expect(seen).toEqual(['s1']);

    const lifecycle = new Emitter<ConnectionEvents>();
    // @ts-expect-error 'connect' is socket.io's name; the lifecycle event is 'connected'
    lifecycle.on('connect', () => undefined);

    const mesh = new Emitter<MeshEvents>();
    // @ts-expect-error a misspelled mesh event does not compile
    mesh.on('rename', () => undefined);

    const link = new Emitter<PeerLinkEvents>();
    // @ts-expect-error a misspelled link event does not compile
    link.on('stale', () => undefined);
    expect(server.size + lifecycle.size + mesh.size + link.size).toBe(5);
  });

  it('type each payload', () => {
    expectTypeOf<ServerEvents['user-left']>().toEqualTypeOf<{ userId: string; socketId: string }>();
    expectTypeOf<ClientEvents['raise-hand']>().toEqualTypeOf<{ raised: boolean }>();
    expectTypeOf<ClientRequests['leave']>().toEqualTypeOf<undefined>();
    expectTypeOf<MeshEvents['expired']>().toEqualTypeOf<string>();
    const server = new Emitter<ServerEvents>();
    // @ts-expect-error the payload of 'raise-hand' has a boolean `raised`
    server.emit('raise-hand', { socketId: 's', userId: 'u', raised: 'yes' });
    expect(server.size).toBe(0);
  });

  it('type error codes', () => {
    expectTypeOf<'not_host'>().toExtend<ErrorCode>();
    // @ts-expect-error an unknown error code is not an ErrorCode
    const wrong: ErrorCode = 'not_hots';
    expect(wrong).toBe('not_hots');
  });
});
