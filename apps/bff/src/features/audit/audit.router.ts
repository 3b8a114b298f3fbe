/**
 * Reading the audit log: a page of rows or of events, their CSV exports, a chain verification, each recorded
 * by the service first; and the outside changes of an account, read against the audit log.
 */
import { AccountPathSchema, AuditEventsQuerySchema, AuditQuerySchema } from '@csms-console/api-contract';
import type { Response } from 'express';
import { auditActor } from '../../http/context.js';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import type { AuditService } from './audit.service.js';
import type { OutsideChangesService } from './outside-changes.js';

/** Streams a CSV; the first line is awaited before any header, so a failed audit record is a clean 503. */
async function sendCsv(res: Response, rows: AsyncGenerator<string>, name: string, now: number) {
  const first = await rows.next(); // records the export (or fails closed) before any header is sent
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${name}-${new Date(now).toISOString().slice(0, 10)}.csv"`,
  );
  if (!first.done) res.write(first.value);
  for await (const line of rows) res.write(line);
  res.end();
}

export function auditRouter(
  service: AuditService,
  outside: OutsideChangesService,
  now: () => number,
): RouteHandlers<
  'audit' | 'auditExport' | 'auditVerify' | 'auditEvents' | 'auditEventsExport' | 'outsideChanges'
> {
  return {
    async audit(req, res) {
      const query = parseInput(AuditQuerySchema, req.query, 'query');
      res.json(await service.list(auditActor(req, res), query));
    },
    async auditExport(req, res) {
      const { limit: _l, cursor: _c, ...filter } = parseInput(AuditQuerySchema, req.query, 'query');
      await sendCsv(res, service.exportCsv(auditActor(req, res), filter), 'audit', now());
    },
    async auditVerify(req, res) {
      noQuery(req.query);
      res.json(await service.verify(auditActor(req, res)));
    },
    async auditEvents(req, res) {
      const query = parseInput(AuditEventsQuerySchema, req.query, 'query');
      res.json(await service.events(auditActor(req, res), query));
    },
    async auditEventsExport(req, res) {
      const { limit: _l, cursor: _c, ...filter } = parseInput(AuditEventsQuerySchema, req.query, 'query');
      await sendCsv(res, service.exportEventsCsv(auditActor(req, res), filter), 'audit-events', now());
    },
    async outsideChanges(req, res) {
      const { account } = parseInput(AccountPathSchema, req.params, 'params');
      noQuery(req.query);
      res.json(await service.outsideChanges(auditActor(req, res), account, () => outside.list(account)));
    },
  };
}
