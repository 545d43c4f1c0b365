import { describe, expect, it, vi } from 'vitest';
import { RequestLog, type RequestLogEvent } from '../../src/inspector/request-log.js';
import type { RequestLogEntry } from '../../src/inspector/types.js';

const entry = (path: string): Omit<RequestLogEntry, 'id'> => ({
  time: 0,
  method: 'GET',
  path,
  query: '',
  route: path,
  product: 'desk',
  status: 200,
  outcome: '200',
  errorCode: null,
  latencyMs: 1,
  fault: null,
  request: { headers: {}, body: null },
  response: { headers: {}, body: null },
});

const nextCheckPhase = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestLog.addLater (entries built after the answer went out)', () => {
  it('builds nothing until the check phase, yet a read before then sees every entry, in arrival order', () => {
    const log = new RequestLog(10);
    const build = vi.fn(() => entry('/a'));
    log.addLater(build);
    log.addLater(() => entry('/b'));
    expect(build).not.toHaveBeenCalled();
    log.add(entry('/c'));
    expect(build).toHaveBeenCalledTimes(1);
    expect(log.list().map((e) => [e.id, e.path])).toEqual([
      [3, '/c'],
      [2, '/b'],
      [1, '/a'],
    ]);
  });

  it('builds and announces pending entries in the check phase without a read', async () => {
    const log = new RequestLog(10);
    const events: RequestLogEvent[] = [];
    log.subscribe((event) => events.push(event));
    log.addLater(() => entry('/a'));
    expect(events).toEqual([]);
    await nextCheckPhase();
    expect(events).toMatchObject([{ type: 'request', entry: { id: 1, path: '/a' } }]);
  });

  it('drops an entry whose builder throws, says so, and keeps the others', async () => {
    const log = new RequestLog(10);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      log.addLater(() => {
        throw new Error('boom');
      });
      log.addLater(() => entry('/b'));
      expect(log.list().map((e) => e.path)).toEqual(['/b']);
      expect(error).toHaveBeenCalledWith('@zohokit/emulator: recording a request failed', expect.any(Error));
    } finally {
      error.mockRestore();
    }
  });

  it('keeps only the last `size` entries and clears pending ones too', () => {
    const log = new RequestLog(2);
    for (const path of ['/a', '/b', '/c']) log.addLater(() => entry(path));
    expect(log.list().map((e) => e.path)).toEqual(['/c', '/b']);
    log.addLater(() => entry('/d'));
    log.clear();
    expect(log.length).toBe(0);
  });
});
