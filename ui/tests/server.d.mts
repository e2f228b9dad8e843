// Types of tests/server.mjs for the TypeScript unit tests.
export declare const REPO: string;
export declare function buildServer(): string;
export type Reply = { ok: any } | { err: any };
export declare class Server {
  constructor(options?: { delayMs?: number });
  dir: string;
  calls: { cmd: string; args: Record<string, unknown>; reply?: Reply }[];
  send(cmd: string, args?: Record<string, unknown>): Promise<Reply>;
  call(cmd: string, args?: Record<string, unknown>): Promise<any>;
  callsOf(cmd: string): Record<string, unknown>[];
  repliesOf(cmd: string): Reply[];
  record(cmd: string, args: Record<string, unknown>): void;
  idle(quietMs?: number): Promise<void>;
  seed(): Promise<any>;
  close(): Promise<void>;
}
