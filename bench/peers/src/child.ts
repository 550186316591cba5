/**
 * A worker child of `pnpm bench:peers`: runs one system's consumer in a process of its own,
 * so its CPU and event loop are its own, and answers the bench process over IPC (see
 * child-protocol.ts). Started by `WorkerChild.spawn`.
 */
import type { Finished, FromChild, ToChild } from './child-protocol.js';
import { nowUs } from './clock.js';
import { produceAtRate } from './produce-at-rate.js';
import type { Consumer } from './system.js';
import { loadSystem } from './systems.js';

const send = (message: FromChild) => process.send?.(message);

let consumer: Consumer | undefined;
let items = 0;
let warmup = 1;
let warmUs = 0;
let lastUs = 0;
const latenciesUs: number[] = [];
let finish: (() => void) | undefined;

function onItem(sentAtUs: number | undefined): void {
  const now = nowUs();
  lastUs = now;
  items++;
  if (items === Math.max(1, warmup)) warmUs = now;
  if (sentAtUs !== undefined) latenciesUs.push(now - sentAtUs);
  finish?.();
}

/** Starts the consumer and reports `finished` once `expect` items started or the deadline passed. */
async function start(expect: number | null, warmupItems: number, deadlineMs: number): Promise<void> {
  if (consumer === undefined) throw new Error('start before open');
  warmup = warmupItems;
  if (expect !== null) {
    const deadline = setTimeout(report, deadlineMs);
    finish = () => {
      if (items >= expect) report();
    };
    function report() {
      clearTimeout(deadline);
      finish = undefined;
      send({ kind: 'finished', items, warmUs, lastUs, latenciesUs } satisfies Finished);
    }
  }
  await consumer.start(onItem);
}

async function handle(message: ToChild): Promise<void> {
  try {
    switch (message.kind) {
      case 'open': {
        const system = await loadSystem(message.system);
        consumer = await system.openConsumer(message.context);
        send({ kind: 'opened' });
        break;
      }
      case 'start':
        await start(message.expect, message.warmup, message.deadlineMs);
        send({ kind: 'started' });
        break;
      case 'produce': {
        const produce = consumer?.produce?.bind(consumer);
        if (produce === undefined) throw new Error('this system cannot produce from its worker process');
        await produceAtRate(message.rate, message.count, produce);
        break;
      }
      case 'mark': {
        const cpu = process.cpuUsage();
        send({ kind: 'mark', cpuUs: cpu.user + cpu.system, counters: consumer?.counters?.() ?? {} });
        break;
      }
      case 'stop':
        await consumer?.stop();
        send({ kind: 'stopped', items });
        process.disconnect?.();
        break;
    }
  } catch (error) {
    send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

process.on('message', (message: ToChild) => void handle(message));
