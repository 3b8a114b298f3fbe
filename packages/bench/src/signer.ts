/**
 * Signatures per second of our SDK-HMAC-SHA256 signer on an UpdateVersion request, against the official
 * SDK core's `AKSKSigner.sign` on the same input in the same run. Target: ours >= 50,000/s.
 */
import { createRequire } from 'node:module';
import { signRequest } from '@csms-console/csms-client/signing';
import { fmt, median, type Row } from './lib/report.js';

const TARGET = 50_000;
const require = createRequire(import.meta.url);

interface OfficialSigner {
  sign(request: object, credential: { getAk(): string; getSk(): string }): Record<string, string>;
}

const HOST = 'kms.cn-north-4.myhuaweicloud.com';
const PROJECT = '0123456789abcdef0123456789abcdef';
const PATH = `/v1/${PROJECT}/secrets/payments-db-password/versions/v3`;
const BODY = { expire_time: 1798761600000 };
const AK = 'AKBENCH000000000000';
const SK = 'SKBENCH00000000000000000000000000000000';

/** Runs `fn` in batches until `ms` elapse; returns calls per second. */
function rate(fn: () => unknown, ms: number): number {
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < ms) {
    for (let i = 0; i < 500; i++) fn();
    calls += 500;
  }
  return (calls * 1000) / (performance.now() - start);
}

export function signerThroughput(opts: { rounds: number; millis: number }): Row[] {
  const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
    AKSKSigner: OfficialSigner;
  };
  const body = JSON.stringify(BODY);
  const date = new Date();
  const ours = () =>
    signRequest({
      method: 'PUT',
      path: PATH,
      headers: { 'content-type': 'application/json', host: HOST, 'x-project-id': PROJECT },
      body,
      accessKey: AK,
      secretKey: SK,
      date,
    });
  const credential = { getAk: () => AK, getSk: () => SK };
  const official = () =>
    AKSKSigner.sign(
      {
        endpoint: `https://${HOST}${PATH}`,
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT },
        queryParams: {},
        data: BODY,
      },
      credential,
    );
  rate(ours, 200);
  rate(official, 200);
  const oursRates: number[] = [];
  const officialRates: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    oursRates.push(rate(ours, opts.millis));
    officialRates.push(rate(official, opts.millis));
  }
  const oursPerSecond = median(oursRates);
  return [
    {
      name: 'official SDK core AKSKSigner.sign (baseline)',
      value: `${fmt(median(officialRates))} signatures/s`,
    },
    {
      name: 'our signRequest',
      value: `${fmt(oursPerSecond)} signatures/s`,
      ratio: oursPerSecond / median(officialRates),
      target: `>= ${fmt(TARGET)}/s`,
      met: oursPerSecond >= TARGET,
    },
  ];
}
