// The part of autocannon 9's API that test/bench/run.ts uses (the package ships no types).
declare module "autocannon" {
  type Stat = { average: number; mean: number; p50: number; p99: number; max: number; total: number };
  export type Result = {
    requests: Stat;
    latency: Stat;
    throughput: Stat;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
  };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    timeout?: number;
  };
  type Instance = Promise<Result> & { stop(): void };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
